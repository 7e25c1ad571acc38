/**
 * Package runs in the designer: Start Without Debugging (Ctrl+F5) on the StartUp object, Execute Package on a
 * package, Stop (Shift+F5). One run at a time, as Visual Studio allows one. The run's 'run:*' events build the
 * Progress view (a tree of executables) and stream its console lines to the Output pane's "Debug" source.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { EventPayload, Transport } from '../../shared/contract/channels.js';
import type { RunBlocker, RunNode, RunOutcome } from '../../shared/contract/runs.js';
import type { SolutionView } from '../../shared/model/solution.js';
import type { AppState, PackageRef } from './types.js';

export const RUN_OUTPUT_SOURCE = 'Debug';

export interface RunView {
  readonly runId: string;
  readonly ref: PackageRef;
  readonly engine: 'builtin' | 'dtexec';
  /** 'starting' until run:start answers. */
  readonly state: 'starting' | 'running' | RunOutcome;
  readonly exitCode: number | null;
  readonly stopping: boolean;
  /** Nodes by id, and ids in the order they first appeared (the tree keeps that order among siblings). */
  readonly nodes: Readonly<Record<string, RunNode>>;
  readonly order: readonly string[];
  /** Date.now() when the user asked for the run, and when it finished. */
  readonly requestedAt: number;
  readonly finishedAt: number | null;
  /** Date.now() of the first Output line (bench: Ctrl+F5 → first line). */
  readonly firstOutputAt: number | null;
}

export interface RunsSlice {
  run: RunView | null;
  /** The Progress view is open (Visual Studio opens it with the first run). */
  progressOpen: boolean;
  /** Executes a package of a project ("Execute Package"). */
  executePackage(ref: PackageRef): Promise<void>;
  /** Start Without Debugging (Ctrl+F5): the StartUp object of the selected (or first) project. */
  startWithoutDebugging(): Promise<void>;
  /** Stop (Shift+F5). */
  stopRun(): Promise<void>;
  setProgressOpen(open: boolean): void;
}

/** The package Ctrl+F5 runs: the StartUp object of the project holding the selection, else of the first project with one. */
export function startupTarget(view: SolutionView | null, selection: readonly string[]): PackageRef | null {
  if (!view) return null;
  const selected = view.projects.filter((p) => selection.some((id) => id.includes(p.path)));
  const candidates = [...selected, ...view.projects].filter((p) => p.status === 'loaded');
  const project = candidates.find((p) => p.startupObject);
  if (!project?.startupObject) return null;
  const pkg = project.packages.find((k) => k.name.toLowerCase() === project.startupObject!.toLowerCase());
  return pkg ? { projectPath: project.path, packageName: pkg.name } : null;
}

const outcomeWords: Record<RunOutcome, string> = { success: 'Success', failure: 'Failure', cancelled: 'Canceled' };

export function blockerLines(ref: PackageRef, blocked: readonly RunBlocker[]): string[] {
  return [
    `The package "${ref.packageName}" was not run: the built-in engine cannot run everything in it. Nothing was executed.`,
    ...blocked.map((b) => `Error: ${b.path || ref.packageName}${b.taskType ? ` (${b.taskType})` : ''}: ${b.message}`),
  ];
}

type RunEvent =
  | { readonly kind: 'output'; readonly payload: EventPayload<'run:output'> }
  | { readonly kind: 'progress'; readonly payload: EventPayload<'run:progress'> }
  | { readonly kind: 'finished'; readonly payload: EventPayload<'run:finished'> };

