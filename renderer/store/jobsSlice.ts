/**
 * SQL Server Agent job actions of the Servers pane: Start Job at Step..., Stop Job, Enable, Disable, View History
 * (the Log File Viewer), Delete, and a live status while a started job runs; and Execute... of an SSISDB package,
 * followed to its outcome. sp_start_job only queues a run, so a start is
 * reported as "started" first; with "Wait for the outcome" the job is then followed (jobs:status) until its
 * real outcome is known.
 */
import type { StateCreator } from 'zustand/vanilla';
import type { RequestArgs, RequestChannel, Transport } from '../../shared/contract/channels.js';
import { outcomeWord, runProgress, statusLabel } from '../../shared/jobs/run-outcome.js';
import type { JobHistory, JobStarted, JobStatus } from '../../shared/model/job-run.js';
import { executionFinished, executionStatusWord, type CatalogExecution } from '../../shared/model/catalog-run.js';
import type { JobOutcome } from '../../shared/model/server.js';
import type { AppError, Result } from '../../shared/result.js';
import type { AppState } from './types.js';
import { invokeSafely } from './invoke-safely.js';

export const JOBS_OUTPUT_SOURCE = 'SQL Server Agent';
const CATALOG_OUTPUT_SOURCE = 'SSIS Catalog';
export const JOB_POLL_MS = 500;

export interface JobTarget {
  readonly serverId: string;
  readonly serverName: string;
  readonly jobId: string;
  readonly jobName: string;
}

export type JobLoad<T> = { readonly state: 'loading' } | { readonly state: 'loaded'; readonly value: T } | { readonly state: 'error'; readonly error: AppError };

/** What the user sees of a job they started or stopped from here. */
export interface JobWatch {
  readonly target: JobTarget;
  /** starting: sp_start_job not answered; started: answered, outcome not awaited; waiting: following the run. */
  readonly phase: 'starting' | 'started' | 'waiting' | 'finished' | 'failed-to-start';
  /** Live words: "Job 'X' started successfully.", "Executing step 2 (Load)", "Succeeded". */
  readonly label: string;
  readonly started: JobStarted | null;
  readonly outcome: JobOutcome | null;
  /** The job-outcome message once finished, or why the start failed. */
  readonly message: string | null;
}

export type JobDialogState =
  /** `onChange` re-reads the Servers pane's jobs as the run goes on. */
  | { readonly kind: 'startAtStep'; readonly target: JobTarget; readonly onChange?: () => void }
  | { readonly kind: 'history'; readonly target: JobTarget }
  /** Delete asks first; `onChange` re-reads the Servers pane's jobs once it is gone. */
  | { readonly kind: 'delete'; readonly target: JobTarget; readonly onChange?: () => void }
  | { readonly kind: 'executeCatalog'; readonly target: CatalogPackageTarget };

/** An entry-point package in a server's SSIS catalog. */
export interface CatalogPackageTarget {
  readonly serverId: string;
  readonly serverName: string;
  readonly folder: string;
  readonly project: string;
  readonly packageName: string;
}

/** Execute... of a catalog package: started, then followed until catalog.executions says it ended. */
export interface CatalogRun {
  readonly target: CatalogPackageTarget;
  readonly phase: 'starting' | 'running' | 'finished' | 'failed-to-start';
  readonly execution: CatalogExecution | null;
  /** Why it did not start, or why its status could not be read. */
  readonly message: string | null;
}

export interface JobsSlice {
  jobDialog: JobDialogState | null;
  /** By jobKey(serverId, jobId). */
  jobWatches: Readonly<Record<string, JobWatch>>;
  jobStatuses: Readonly<Record<string, JobLoad<JobStatus>>>;
  jobHistories: Readonly<Record<string, JobLoad<JobHistory>>>;
  /** The last Execute... of a catalog package (the one its dialog shows). */
  catalogRun: CatalogRun | null;

