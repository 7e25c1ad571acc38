/**
 * Preflight checks, Compare with Servers and Wire Child Jobs in the renderer: results per project, the pane
 * that lists them, the Wire Child Jobs dialog, and the one-click fixes (carried out through deploy:assign, or
 * by opening New Proxy... / Run as).
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RequestArgs, RequestChannel, Transport } from '../../../shared/contract/channels.js';
import type { DriftReport, PreflightResult, Topology, WireArgs, WireSummary } from '../../../shared/contract/preflight.js';
import type { Finding } from '../../../shared/preflight/types.js';
import type { AppError } from '../../../shared/result.js';
import type { AppState } from '../../store/types.js';
import { invokeSafely } from '../../store/invoke-safely.js';

export const PREFLIGHT_OUTPUT_SOURCE = 'Preflight';

export type Loaded<T> = { readonly state: 'loading' } | { readonly state: 'loaded'; readonly value: T } | { readonly state: 'error'; readonly error: AppError };

export interface WireDialogState {
  readonly projectPath: string;
  readonly packageName: string;
  /** What a dry run says would be written (null while asking). */
  readonly preview: Loaded<WireSummary> | null;
}

export interface RunAsDialogState {
  readonly projectPath: string;
  readonly assignmentId: string;
  readonly server: string;
  readonly serverId: string;
  readonly packageName: string;
}

export type PreflightTab = 'findings' | 'drift' | 'topology';

export interface PreflightSlice {
  /** Which tab of the Preflight pane shows; null = the pane is closed. */
  preflightPane: PreflightTab | null;
  preflightResults: Readonly<Record<string, Loaded<PreflightResult>>>;
  driftResults: Readonly<Record<string, Loaded<DriftReport>>>;
  topologies: Readonly<Record<string, Loaded<Topology>>>;
  wireDialog: WireDialogState | null;
  runAsDialog: RunAsDialogState | null;

  /**
   * Runs the checks for these projects (default: every loaded project) and shows the Findings tab; with
   * `onlyIfFound`, the pane opens only when something would fail or deserves a warning.
   */
  runPreflight(projectPaths?: readonly string[], options?: { onlyIfFound?: boolean }): Promise<void>;
  /** Compare with Servers for these projects (default: every loaded project); shows the Differences tab. */
  compareWithServers(projectPaths?: readonly string[]): Promise<void>;
  /** Parent → jobs → servers → children for these projects (default: every loaded project); shows the Topology tab. */
  showTopology(projectPaths?: readonly string[]): Promise<void>;
  showPreflightPane(tab: PreflightTab | null): void;
  /** Carries out a finding's one-click fix, then checks the project again. */
  applyFix(projectPath: string, finding: Finding): Promise<void>;
  openWireDialog(projectPath: string, packageName: string): void;
  previewWire(mode: WireArgs['mode'], order: WireArgs['order']): Promise<void>;
  /** Writes the wiring; returns the error to show in the dialog, or null when written (the dialog closes). */
  wireChildJobs(mode: WireArgs['mode'], order: WireArgs['order']): Promise<AppError | null>;
  closeWireDialog(): void;
  closeRunAsDialog(): void;
  /** Sets the assignment's "Run as" (null = SQL Server Agent Service Account). */
  setRunAs(proxy: string | null): Promise<AppError | null>;
}

function loadedProjects(s: AppState): string[] {
  return (s.view?.projects ?? []).filter((p) => p.status === 'loaded').map((p) => p.path);
}

