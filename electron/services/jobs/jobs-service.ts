/**
 * Start Job at Step, Stop Job, Enable/Disable, Delete, job status and the Log File Viewer for SQL Server Agent jobs on registered
 * servers, over the servers' own connection pools. Every public method answers a Result and never throws.
 * sp_start_job only queues a run; waitForOutcome() follows that run to its real outcome.
 */
import type sql from 'mssql';
import type { JobChanged, JobHistory, JobStarted, JobStatus, JobStopped } from '../../../shared/model/job-run.js';
import type { JobOutcome, ServerRegistration } from '../../../shared/model/server.js';
import { historyRuns } from '../../../shared/jobs/history-runs.js';
import { runProgress, type RunProgress } from '../../../shared/jobs/run-outcome.js';
import { AppFailure, fail, ok, type Result } from '../../../shared/result.js';
import { jobHistory } from '../servers/browse-agent.js';
import { serverFailure, sqlErrorNumber } from '../servers/sql-errors.js';
import { deleteJob, helpJob, latestRun, setJobEnabled, startJob, stopJob, type JobDetails, type JobKey } from './agent-procedures.js';

/** Where the pools come from: ServersService in the app, a servers file in the CLI. */
export interface PoolSource {
  poolFor(serverId: string): Promise<{ registration: ServerRegistration; pool: sql.ConnectionPool }>;
}

export interface JobRef {
  readonly serverId: string;
  readonly jobId?: string;
  readonly jobName?: string;
}

export type WaitResult =
  | { readonly finished: true; readonly outcome: JobOutcome; readonly status: JobStatus }
  | { readonly finished: false; readonly status: JobStatus };

export interface WaitOptions {
  readonly timeoutMs: number;
  readonly pollMs?: number;
  /** Each status read while waiting (for "Executing step 2 (Load)" lines). */
  readonly onProgress?: (status: JobStatus, progress: RunProgress) => void;
  readonly signal?: AbortSignal;
}

const GUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

function keyOf(ref: JobRef): JobKey {
  if (ref.jobId !== undefined && ref.jobName !== undefined) throw new AppFailure('INVALID_ARGUMENT', 'Name the job by its id or by its name, not both.');
  if (ref.jobId !== undefined) {
    if (!GUID.test(ref.jobId)) throw new AppFailure('INVALID_ARGUMENT', 'The job id must be a GUID.', { jobId: ref.jobId.slice(0, 60) });
    return { jobId: ref.jobId };
  }
  if (ref.jobName !== undefined && ref.jobName.trim() !== '') return { jobName: ref.jobName };
  throw new AppFailure('INVALID_ARGUMENT', 'Name the job (its id or its name).');
}

const described = (key: JobKey) => ('jobId' in key ? `with id ${key.jobId}` : `'${key.jobName}'`);

export class JobsService {
  constructor(private readonly pools: PoolSource) {}

  status(ref: JobRef): Promise<Result<JobStatus>> {
    return this.onServer(ref, async (pool, reg, key) => {
      const { jobId } = await this.job(pool, reg, key);
      const run = await this.translate(reg, () => latestRun(pool, jobId));
      // sp_help_job after the history: a run that ended between the two reads then shows in both, never as a
      // finished run next to the job's previous last outcome.
      return this.readStatus(reg, await this.job(pool, reg, { jobId }), run);
    });
  }

  start(ref: JobRef, stepName: string | null): Promise<Result<JobStarted>> {
    return this.onServer(ref, async (pool, reg, key) => {
      const job = await this.job(pool, reg, key);
      if (stepName !== null && !job.steps.some((s) => s.name.toLowerCase() === stepName.toLowerCase())) {
        throw new AppFailure('NOT_FOUND', `${reg.displayName}: job '${job.name}' has no step named '${stepName}'.`, { serverId: reg.id, job: job.name, step: stepName });
      }
      const before = await latestRun(pool, job.jobId);
      const message = await this.agentCall(reg, job, () => startJob(pool, job.jobId, stepName), stepName);
      return {
        serverId: reg.id,
        jobId: job.jobId,
        jobName: job.name,
        stepName,
        message: message || `Job '${job.name}' started successfully.`,
        previousRequestAt: before?.requestedAt ?? null,
      };
    });
  }

  stop(ref: JobRef): Promise<Result<JobStopped>> {
    return this.onServer(ref, async (pool, reg, key) => {
      const job = await this.job(pool, reg, key);
      const message = await this.agentCall(reg, job, () => stopJob(pool, job.jobId), null);
      return { serverId: reg.id, jobId: job.jobId, jobName: job.name, message: message || `Job '${job.name}' stopped successfully.` };
    });
  }