export function createRunsSlice(transport: Transport): StateCreator<AppState, [], [], RunsSlice> {
  return (set, get) => {
    let subscribed = false;
    /** Events that arrive while run:start has not answered yet (their runId is not known). */
    let early: RunEvent[] = [];

    function apply(e: RunEvent): void {
      const run = get().run;
      if (!run || run.runId !== e.payload.runId) {
        if (run?.state === 'starting') early.push(e);
        return;
      }
      if (e.kind === 'output') {
        if (e.payload.lines.length === 0) return;
        get().append(RUN_OUTPUT_SOURCE, e.payload.lines);
        if (run.firstOutputAt === null) set({ run: { ...run, firstOutputAt: Date.now() } });
      } else if (e.kind === 'progress') {
        const node = e.payload.node;
        const known = node.id in run.nodes;
        set({ run: { ...run, nodes: { ...run.nodes, [node.id]: node }, order: known ? run.order : [...run.order, node.id] } });
      } else {
        const { outcome, exitCode } = e.payload;
        get().append(RUN_OUTPUT_SOURCE, `Package execution completed: ${outcomeWords[outcome]} (exit code ${exitCode}).`);
        set({ run: { ...run, state: outcome, exitCode, stopping: false, finishedAt: Date.now() } });
      }
    }

    function subscribe(): void {
      if (subscribed) return;
      subscribed = true;
      transport.on('run:output', (payload) => apply({ kind: 'output', payload }));
      transport.on('run:progress', (payload) => apply({ kind: 'progress', payload }));
      transport.on('run:finished', (payload) => apply({ kind: 'finished', payload }));
    }

    async function execute(ref: PackageRef, how: string): Promise<void> {
      const current = get().run;
      if (current && (current.state === 'starting' || current.state === 'running')) {
        get().reportError({ code: 'CONFLICT', message: `"${current.ref.packageName}" is still running. Stop it (Shift+F5) before starting another run.` });
        return;
      }
      subscribe();
      early = [];
      const requestedAt = Date.now();
      get().clear(RUN_OUTPUT_SOURCE);
      get().showOutput(RUN_OUTPUT_SOURCE);
      get().append(RUN_OUTPUT_SOURCE, `------ ${how}: ${ref.packageName} ------`);
      set({
        progressOpen: true,
        run: { runId: '', ref, engine: 'builtin', state: 'starting', exitCode: null, stopping: false, nodes: {}, order: [], requestedAt, finishedAt: null, firstOutputAt: null },
      });
      let r;
      try {
        r = await transport.invoke('run:start', { projectPath: ref.projectPath, packageName: ref.packageName });
      } catch (e) {
        r = { ok: false as const, error: { code: 'INTERNAL' as const, message: e instanceof Error ? e.message : String(e) } };
      }
      if (!r.ok) {
        get().append(RUN_OUTPUT_SOURCE, `Error: ${r.error.message}`);
        get().reportError(r.error);
        set({ run: null });
        return;
      }
      const { runId, engine, blocked } = r.value;
      if (blocked && blocked.length > 0) {
        get().append(RUN_OUTPUT_SOURCE, blockerLines(ref, blocked));
        get().reportError({ code: 'UNSUPPORTED', message: `"${ref.packageName}" was not run: ${blocked.length} executable${blocked.length === 1 ? '' : 's'} the built-in engine cannot run (see Output → Debug).` });
        set({ run: null });
        return;
      }
      set((s) => ({ run: s.run ? { ...s.run, runId, engine, state: 'running' } : null }));
      const buffered = early;
      early = [];
      for (const e of buffered) apply(e);
    }

    return {
      run: null,
      progressOpen: false,

      executePackage(ref) {
        return execute(ref, 'Execute Package');
      },

      async startWithoutDebugging() {
        const { view, selection } = get();
        const target = startupTarget(view, selection);
        if (!target) {
          get().reportError({ code: 'NOT_FOUND', message: 'There is no StartUp object: right-click a package in Solution Explorer and choose Set as StartUp Object.' });
          return;
        }
        await execute(target, 'Start Without Debugging');
      },

      async stopRun() {
        const run = get().run;
        if (!run || run.state !== 'running' || run.stopping) return;
        set({ run: { ...run, stopping: true } });
        const r = await transport.invoke('run:stop', { runId: run.runId });
        if (!r.ok) {
          get().reportError(r.error);
          set((s) => ({ run: s.run && s.run.runId === run.runId ? { ...s.run, stopping: false } : s.run }));
        } else if (r.value.stopping) {
          get().append(RUN_OUTPUT_SOURCE, 'Stop requested: canceling the package execution...');
        }
      },

      setProgressOpen(open) {
        set({ progressOpen: open });
      },
    };
  };
}