export function createPreflightSlice(transport: Transport): StateCreator<AppState, [], [], PreflightSlice> {
  return (set, get) => {
    const call = <C extends RequestChannel>(channel: C, args: RequestArgs<C>) => invokeSafely(transport, channel, args);

    const say = (line: string) => get().append(PREFLIGHT_OUTPUT_SOURCE, line);

    /** Re-assigns one package with changed job settings (deploy:assign updates the existing assignment). */
    type JobArgs = RequestArgs<'deploy:assign'>['job'];
    async function reassign(projectPath: string, assignmentId: string, change: (job: JobArgs) => JobArgs, packageName?: string): Promise<AppError | null> {
      const list = await call('deploy:listAssignments', { projectPath });
      if (!list.ok) return list.error;
      const a = list.value.assignments.find((x) => x.id === assignmentId);
      if (!a) return { code: 'NOT_FOUND', message: 'That assignment no longer exists; run the checks again.' };
      if (!a.serverId) return { code: 'NOT_FOUND', message: `${a.server} is not a registered server.` };
      const job = change({ createJob: a.job.createJob, name: packageName ? null : a.job.name, description: a.job.description, owner: a.job.owner, proxy: a.job.proxy, use32bit: a.job.use32bit });
      const r = await call('deploy:assign', {
        projectPath,
        serverId: a.serverId,
        packageNames: [packageName ?? a.packageName],
        target: a.target,
        job,
        rememberDefaults: false,
      });
      if (!r.ok) return r.error;
      void get().loadAssignments();
      return null;
    }

    return {
      preflightPane: null,
      preflightResults: {},
      driftResults: {},
      topologies: {},
      wireDialog: null,
      runAsDialog: null,

      async runPreflight(projectPaths, options = {}) {
        const paths = projectPaths ?? loadedProjects(get());
        const quiet = options.onlyIfFound === true && get().preflightPane === null;
        set((s) => ({ preflightPane: quiet ? s.preflightPane : 'findings', preflightResults: { ...s.preflightResults, ...Object.fromEntries(paths.map((p) => [p, { state: 'loading' } as const])) } }));
        await Promise.all(
          paths.map(async (p) => {
            const r = await call('preflight:check', { projectPath: p });
            if (r.ok) say(`${r.value.projectName}: ${r.value.report.counts.error} error(s), ${r.value.report.counts.warning} warning(s), ${r.value.report.counts.info} message(s)`);
            else say(`${p}: ${r.error.message}`);
            set((s) => ({ preflightResults: { ...s.preflightResults, [p]: r.ok ? { state: 'loaded', value: r.value } : { state: 'error', error: r.error } } }));
            if (quiet && r.ok && r.value.report.counts.error + r.value.report.counts.warning > 0) set({ preflightPane: 'findings' });
          }),
        );
      },

      async compareWithServers(projectPaths) {
        const paths = projectPaths ?? loadedProjects(get());
        set((s) => ({ preflightPane: 'drift', driftResults: { ...s.driftResults, ...Object.fromEntries(paths.map((p) => [p, { state: 'loading' } as const])) } }));
        await Promise.all(
          paths.map(async (p) => {
            const r = await call('preflight:drift', { projectPath: p });
            set((s) => ({ driftResults: { ...s.driftResults, [p]: r.ok ? { state: 'loaded', value: r.value } : { state: 'error', error: r.error } } }));
          }),
        );
      },

      async showTopology(projectPaths) {
        const paths = projectPaths ?? loadedProjects(get());
        set((s) => ({ preflightPane: 'topology', topologies: { ...s.topologies, ...Object.fromEntries(paths.map((p) => [p, { state: 'loading' } as const])) } }));
        await Promise.all(
          paths.map(async (p) => {
            const r = await call('preflight:topology', { projectPath: p });
            set((s) => ({ topologies: { ...s.topologies, [p]: r.ok ? { state: 'loaded', value: r.value } : { state: 'error', error: r.error } } }));
          }),
        );
      },

      showPreflightPane(tab) {
        set({ preflightPane: tab });
      },

      async applyFix(projectPath, finding) {
        const action = finding.fix?.action;
        if (!action) return;
        let error: AppError | null = null;
        switch (action.kind) {
          case 'set-32bit':
            error = await reassign(projectPath, action.assignmentId, (job) => ({ ...job, use32bit: true }));
            break;
          case 'assign-child':
            error = await reassign(projectPath, action.assignmentId, (job) => job, action.childPackage);
            break;
          case 'choose-proxy':
          case 'create-proxy': {
            const name = action.kind === 'create-proxy' ? action.server : finding.server;
            const server = get().servers.find((s) => s.displayName.toLowerCase() === name.toLowerCase());
            if (!server) {
              error = { code: 'NOT_FOUND', message: `${name} is not a registered server.` };
              break;
            }
            if (action.kind === 'choose-proxy') {
              set({ runAsDialog: { projectPath, assignmentId: action.assignmentId, server: server.displayName, serverId: server.id, packageName: finding.packageName } });
            } else get().openNewProxyDialog(server.id, server.displayName, () => void get().runPreflight([projectPath]));
            return;
          }
        }
        if (error) {
          get().reportError(error);
          return;
        }
        say(`${finding.packageName} on ${finding.server}: ${finding.fix!.label}`);
        await get().runPreflight([projectPath]);
      },

      openWireDialog(projectPath, packageName) {
        set({ wireDialog: { projectPath, packageName, preview: null } });
      },

      async previewWire(mode, order) {
        const d = get().wireDialog;
        if (!d) return;
        set({ wireDialog: { ...d, preview: { state: 'loading' } } });
        const r = await call('preflight:wire', { projectPath: d.projectPath, packageName: d.packageName, mode, order, dryRun: true });
        const now = get().wireDialog;
        if (now && now.packageName === d.packageName) set({ wireDialog: { ...now, preview: r.ok ? { state: 'loaded', value: r.value } : { state: 'error', error: r.error } } });
      },

      async wireChildJobs(mode, order) {
        const d = get().wireDialog;
        if (!d) return null;
        const r = await call('preflight:wire', { projectPath: d.projectPath, packageName: d.packageName, mode, order, dryRun: false });
        if (!r.ok) return r.error;
        const w = r.value;
        say(`${d.packageName}: ${w.written ? 'wired' : 'already wired'} to ${w.tasks.length} child job(s) (${mode === 'wait' ? 'start and wait' : 'start only'}, ${order === 'sequence' ? 'in sequence' : 'in parallel'})`);
        for (const t of w.tasks) say(`  ${t.outcome}: ${t.name}`);
        for (const x of w.removed) say(`  removed: ${x}`);
        set({ wireDialog: null });
        if (get().preflightPane === 'topology') void get().showTopology([d.projectPath]);
        return null;
      },

      closeWireDialog() {
        set({ wireDialog: null });
      },

      closeRunAsDialog() {
        set({ runAsDialog: null });
      },

      async setRunAs(proxy) {
        const d = get().runAsDialog;
        if (!d) return null;
        const error = await reassign(d.projectPath, d.assignmentId, (job) => ({ ...job, proxy }));
        if (error) return error;
        say(`${d.packageName} on ${d.server}: Run as ${proxy ?? 'SQL Server Agent Service Account'}`);
        set({ runAsDialog: null });
        await get().runPreflight([d.projectPath]);
        return null;
      },
    };
  };
}