  setEnabled(ref: JobRef, enabled: boolean): Promise<Result<JobChanged>> {
    return this.onServer(ref, async (pool, reg, key) => {
      const job = await this.job(pool, reg, key);
      const message = await this.agentCall(reg, job, () => setJobEnabled(pool, job.jobId, enabled), null);
      return { serverId: reg.id, jobId: job.jobId, jobName: job.name, message: `Job '${job.name}' ${enabled ? 'enabled' : 'disabled'}.${message ? ` ${message}` : ''}` };
    });
  }

  delete(ref: JobRef): Promise<Result<JobChanged>> {
    return this.onServer(ref, async (pool, reg, key) => {
      const job = await this.job(pool, reg, key);
      const message = await this.agentCall(reg, job, () => deleteJob(pool, job.jobId), null);
      return { serverId: reg.id, jobId: job.jobId, jobName: job.name, message: `Job '${job.name}' and its history deleted.${message ? ` ${message}` : ''}` };
    });
  }

  history(ref: JobRef): Promise<Result<JobHistory>> {
    return this.onServer(ref, async (pool, reg, key) => {
      const job = await this.job(pool, reg, key);
      const rows = await this.translate(reg, () => jobHistory(pool, job.jobId));
      return { serverId: reg.id, jobId: job.jobId, jobName: job.name, runs: historyRuns(rows) };
    });
  }

  /** Polls the job until the run `started` asked for has finished, or the timeout passes (the job keeps running). */
  async waitForOutcome(started: JobStarted, options: WaitOptions): Promise<Result<WaitResult>> {
    const until = Date.now() + options.timeoutMs;
    const pollMs = options.pollMs ?? 500;
    for (;;) {
      const status = await this.status({ serverId: started.serverId, jobId: started.jobId });
      if (!status.ok) return status;
      const progress = runProgress(status.value, started);
      options.onProgress?.(status.value, progress);
      if (progress.phase === 'finished') return ok({ finished: true, outcome: progress.outcome, status: status.value });
      if (options.signal?.aborted) return fail('CANCELLED', 'Stopped waiting for the job; it keeps running on the server.');
      if (Date.now() >= until) return ok({ finished: false, status: status.value });
      await new Promise((r) => setTimeout(r, Math.min(pollMs, Math.max(0, until - Date.now()))));
    }
  }

  // ---- internals ----

  private readStatus(reg: ServerRegistration, job: JobDetails, run: JobStatus['run']): JobStatus {
    return {
      serverId: reg.id,
      jobId: job.jobId,
      jobName: job.name,
      enabled: job.enabled,
      state: job.state,
      currentStep: job.currentStep,
      steps: job.steps,
      startStepId: job.startStepId,
      lastOutcome: job.lastOutcome,
      lastRunAt: job.lastRunAt,
      run,
    };
  }

  /** sp_help_job for the job; 14262 (unknown, or not visible to this login) becomes NOT_FOUND. */
  private async job(pool: sql.ConnectionPool, reg: ServerRegistration, key: JobKey): Promise<JobDetails> {
    try {
      return await helpJob(pool, key);
    } catch (e) {
      if (sqlErrorNumber(e) === 14262) {
        throw new AppFailure('NOT_FOUND', `${reg.displayName}: there is no job ${described(key)} (or this login may not see it).`, { serverId: reg.id, sqlErrorNumber: 14262 });
      }
      throw serverFailure(reg, e);
    }
  }

  /** sp_start_job / sp_stop_job: the Agent's refusals (22022: already running, not running, Agent stopped) keep its words. */
  private async agentCall(reg: ServerRegistration, job: JobDetails, work: () => Promise<string>, step: string | null): Promise<string> {
    try {
      return await work();
    } catch (e) {
      const err = serverFailure(reg, e);
      throw new AppFailure(err.code, err.message, { ...err.details, job: job.name, ...(step !== null ? { step } : {}) });
    }
  }

  private async translate<T>(reg: ServerRegistration, work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (e) {
      throw serverFailure(reg, e);
    }
  }


  private async onServer<T>(ref: JobRef, work: (pool: sql.ConnectionPool, reg: ServerRegistration, key: JobKey) => Promise<T>): Promise<Result<T>> {
    try {
      const key = keyOf(ref);
      const { registration, pool } = await this.pools.poolFor(ref.serverId);
      return ok(await work(pool, registration, key));
    } catch (e) {
      if (e instanceof AppFailure) return { ok: false, error: e.toError() };
      return fail('INTERNAL', e instanceof Error ? e.message : String(e));
    }
  }
}