  openJobDialog(dialog: JobDialogState): void;
  closeJobDialog(): void;
  loadJobStatus(target: JobTarget): Promise<void>;
  /** Start Job at Step: `stepName` null = the job's start step. `onChange` runs at each status change (refresh the pane). */
  startJob(target: JobTarget, stepName: string | null, waitForOutcome: boolean, onChange?: () => void): Promise<void>;
  stopJob(target: JobTarget, onChange?: () => void): Promise<void>;
  /** Enable / Disable; the Output pane says what the server did. */
  setJobEnabled(target: JobTarget, enabled: boolean, onChange?: () => void): Promise<void>;
  deleteJob(target: JobTarget, onChange?: () => void): Promise<void>;
  /** Execute... (create_execution, start_execution), then follows the run to its outcome. */
  executeCatalogPackage(target: CatalogPackageTarget, use32bit: boolean): Promise<void>;
  /** Stop on the running Execute...: catalog.stop_operation; the run then ends as Canceled. */
  stopCatalogRun(): Promise<void>;
  loadJobHistory(target: JobTarget): Promise<void>;
}

export const jobKey = (serverId: string, jobId: string): string => `${serverId}|${jobId.toUpperCase()}`;

const keyOf = (t: JobTarget) => jobKey(t.serverId, t.jobId);

