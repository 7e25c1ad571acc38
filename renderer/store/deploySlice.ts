/**
 * Deployment in the renderer: the assignments of every open project (Solution Explorer badges), the deploy
 * dialog opened by a drop on the Servers pane, and the runs in progress (per-server progress, Output lines,
 * summary, Cancel and Retry). Calls the 'deploy:*' channels; progress arrives as events with the deployId.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RequestArgs, RequestChannel, Transport } from '../../shared/contract/channels.js';
import type { AssignmentView, DialogProposal, JobSettingsArgs, ProjectAssignments } from '../../shared/contract/deploy.js';
import type { DeployError, DeployProgress, DeploySummary, DeployTarget, ServerPhase } from '../../shared/model/deploy.js';
import type { BrowseNode } from '../../shared/model/server.js';
import type { AppError } from '../../shared/result.js';
import type { DropHint } from '../features/servers/serverTreeModel.js';
import type { Load } from './serversSlice.js';
import type { AppState, PackageRef } from './types.js';
import { invokeSafely } from './invoke-safely.js';

export const DEPLOY_OUTPUT = 'Deploy';

export interface DeployDrop {
  readonly serverId: string;
  /** The folder dropped on, when it was not the server itself. */
  readonly hint: DropHint | null;
  readonly refs: readonly PackageRef[];
}

export interface DeployDialogState extends DeployDrop {
  /** Per project of the drop (usually one): what the deploy service proposes. */
  readonly proposals: Load<readonly { readonly projectPath: string; readonly proposal: DialogProposal }[]>;
}

/** What the user confirmed in the deploy dialog. */
export interface DeployChoice {
  readonly target: DeployTarget;
  readonly job: JobSettingsArgs;
  readonly rememberDefaults: boolean;
}

export interface ServerProgress {
  readonly server: string;
  readonly phase: ServerPhase;
  readonly done: number;
  readonly total: number;
  /** The last failure on this server, with the package it was about. */
  readonly error: (DeployError & { readonly packageName: string | null }) | null;
}

export interface DeployRun {
  readonly deployId: string;
  /** "Deploy" for a drop, "Deploy All" for everything. */
  readonly title: string;
  readonly servers: readonly ServerProgress[];
  readonly summary: DeploySummary | null;
  readonly cancelling: boolean;
}

/** A deploy:run that answered LOCKED / BAD_PASSWORD for a password-protected project: the prompt it needs. */
export interface DeployPasswordRequest {
  readonly projectPath: string;
  readonly projectName: string;
  /** The password given last time was refused (BAD_PASSWORD). */
  readonly wrong: boolean;
}

export interface RemoveFromServerState {
  readonly projectPath: string;
  readonly assignments: readonly AssignmentView[];
}

export interface DeploySlice {
  /** Per .dtproj path. */
  assignments: Readonly<Record<string, ProjectAssignments>>;
  deployDialog: DeployDialogState | null;
  /** The run the Deploy Progress dialog shows (null: closed). */
  deployRun: DeployRun | null;
  removeFromServer: RemoveFromServerState | null;
  /** "Enter the password for project 'X'" is shown (the deploy waits for it). */
  deployPassword: DeployPasswordRequest | null;

  /** Subscribes to the deploy events; returns the unsubscribe. */
  startDeploy(): () => void;
  /** Reads the assignments of every loaded project of the open solution. */
  loadAssignments(): Promise<void>;
  openDeployDrop(drop: DeployDrop): Promise<void>;
  closeDeployDialog(): void;
  /** Assigns the dropped packages and deploys them; returns an error for the dialog, or null when started. */
  confirmDeploy(choice: DeployChoice): Promise<AppError | null>;
  /** Deploy All: every assignment of the open solution (or of the projects given). */
  deployAll(projectPaths?: readonly string[]): Promise<void>;
  /** Deploys some assignments (a package's Deploy command). */
  deployAssignments(projectPaths: readonly string[], assignmentIds: readonly string[]): Promise<void>;
  cancelDeploy(): Promise<void>;
  retryDeploy(): Promise<void>;
  closeDeployRun(): void;
  /** Answers the password prompt: the password (retries deploy:run with it, for that call only) or null (cancel). */
  answerDeployPassword(password: string | null): void;
  askRemoveFromServer(state: RemoveFromServerState | null): void;
  removeAssignments(projectPath: string, ids: readonly string[], deleteJob: boolean, deletePackage: boolean): Promise<AppError | null>;
}

/** The run's per-server rows after one progress event (a new server is added in arrival order). */
export function applyProgress(run: DeployRun, p: DeployProgress): DeployRun {
  const row: ServerProgress = {
    server: p.server,
    phase: p.phase,
    done: p.done,
    total: p.total,
    error: p.error ? { ...p.error, packageName: p.packageName } : (run.servers.find((s) => s.server === p.server)?.error ?? null),
  };
  const at = run.servers.findIndex((s) => s.server === p.server);
  const servers = at < 0 ? [...run.servers, row] : run.servers.map((s, i) => (i === at ? row : s));
  return { ...run, servers };
}

