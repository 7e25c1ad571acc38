/**
 * The msdb procedures behind job actions, called as RPC with typed parameters (sqlserver.md §1.8–1.12):
 * sp_help_job (the job, its steps, current step), sp_help_jobactivity (the latest run), sp_start_job,
 * sp_stop_job, sp_update_job (@enabled) and sp_delete_job. sp_start_job/sp_stop_job answer with an informational
 * message (14243/14254), not a result set.
 */
import sql from 'mssql';
import type { JobRun, JobStep } from '../../../shared/model/job-run.js';
import { agentDateTime, executionStatus, jobOutcome } from '../servers/agent-codes.js';
import type { JobExecutionStatus, JobOutcome } from '../../../shared/model/server.js';

export type JobKey = { readonly jobId: string } | { readonly jobName: string };

type Row = Record<string, unknown>;

const num = (v: unknown): number => Number(v ?? 0) || 0;
const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
/** datetime columns arrive as Date read as UTC; they hold the server's local time, kept without offset. */
const localTime = (v: unknown): string | null => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString().slice(0, 23) : null);

function identify(request: sql.Request, key: JobKey): sql.Request {
  return 'jobId' in key ? request.input('job_id', sql.UniqueIdentifier, key.jobId) : request.input('job_name', sql.NVarChar(128), key.jobName);
}

export interface JobDetails {
  readonly jobId: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly startStepId: number;
  readonly state: JobExecutionStatus;
  readonly currentStep: { readonly id: number; readonly name: string } | null;
  readonly lastOutcome: JobOutcome | null;
  readonly lastRunAt: string | null;
  readonly steps: readonly JobStep[];
}

/** sp_help_job for one job: the job row and the steps result set. */
export async function helpJob(pool: sql.ConnectionPool, key: JobKey): Promise<JobDetails> {
  const r = await identify(pool.request(), key).execute('msdb.dbo.sp_help_job');
  const sets = r.recordsets as unknown as Row[][];
  const job = sets[0]?.[0];
  if (!job) throw new Error('sp_help_job returned no job row');
  const executing = num(job.current_execution_status) === 1;
  const step = executing ? /^(\d+) \((.*)\)$/s.exec(String(job.current_execution_step ?? '')) : null;
  const lastRunAt = agentDateTime(num(job.last_run_date), num(job.last_run_time));
  return {
    jobId: String(job.job_id).toUpperCase(),
    name: String(job.name),
    enabled: num(job.enabled) === 1,
    startStepId: num(job.start_step_id) || 1,
    state: executionStatus(num(job.current_execution_status)),
    currentStep: step && Number(step[1]) > 0 ? { id: Number(step[1]), name: step[2]! } : null,
    lastOutcome: lastRunAt === null ? null : jobOutcome(num(job.last_run_outcome)),
    lastRunAt,
    steps: (sets[1] ?? []).map((s) => ({ id: num(s.step_id), name: String(s.step_name), subsystem: String(s.subsystem ?? '') })),
  };
}

/** sp_help_jobactivity for one job in the latest Agent session; null when it has not run in that session. */
export async function latestRun(pool: sql.ConnectionPool, jobId: string): Promise<JobRun | null> {
  const r = await pool.request().input('job_id', sql.UniqueIdentifier, jobId).execute('msdb.dbo.sp_help_jobactivity');
  const a = ((r.recordsets as unknown as Row[][])[0] ?? [])[0];
  if (!a) return null;
  const finishedAt = localTime(a.stop_execution_date);
  const historyId = a.job_history_id === null || a.job_history_id === undefined ? null : num(a.job_history_id);
  return {
    requestedAt: localTime(a.run_requested_date),
    startedAt: localTime(a.start_execution_date),
    finishedAt,
    lastStepId: a.last_executed_step_id === null || a.last_executed_step_id === undefined ? null : num(a.last_executed_step_id),
    outcome: finishedAt !== null && a.run_status !== null && a.run_status !== undefined ? jobOutcome(num(a.run_status)) : null,
    message: finishedAt !== null ? text(a.message) : null,
    historyId,
  };
}

/** Runs a procedure and answers the informational messages it raised (e.g. 14243), joined. */
async function withInfo(request: sql.Request, procedure: string): Promise<string> {
  const messages: string[] = [];
  request.on('info', (info: { message?: unknown }) => {
    if (typeof info.message === 'string' && info.message) messages.push(info.message);
  });
  await request.execute(procedure);
  return messages.join(' ');
}

export function startJob(pool: sql.ConnectionPool, jobId: string, stepName: string | null): Promise<string> {
  const request = pool.request().input('job_id', sql.UniqueIdentifier, jobId);
  if (stepName !== null) request.input('step_name', sql.NVarChar(128), stepName);
  return withInfo(request, 'msdb.dbo.sp_start_job');
}

export function stopJob(pool: sql.ConnectionPool, jobId: string): Promise<string> {
  return withInfo(pool.request().input('job_id', sql.UniqueIdentifier, jobId), 'msdb.dbo.sp_stop_job');
}

export function setJobEnabled(pool: sql.ConnectionPool, jobId: string, enabled: boolean): Promise<string> {
  return withInfo(pool.request().input('job_id', sql.UniqueIdentifier, jobId).input('enabled', sql.TinyInt, enabled ? 1 : 0), 'msdb.dbo.sp_update_job');
}

/** The job with its steps and history (@delete_history defaults to 1), as SSMS's Delete does. */
export function deleteJob(pool: sql.ConnectionPool, jobId: string): Promise<string> {
  return withInfo(pool.request().input('job_id', sql.UniqueIdentifier, jobId), 'msdb.dbo.sp_delete_job');
}
