/**
 * Pure rules for following a job run that sp_start_job requested: which run is ours, whether it finished,
 * the words the Servers pane and the CLI show, and the exit code `ssisd job start --wait` returns.
 */
import type { JobOutcome } from '../model/server.js';
import type { JobRun, JobStarted, JobStatus } from '../model/job-run.js';

export type RunProgress =
  /** The Agent has not picked up the request yet (sysjobactivity still shows the previous run). */
  | { readonly phase: 'requested' }
  | { readonly phase: 'executing'; readonly run: JobRun }
  | { readonly phase: 'finished'; readonly run: JobRun; readonly outcome: JobOutcome };

/** Where the run that `started` asked for is, judged from a later status. */
export function runProgress(status: JobStatus, started: Pick<JobStarted, 'previousRequestAt'>): RunProgress {
  const run = status.run;
  if (!run || run.requestedAt === null || run.requestedAt === started.previousRequestAt) return { phase: 'requested' };
  if (run.finishedAt === null) return { phase: 'executing', run };
  return { phase: 'finished', run, outcome: run.outcome ?? 'unknown' };
}

const OUTCOME_WORDS: Record<JobOutcome, string> = {
  succeeded: 'Succeeded',
  failed: 'Failed',
  retry: 'Retry',
  canceled: 'Canceled',
  'in-progress': 'In progress',
  unknown: 'Unknown',
};

export function outcomeWord(outcome: JobOutcome): string {
  return OUTCOME_WORDS[outcome];
}

/** "Idle", "Executing step 2 (Load)", "Between retries", ... — SSMS Job Activity Monitor's words. */
export function statusLabel(status: JobStatus): string {
  switch (status.state) {
    case 'executing':
      return status.currentStep ? `Executing step ${status.currentStep.id} (${status.currentStep.name})` : 'Executing';
    case 'waiting-for-thread':
      return 'Waiting for worker thread';
    case 'between-retries':
      return 'Between retries';
    case 'suspended':
      return 'Suspended';
    case 'performing-completion-actions':
      return 'Performing completion actions';
    case 'idle':
      return 'Idle';
    default:
      return 'Unknown';
  }
}

/** dtexec's codes for `ssisd job start --wait`: 0 succeeded, 1 failed, 3 canceled. */
export function outcomeExitCode(outcome: JobOutcome): number {
  if (outcome === 'succeeded') return 0;
  if (outcome === 'canceled') return 3;
  return 1;
}

/** Exit code when --timeout passes before the job finished (the job keeps running on the server). */
export const WAIT_TIMEOUT_EXIT_CODE = 124;