/** One Output line per progress event; failures add SQL Server's error number and the procedure. */
export function progressLine(p: DeployProgress): string {
  if (!p.error) return p.message;
  const { sqlErrorNumber: n, procedure } = p.error;
  if (n === null || p.message.includes(String(n))) return p.message;
  return `${p.message} (SQL Server error ${n}${procedure ? `, ${procedure}` : ''})`;
}

export function summaryLine(s: DeploySummary): string {
  const c = s.counts;
  const parts = [`${c.created} created`, `${c.updated} updated`, `${c.unchanged} unchanged`, `${c.failed} failed`];
  if (c.cancelled) parts.push(`${c.cancelled} cancelled`);
  return `========== Deploy: ${parts.join(', ')} (${(s.elapsedMs / 1000).toFixed(1)} s) ==========`;
}

export function createDeploySlice(transport: Transport): StateCreator<AppState, [], [], DeploySlice> {
  return (set, get) => {
    const call = <C extends RequestChannel>(channel: C, args: RequestArgs<C>) => invokeSafely(transport, channel, args);

    function applyAssignments(a: ProjectAssignments): void {
      set((s) => ({ assignments: { ...s.assignments, [a.projectPath]: a } }));
    }

    function projectPaths(): string[] {
      return (get().view?.projects ?? []).filter((p) => p.status === 'loaded' && p.path.toLowerCase().endsWith('.dtproj')).map((p) => p.path);
    }

    /** Starts showing a run: the progress dialog and the Output pane's Deploy source. */
    function begin(deployId: string, title: string): void {
      set({ deployRun: { deployId, title, servers: [], summary: null, cancelling: false } });
      get().showOutput(DEPLOY_OUTPUT);
      get().append(DEPLOY_OUTPUT, `------ ${title} started ------`);
    }

    // The prompt's answer goes to the deploy:run call waiting for it; the password lives only in that call.
    let passwordAnswer: ((password: string | null) => void) | null = null;

    function askPassword(request: DeployPasswordRequest): Promise<string | null> {
      passwordAnswer?.(null);
      set({ deployPassword: request });
      return new Promise((resolve) => {
        passwordAnswer = resolve;
      });
    }

    /** The project a LOCKED / BAD_PASSWORD answer asks the password of, or null for other failures. */
    function passwordNeeded(error: AppError): string | null {
      if (error.code !== 'LOCKED' && error.code !== 'BAD_PASSWORD') return null;
      const path = error.details?.['path'];
      return error.details?.['needsPassword'] === true && typeof path === 'string' ? path : null;
    }

    function projectName(path: string): string {
      const known = get().view?.projects.find((p) => p.path === path)?.name;
      return known ?? path.replace(/^.*[\\/]/, '').replace(/\.dtproj$/i, '');
    }

    /** deploy:run; a password-protected project without its password is asked for and the call retried. */
    async function run(args: RequestArgs<'deploy:run'>, title: string): Promise<AppError | null> {
      let request = args;
      for (;;) {
        const r = await call('deploy:run', request);
        if (r.ok) {
          begin(r.value.deployId, title);
          return null;
        }
        const projectPath = passwordNeeded(r.error);
        if (!projectPath) return r.error;
        const password = await askPassword({ projectPath, projectName: projectName(projectPath), wrong: r.error.code === 'BAD_PASSWORD' });
        // Cancelled: nothing was deployed and there is nothing to report.
        if (password === null) return null;
        const others = (request.projectPasswords ?? []).filter((p) => p.projectPath !== projectPath);
        request = { ...request, projectPasswords: [...others, { projectPath, password }] };
      }
    }

    return {
      assignments: {},
      deployDialog: null,
      deployRun: null,
      removeFromServer: null,
      deployPassword: null,

      startDeploy() {
        const offs = [
          transport.on('deploy:progress', (p) => {
            get().append(DEPLOY_OUTPUT, progressLine(p));
            set((s) => (s.deployRun?.deployId === p.deployId ? { deployRun: applyProgress(s.deployRun, p) } : {}));
          }),
          transport.on('deploy:finished', (summary) => {
            get().append(DEPLOY_OUTPUT, summaryLine(summary));
            set((s) => (s.deployRun?.deployId === summary.deployId ? { deployRun: { ...s.deployRun, summary, cancelling: false } } : {}));
            for (const path of new Set(summary.outcomes.map((o) => o.projectPath))) {
              void call('deploy:listAssignments', { projectPath: path }).then((r) => r.ok && applyAssignments(r.value));
            }
            // What the Servers pane already shows of these servers (jobs, msdb, catalog) is stale now: re-read it.
            const names = new Set(summary.servers.map((x) => x.server.toLowerCase()));
            for (const server of get().servers.filter((x) => names.has(x.displayName.toLowerCase()))) {
              const read = Object.keys(get().browsed[server.id] ?? {}) as BrowseNode[];
              for (const node of read.filter((n) => n !== 'proxies')) void get().browseServer(server.id, node);
            }
          }),
          transport.on('deploy:assignmentsChanged', (a) => applyAssignments(a)),
        ];
        return () => offs.forEach((off) => off());
      },
      async loadAssignments() {
        const results = await Promise.all(projectPaths().map((projectPath) => call('deploy:listAssignments', { projectPath })));
        for (const r of results) {
          if (r.ok) applyAssignments(r.value);
          else get().reportError(r.error);
        }
      },
      async openDeployDrop(drop) {
        set({ deployDialog: { ...drop, proposals: { state: 'loading' } } });
        const s = get();
        // The dialog lists the server's proxies and folders; read them if the tree has not yet.
        for (const node of ['proxies', 'catalog', 'msdb'] as const) {
          if (s.browsed[drop.serverId]?.[node]?.state !== 'loaded') void s.browseServer(drop.serverId, node);
        }
        const groups = groupByProject(drop.refs);
        const answers = await Promise.all(
          groups.map(async ([projectPath, packageNames]) => ({ projectPath, r: await call('deploy:dialogDefaults', { projectPath, serverId: drop.serverId, packageNames }) })),
        );
        const failed = answers.find((a) => !a.r.ok);
        const proposals: DeployDialogState['proposals'] =
          failed && !failed.r.ok
            ? { state: 'error', error: failed.r.error }
            : { state: 'loaded', value: answers.map((a) => ({ projectPath: a.projectPath, proposal: (a.r as { ok: true; value: DialogProposal }).value })) };
        set((st) => (st.deployDialog && st.deployDialog.refs === drop.refs ? { deployDialog: { ...st.deployDialog, proposals } } : {}));
      },
      closeDeployDialog() {
        set({ deployDialog: null });
      },
      async confirmDeploy(choice) {
        const dialog = get().deployDialog;
        if (!dialog) return null;
        const ids: string[] = [];
        const paths: string[] = [];
        for (const [projectPath, packageNames] of groupByProject(dialog.refs)) {
          const r = await call('deploy:assign', { projectPath, serverId: dialog.serverId, packageNames, target: choice.target, job: choice.job, rememberDefaults: choice.rememberDefaults });
          if (!r.ok) return r.error;
          applyAssignments(r.value);
          const server = get().servers.find((x) => x.id === dialog.serverId);
          const wanted = new Set(packageNames.map((n) => n.toLowerCase()));
          ids.push(...r.value.assignments.filter((a) => a.serverId === dialog.serverId && (server === undefined || a.server === server.displayName) && wanted.has(a.packageName.toLowerCase())).map((a) => a.id));
          paths.push(projectPath);
        }
        const failure = await run({ projectPaths: paths, assignmentIds: ids, servers: null }, 'Deploy');
        if (!failure) set({ deployDialog: null });
        return failure;
      },
      async deployAll(only) {
        const paths = only ? [...only] : projectPaths();
        const failure = await run({ projectPaths: paths, assignmentIds: null, servers: null }, 'Deploy All');
        if (failure) get().reportError(failure);
      },
      async deployAssignments(paths, ids) {
        const failure = await run({ projectPaths: [...paths], assignmentIds: [...ids], servers: null }, 'Deploy');
        if (failure) get().reportError(failure);
      },
      async cancelDeploy() {
        const current = get().deployRun;
        if (!current || current.summary) return;
        set({ deployRun: { ...current, cancelling: true } });
        const r = await call('deploy:cancel', { deployId: current.deployId });
        if (!r.ok) get().reportError(r.error);
      },
      async retryDeploy() {
        const current = get().deployRun;
        if (!current) return;
        const r = await call('deploy:retry', { deployId: current.deployId });
        if (!r.ok) get().reportError(r.error);
        else begin(r.value.deployId, `${current.title} (Retry)`);
      },
      closeDeployRun() {
        set({ deployRun: null });
      },
      answerDeployPassword(password) {
        const answer = passwordAnswer;
        passwordAnswer = null;
        set({ deployPassword: null });
        answer?.(password);
      },
      askRemoveFromServer(removeFromServer) {
        set({ removeFromServer });
      },
      async removeAssignments(projectPath, ids, deleteJob, deletePackage) {
        const r = await call('deploy:unassign', { projectPath, assignmentIds: [...ids], deleteJob, deletePackage });
        if (!r.ok) return r.error;
        applyAssignments(r.value.assignments);
        if (r.value.removed.length) get().append(DEPLOY_OUTPUT, r.value.removed);
        return null;
      },
    };
  };
}

/** The refs grouped by project, in first-seen order. */
export function groupByProject(refs: readonly PackageRef[]): [string, string[]][] {
  const groups = new Map<string, string[]>();
  for (const r of refs) {
    const list = groups.get(r.projectPath) ?? [];
    if (!list.includes(r.packageName)) list.push(r.packageName);
    groups.set(r.projectPath, list);
  }
  return [...groups];
}
