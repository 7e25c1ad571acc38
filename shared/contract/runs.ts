/**
 * Request channels and events of package runs (electron/services/runner): Start Without Debugging (Ctrl+F5),
 * Execute Package and Stop (Shift+F5). A run reports through events that carry its runId.
 */
import { type ArgRules } from './rules.js';

/** Executable kinds as the Progress view shows them. */
export type RunNodeKind = 'package' | 'sequence' | 'forLoop' | 'foreachLoop' | 'task' | 'eventHandler';

/**
 * A node's state. Like Visual Studio's Progress tab, runs report executables when they start, so the engines
 * send running/success/failure/cancelled; 'pending' and 'skipped' are for views that list what has not run.
 */
export type RunNodeState = 'pending' | 'running' | 'success' | 'failure' | 'cancelled' | 'skipped';

export type RunOutcome = 'success' | 'failure' | 'cancelled';

export type RunMessageLevel = 'information' | 'warning' | 'error';

export interface RunMessage {
  readonly level: RunMessageLevel;
  readonly text: string;
  /** ISO time the message was raised. */
  readonly time: string;
}

export interface RunNode {
  /** Stable within a run: the executable's refId path plus, inside loops, the iteration (`Package\Loop#2\Task`). */
  readonly id: string;
  /** Parent node id; null for the package itself. */
  readonly parentId: string | null;
  /** The executable's path as SSIS writes it (`\Package\Sequence\Task`). */
  readonly path: string;
  readonly name: string;
  readonly kind: RunNodeKind;
  /** Task moniker for tasks (`Microsoft.ExecuteSQLTask`), empty for containers. */
  readonly taskType: string;
  readonly state: RunNodeState;
  /** ISO times; null until the node starts / ends. */
  readonly start: string | null;
  readonly end: string | null;
  /** All messages of the node so far (each event carries the full list, so the renderer only replaces). */
  readonly messages: readonly RunMessage[];
}

/** Why a run cannot start: one entry per executable the engine cannot run, or a load problem. */
export interface RunBlocker {
  /** `\Package\Data Flow Task`, or '' for the package as a whole. */
  readonly path: string;
  readonly taskType: string;
  readonly message: string;
}

export interface RunStartResult {
  readonly runId: string;
  /** Present and non-empty when the run did not start; nothing ran. */
  readonly blocked?: readonly RunBlocker[];
  /** 'dtexec' when a real dtexec runs the package (its console output streams as run:output lines). */
  readonly engine: 'builtin' | 'dtexec';
}

export interface RunChannels {
  /** Runs `packageName` (file name, `Child.dtsx`) of the project at `projectPath` (.dtproj). */
  'run:start': [{ projectPath: string; packageName: string }, RunStartResult];
  /** Requests cancellation; answers at once, the run ends with run:finished outcome 'cancelled'. */
  'run:stop': [{ runId: string }, { stopping: boolean }];
}

export interface RunEvents {
  /** Console lines in SSIS's own words ("SSIS package "X.dtsx" starting.", "Information: ..."). */
  'run:output': { readonly runId: string; readonly lines: readonly string[] };
  /** A node changed (started, finished, got a message). The first event for a run is the package node. */
  'run:progress': { readonly runId: string; readonly node: RunNode };
  /** The run ended; exitCode is dtexec's (0 success, 1 failure, 3 cancelled, 4 not found, 5 not loaded). */
  'run:finished': { readonly runId: string; readonly outcome: RunOutcome; readonly exitCode: number };
}

export const RUN_RULES: { readonly [C in keyof RunChannels]: ArgRules<RunChannels[C][0]> } = {
  'run:start': { projectPath: 'string', packageName: 'string' },
  'run:stop': { runId: 'string' },
};

export const RUN_EVENTS: readonly (keyof RunEvents)[] = ['run:output', 'run:progress', 'run:finished'];
