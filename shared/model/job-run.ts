/**
 * Running SQL Server Agent jobs on a remote server and reading how they went. sp_start_job only queues a run
 * ("Job 'X' started successfully."); the job's real outcome arrives later in sysjobactivity/sysjobhistory,
 * so "started" (JobStarted) and "finished" (JobRun.outcome) are separate types everywhere.
 */
import type { JobExecutionStatus, JobHistoryRow, JobOutcome } from './server.js';

export interface JobStep {
  readonly id: number;
  readonly name: string;
  readonly subsystem: string;
}

/** One run as sysjobactivity records it (the latest Agent session). Times: server local time, ISO without offset. */
export interface JobRun {
  readonly requestedAt: string | null;
  readonly startedAt: string | null;
  /** null while the run is queued or executing. */
  readonly finishedAt: string | null;
  readonly lastStepId: number | null;
  /** The job-outcome row's status and message once finished; null before. */
  readonly outcome: JobOutcome | null;
  readonly message: string | null;
  readonly historyId: number | null;
}

export interface JobStatus {
  readonly serverId: string;
  readonly jobId: string;
  readonly jobName: string;
  readonly enabled: boolean;
  readonly state: JobExecutionStatus;
  /** The executing step (sp_help_job current_execution_step), when executing. */
  readonly currentStep: { readonly id: number; readonly name: string } | null;
  readonly steps: readonly JobStep[];
  readonly startStepId: number;
  /** sp_help_job last_run_*: null = never ran. */
  readonly lastOutcome: JobOutcome | null;
  readonly lastRunAt: string | null;
  /** The latest run in the current Agent session; null when the job has not run since the Agent started. */
  readonly run: JobRun | null;
}

/** What sp_start_job answered. The run is only requested: read the outcome with jobs:status / runOutcome. */
export interface JobStarted {
  readonly serverId: string;
  readonly jobId: string;
  readonly jobName: string;
  /** null: the job's start step. */
  readonly stepName: string | null;
  /** The server's message, e.g. "Job 'LoadSales' started successfully." (message 14243). */
  readonly message: string;
  /** requestedAt of the run before this start; the new run is the first with a different one. */
  readonly previousRequestAt: string | null;
}

export interface JobStopped {
  readonly serverId: string;
  readonly jobId: string;
  readonly jobName: string;
  /** "Job 'X' stopped successfully." (14254): the stop is requested; the history then shows "Canceled". */
  readonly message: string;
}

/** What Enable, Disable or Delete did to a job (sp_update_job @enabled, sp_delete_job). */
export interface JobChanged {
  readonly serverId: string;
  readonly jobId: string;
  readonly jobName: string;
  /** "Job 'X' disabled.", "Job 'X' and its history deleted.", with any message the server gave. */
  readonly message: string;
}

/** One run in the Log File Viewer: the job-outcome row (null while the run is in progress) and its step rows. */
export interface JobHistoryRun {
  readonly job: JobHistoryRow | null;
  /** Oldest step first, as the Log File Viewer lists them under the job row. */
  readonly steps: readonly JobHistoryRow[];
}

export interface JobHistory {
  readonly serverId: string;
  readonly jobId: string;
  readonly jobName: string;
  /** Newest run first. */
  readonly runs: readonly JobHistoryRun[];
}
