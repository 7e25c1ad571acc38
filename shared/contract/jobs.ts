/**
 * Request channels for SQL Server Agent jobs on registered servers (electron/services/jobs). A job is named by
 * `jobId` (GUID) or `jobName`; give one. Starting a job only queues it: 'jobs:start' answers what sp_start_job
 * says, and the job's real outcome is read afterwards with 'jobs:status' (see shared/jobs/run-outcome.ts).
 */
import type { JobChanged, JobHistory, JobStarted, JobStatus, JobStopped } from '../model/job-run.js';
import type { ArgRules } from './rules.js';

export interface JobRefArgs {
  serverId: string;
  jobId?: string;
  jobName?: string;
}

export interface JobChannels {
  /** Start Job at Step...: `stepName` absent = the job's start step. */
  'jobs:start': [JobRefArgs & { stepName?: string }, JobStarted];
  'jobs:stop': [JobRefArgs, JobStopped];
  /** Current state (Idle, Executing step N), the steps, and the latest run with its outcome once finished. */
  'jobs:status': [JobRefArgs, JobStatus];
  /** Log File Viewer: runs newest first, each with its job row and step rows (at most 500 rows read). */
  'jobs:history': [JobRefArgs, JobHistory];
  /** Enable / Disable (sp_update_job @enabled): a disabled job runs on no schedule, but can still be started. */
  'jobs:setEnabled': [JobRefArgs & { enabled: boolean }, JobChanged];
  /** Delete (sp_delete_job): the job, its steps and its history. */
  'jobs:delete': [JobRefArgs, JobChanged];
}

const ref: ArgRules<JobRefArgs> = { serverId: 'string', jobId: { optional: 'string' }, jobName: { optional: 'string' } };

export const JOB_RULES: { readonly [C in keyof JobChannels]: ArgRules<JobChannels[C][0]> } = {
  'jobs:start': { ...ref, stepName: { optional: 'string' } },
  'jobs:stop': ref,
  'jobs:status': ref,
  'jobs:history': ref,
  'jobs:setEnabled': { ...ref, enabled: 'boolean' },
  'jobs:delete': ref,
};