export function createJobsSlice(transport: Transport, pollMs = JOB_POLL_MS): StateCreator<AppState, [], [], JobsSlice> {
  return (set, get) => {
    const call = <C extends RequestChannel>(channel: C, args: RequestArgs<C>) => invokeSafely(transport, channel, args);

    function watch(target: JobTarget, change: Partial<JobWatch>): void {
      set((s) => {
        const before = s.jobWatches[keyOf(target)];
        const next: JobWatch = { target, phase: 'starting', label: '', started: null, outcome: null, message: null, ...before, ...change };
        return { jobWatches: { ...s.jobWatches, [keyOf(target)]: next } };
      });
    }

    const say = (target: JobTarget, line: string) => get().append(JOBS_OUTPUT_SOURCE, `${target.serverName}: ${line}`);

    /** What Stop, Enable/Disable or Delete answered: the server's refusal in the error bar, else its words in the Output pane and the pane re-read. */
    function changed(target: JobTarget, r: Result<{ message: string }>, onChange?: () => void, note = ''): void {
      if (!r.ok) return get().reportError(r.error);
      say(target, `${r.value.message}${note}`);
      onChange?.();
    }

    /** Follows the run `started` asked for until it finishes; the label shows each step as it executes. */
    async function follow(target: JobTarget, started: JobStarted, onChange?: () => void): Promise<void> {
      let last = '';
      for (;;) {
        const r = await call('jobs:status', { serverId: target.serverId, jobId: target.jobId });
        const current = get().jobWatches[keyOf(target)];
        // A newer start of the same job took over this watch.
        if (current?.started !== started) return;
        if (!r.ok) {
          watch(target, { phase: 'started', label: `${started.message} The outcome could not be read: ${r.error.message}` });
          return;
        }
        set((s) => ({ jobStatuses: { ...s.jobStatuses, [keyOf(target)]: { state: 'loaded', value: r.value } } }));
        const progress = runProgress(r.value, started);
        if (progress.phase === 'finished') {
          const word = outcomeWord(progress.outcome);
          watch(target, { phase: 'finished', label: word, outcome: progress.outcome, message: progress.run.message });
          say(target, `Job '${target.jobName}' finished: ${word}. ${progress.run.message ?? ''}`.trimEnd());
          onChange?.();
          return;
        }
        const label = progress.phase === 'executing' ? statusLabel(r.value) : 'Requested: waiting for SQL Server Agent to start it';
        if (label !== last) {
          watch(target, { phase: 'waiting', label });
          if (progress.phase === 'executing') say(target, `Job '${target.jobName}': ${label}`);
          onChange?.();
          last = label;
        }
        await new Promise((res) => setTimeout(res, pollMs));
      }
    }

    return {
      jobDialog: null,
      jobWatches: {},
      jobStatuses: {},
      jobHistories: {},
      catalogRun: null,

      openJobDialog(jobDialog) {
        set({ jobDialog });
      },
      closeJobDialog() {
        set({ jobDialog: null });
      },

      async loadJobStatus(target) {
        set((s) => ({ jobStatuses: { ...s.jobStatuses, [keyOf(target)]: { state: 'loading' } } }));
        const r = await call('jobs:status', { serverId: target.serverId, jobId: target.jobId });
        set((s) => ({ jobStatuses: { ...s.jobStatuses, [keyOf(target)]: r.ok ? { state: 'loaded', value: r.value } : { state: 'error', error: r.error } } }));
      },

      async startJob(target, stepName, waitForOutcome, onChange) {
        watch(target, { phase: 'starting', label: 'Starting...', started: null, outcome: null, message: null });
        const r = await call('jobs:start', { serverId: target.serverId, jobId: target.jobId, ...(stepName !== null ? { stepName } : {}) });
        if (!r.ok) {
          watch(target, { phase: 'failed-to-start', label: 'The job was not started', message: r.error.message });
          say(target, `Job '${target.jobName}' was not started: ${r.error.message}`);
          return;
        }
        const started = r.value;
        say(target, `${started.message}${stepName !== null ? ` (at step '${stepName}')` : ''}`);
        watch(target, {
          phase: waitForOutcome ? 'waiting' : 'started',
          label: waitForOutcome ? started.message : `${started.message} The run is queued; its outcome is not awaited here (see View History).`,
          started,
        });
        onChange?.();
        if (waitForOutcome) await follow(target, started, onChange);
      },

      async stopJob(target, onChange) {
        const r = await call('jobs:stop', { serverId: target.serverId, jobId: target.jobId });
        changed(target, r, onChange, ' (stop requested; the history will show the run as Canceled)');
      },

      async setJobEnabled(target, enabled, onChange) {
        changed(target, await call('jobs:setEnabled', { serverId: target.serverId, jobId: target.jobId, enabled }), onChange);
      },

      async deleteJob(target, onChange) {
        changed(target, await call('jobs:delete', { serverId: target.serverId, jobId: target.jobId }), onChange);
      },

      async executeCatalogPackage(target, use32bit) {
        const path = `\\SSISDB\\${target.folder}\\${target.project}\\${target.packageName}`;
        const sayCatalog = (line: string) => get().append(CATALOG_OUTPUT_SOURCE, `${target.serverName}: ${line}`);
        set({ catalogRun: { target, phase: 'starting', execution: null, message: null } });
        const started = await call('catalog:execute', { serverId: target.serverId, folder: target.folder, project: target.project, packageName: target.packageName, use32bit });
        if (!started.ok) {
          set({ catalogRun: { target, phase: 'failed-to-start', execution: null, message: started.error.message } });
          sayCatalog(`${path} was not executed: ${started.error.message}`);
          return;
        }
        const { executionId } = started.value;
        sayCatalog(`Execution ${executionId} of ${path} started.`);
        for (;;) {
          const r = await call('catalog:execution', { serverId: target.serverId, executionId });
          // A newer Execute... took over the dialog.
          if (get().catalogRun?.target !== target) return;
          if (!r.ok) {
            set({ catalogRun: { target, phase: 'running', execution: get().catalogRun?.execution ?? null, message: `The status could not be read: ${r.error.message}` } });
            return;
          }
          const done = executionFinished(r.value.status);
          set({ catalogRun: { target, phase: done ? 'finished' : 'running', execution: r.value, message: null } });
          if (done) {
            sayCatalog(`Execution ${executionId} of ${path}: ${executionStatusWord(r.value.status)}.`);
            for (const m of r.value.messages.filter((x) => x.type === 120)) sayCatalog(`  ${m.text}`);
            return;
          }
          await new Promise((res) => setTimeout(res, pollMs));
        }
      },

      async stopCatalogRun() {
        const run = get().catalogRun;
        const executionId = run?.execution?.executionId;
        if (!run || executionId === undefined) return;
        const r = await call('catalog:stop', { serverId: run.target.serverId, executionId });
        if (!r.ok) return get().reportError(r.error);
        get().append(CATALOG_OUTPUT_SOURCE, `${run.target.serverName}: ${r.value.message}`);
      },

      async loadJobHistory(target) {
        set((s) => ({ jobHistories: { ...s.jobHistories, [keyOf(target)]: { state: 'loading' } } }));
        const r = await call('jobs:history', { serverId: target.serverId, jobId: target.jobId });
        set((s) => ({ jobHistories: { ...s.jobHistories, [keyOf(target)]: r.ok ? { state: 'loaded', value: r.value } : { state: 'error', error: r.error } } }));
      },
    };
  };
}
