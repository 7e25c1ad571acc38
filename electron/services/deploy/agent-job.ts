/**
 * The SQL Server Agent job that runs a deployed package: one SSIS step with the command SSMS would write,
 * bound to (local), no schedule (the parent package starts it). Created (one batch, one round trip) or brought
 * up to date in ONE transaction (sqlserver.md §1.1), so a failure or a dropped connection leaves the job as it
 * was; when it already matches, nothing is written at all.
 */
import sql from 'mssql';
import type { DeployOutcomeKind } from '../../../shared/model/deploy.js';
import { exec } from './sql-call.js';
import { inStep, StepFailure } from './step-failure.js';

export interface JobSpec {
  readonly name: string;
  readonly description: string | null;
  /** null: the connecting login (and an existing job keeps its owner). */
  readonly owner: string | null;
  /** null: SQL Server Agent Service Account (no proxy). */
  readonly proxy: string | null;
  readonly stepName: string;
  readonly command: string;
}

export interface JobResult {
  readonly outcome: DeployOutcomeKind;
  readonly jobId: string;
}

interface JobRow {
  job_id: string;
  description: string | null;
  owner: string | null;
  start_step_id: number;
}

interface StepRow {
  step_id: number;
  step_name: string;
  subsystem: string;
  command: string | null;
  database_name: string | null;
  on_success_action: number | string;
  on_fail_action: number | string;
  proxy_id: number | null;
}

interface ExistingJob {
  readonly job: JobRow;
  readonly steps: readonly StepRow[];
  readonly hasTarget: boolean;
}

/** 14262: "The specified @job_name ('…') does not exist." */
const NO_SUCH_OBJECT = 14262;
const SSIS = 'SSIS';
const STEP_DATABASE = 'master';
/** sp_help_job returns the step command as nvarchar(3200); longer ones are read with sp_help_jobstep. */
const HELP_JOB_COMMAND_LENGTH = 3200;

async function readJob(pool: sql.ConnectionPool, name: string): Promise<ExistingJob | null> {
  let r: sql.IProcedureResult<unknown>;
  try {
    r = await exec(pool.request().input('job_name', sql.NVarChar(128), name), 'msdb.dbo.sp_help_job');
  } catch (e) {
    if ((e as { number?: number }).number === NO_SUCH_OBJECT) return null;
    throw new StepFailure('job', 'msdb.dbo.sp_help_job', e);
  }
  const sets = r.recordsets as unknown as Record<string, unknown>[][];
  const job = sets[0]?.[0] as unknown as JobRow | undefined;
  if (!job) return null;
  let steps = (sets[1] ?? []) as unknown as StepRow[];
  if (steps.some((s) => (s.command ?? '').length >= HELP_JOB_COMMAND_LENGTH)) {
    const full = await exec(pool.request().input('job_id', sql.UniqueIdentifier, job.job_id), 'msdb.dbo.sp_help_jobstep');
    steps = (full.recordset ?? []) as unknown as StepRow[];
  }
  return { job, steps, hasTarget: (sets[3] ?? []).length > 0 };
}

/** The proxy's id (sp_help_job reports steps' proxies by id). */
export async function proxyId(pool: sql.ConnectionPool, proxy: string): Promise<number> {
  const r = await inStep('job', 'msdb.dbo.sp_help_proxy', () => exec<{ proxy_id: number }>(pool.request().input('proxy_name', sql.NVarChar(128), proxy), 'msdb.dbo.sp_help_proxy'));
  const id = r.recordset?.[0]?.proxy_id;
  // sp_help_proxy raises 14262 for an unknown proxy; an empty answer means this login may not use it.
  if (typeof id !== 'number') throw new StepFailure('job', 'msdb.dbo.sp_help_proxy', new Error(`The proxy "${proxy}" is not visible to this login (sp_help_proxy returned no row).`));
  return id;
}

const same = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').toLowerCase() === (b ?? '').toLowerCase();
/** sp_help_job writes coded columns with their meaning: "1 (quit with success)". */
const code = (v: unknown): number => parseInt(String(v), 10);

function stepMatches(s: StepRow | undefined, spec: JobSpec, wantProxy: number | null): boolean {
  return (
    !!s &&
    s.step_name === spec.stepName &&
    same(s.subsystem, SSIS) &&
    s.command === spec.command &&
    same(s.database_name, STEP_DATABASE) &&
    code(s.on_success_action) === 1 &&
    code(s.on_fail_action) === 2 &&
    (s.proxy_id ?? null) === wantProxy
  );
}

function stepInputs(req: sql.Request, spec: JobSpec): sql.Request {
  req
    .input('step_name', sql.NVarChar(128), spec.stepName)
    .input('subsystem', sql.NVarChar(40), SSIS)
    .input('command', sql.NVarChar(sql.MAX), spec.command)
    .input('database_name', sql.NVarChar(128), STEP_DATABASE)
    .input('on_success_action', sql.TinyInt, 1)
    .input('on_fail_action', sql.TinyInt, 2);
  if (spec.proxy !== null) req.input('proxy_name', sql.NVarChar(128), spec.proxy);
  return req;
}

/**
 * A new job in one round trip and one transaction, the way SSMS scripts a job (Script Job as > CREATE To):
 * each documented procedure in turn, @@ERROR and the return code checked after each, and any failure rolls
 * everything back. Every value is a parameter of the batch; the text itself never changes. XACT_ABORT also
 * rolls back on what skips the checks (a timeout's attention, a batch-ending error), so no pooled connection
 * is left holding an open transaction.
 */
const CREATE_JOB_BATCH = `SET NOCOUNT ON; SET XACT_ABORT ON;
DECLARE @ReturnCode int = 0, @jobId uniqueidentifier = NULL;
BEGIN TRANSACTION;
EXEC @ReturnCode = msdb.dbo.sp_add_job @job_name = @job_name, @enabled = 1, @description = @description, @owner_login_name = @owner_login_name, @job_id = @jobId OUTPUT;
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback;
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id = @jobId, @step_id = 1, @step_name = @step_name, @subsystem = @subsystem, @command = @command, @database_name = @database_name, @on_success_action = @on_success_action, @on_fail_action = @on_fail_action, @proxy_name = @proxy_name;
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback;
EXEC @ReturnCode = msdb.dbo.sp_add_jobserver @job_id = @jobId, @server_name = N'(local)';
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback;
COMMIT TRANSACTION;
SELECT @jobId AS job_id;
GOTO EndSave;
QuitWithRollback:
IF (@@TRANCOUNT > 0) ROLLBACK TRANSACTION;
EndSave:`;

function createJobInputs(req: sql.Request, spec: JobSpec): sql.Request {
  req
    .input('job_name', sql.NVarChar(128), spec.name)
    .input('description', sql.NVarChar(512), spec.description)
    // NULL is each procedure's default: the connecting login owns the job; the step runs as the Agent account.
    .input('owner_login_name', sql.NVarChar(128), spec.owner);
  stepInputs(req, spec);
  if (spec.proxy === null) req.input('proxy_name', sql.NVarChar(128), null);
  return req;
}

/** The procedure that raised a batch's error (TDS ERROR token ProcName); null when none did (a dropped connection). */
function procedureOf(e: unknown): string | null {
  const name = (e as { procName?: unknown } | null)?.procName;
  return typeof name === 'string' && name !== '' ? `msdb.dbo.${name.replace(/^.*\./, '')}` : null;
}

/** Thrown when a cancel arrives before COMMIT: the transaction was rolled back, nothing changed. */
export class CancelledBeforeCommit extends Error {
  constructor() {
    super('Cancelled before the job was committed; nothing was changed.');
    this.name = 'CancelledBeforeCommit';
  }
}

/** Runs `work` in one transaction; any failure (or a cancel seen before COMMIT) rolls everything back. */
async function inTransaction<T>(pool: sql.ConnectionPool, work: (tx: sql.Transaction) => Promise<T>, cancelled: () => boolean): Promise<T> {
  const tx = new sql.Transaction(pool);
  await inStep('job', null, () => tx.begin());
  try {
    const value = await work(tx);
    if (cancelled()) throw new CancelledBeforeCommit();
    await inStep('job', null, () => tx.commit());
    return value;
  } catch (e) {
    await tx.rollback().catch(() => undefined);
    throw e;
  }
}

const call = (tx: sql.Transaction, procedure: string, fill: (r: sql.Request) => sql.Request) => inStep('job', procedure, () => exec(fill(new sql.Request(tx)), procedure));

/** Creates the job or brings it up to date; 'unchanged' (and no write) when it already matches. */
export interface UpsertOptions {
  readonly cancelled?: () => boolean;
  readonly proxyIdOf?: (proxy: string) => Promise<number>;
  /** The caller listed the server's jobs and this name is not among them: skip reading it. */
  readonly knownAbsent?: boolean;
}

export async function upsertJob(pool: sql.ConnectionPool, spec: JobSpec, options: UpsertOptions = {}): Promise<JobResult> {
  const cancelled = options.cancelled ?? (() => false);
  const wantProxy = spec.proxy === null ? null : await (options.proxyIdOf ?? ((proxy: string) => proxyId(pool, proxy)))(spec.proxy);
  const existing = options.knownAbsent ? null : await inStep('job', 'msdb.dbo.sp_help_job', () => readJob(pool, spec.name));

  if (!existing) {
    if (cancelled()) throw new CancelledBeforeCommit();
    const r = await createJobInputs(pool.request(), spec)
      .query<{ job_id: string }>(CREATE_JOB_BATCH)
      .catch((e: unknown) => {
        throw new StepFailure('job', procedureOf(e), e);
      });
    const id = r.recordset?.[0]?.job_id;
    if (!id) throw new StepFailure('job', 'msdb.dbo.sp_add_job', new Error('The server did not return the new job id.'));
    return { outcome: 'created', jobId: String(id).toUpperCase() };
  }

  const jobId = String(existing.job.job_id).toUpperCase();
  const first = existing.steps.find((s) => Number(s.step_id) === 1);
  const extra = existing.steps.filter((s) => Number(s.step_id) > 1).map((s) => Number(s.step_id)).sort((a, b) => b - a);
  const jobChanges = (spec.description !== null && existing.job.description !== spec.description) || (spec.owner !== null && !same(existing.job.owner, spec.owner));
  const stepOk = stepMatches(first, spec, wantProxy);
  const startOk = Number(existing.job.start_step_id) === 1;
  if (!jobChanges && stepOk && extra.length === 0 && startOk && existing.hasTarget) return { outcome: 'unchanged', jobId };

  await inTransaction(
    pool,
    async (tx) => {
      const byId = (r: sql.Request) => r.input('job_id', sql.UniqueIdentifier, jobId);
      for (const stepId of extra) await call(tx, 'msdb.dbo.sp_delete_jobstep', (r) => byId(r).input('step_id', sql.Int, stepId));
      let readded = false;
      if (!stepOk) {
        // sp_update_jobstep treats a NULL proxy as "unchanged"; going back to the Agent account means re-adding the step.
        if (first && (first.proxy_id === null || wantProxy !== null)) {
          await call(tx, 'msdb.dbo.sp_update_jobstep', (r) => stepInputs(byId(r).input('step_id', sql.Int, 1), spec));
        } else {
          if (first) await call(tx, 'msdb.dbo.sp_delete_jobstep', (r) => byId(r).input('step_id', sql.Int, 1));
          await call(tx, 'msdb.dbo.sp_add_jobstep', (r) => stepInputs(byId(r).input('step_id', sql.Int, 1), spec));
          readded = true;
        }
      }
      if (jobChanges || !startOk || readded) {
        await call(tx, 'msdb.dbo.sp_update_job', (r) => {
          byId(r).input('start_step_id', sql.Int, 1);
          if (spec.description !== null) r.input('description', sql.NVarChar(512), spec.description);
          if (spec.owner !== null) r.input('owner_login_name', sql.NVarChar(128), spec.owner);
          return r;
        });
      }
      if (!existing.hasTarget) await call(tx, 'msdb.dbo.sp_add_jobserver', (r) => byId(r).input('server_name', sql.NVarChar(128), '(local)'));
    },
    cancelled,
  );
  return { outcome: 'updated', jobId };
}

/** The names (lower case) of the jobs this login can see on the server: one sp_help_job for all of them. */
export async function jobNames(pool: sql.ConnectionPool): Promise<Set<string>> {
  const r = await inStep('job', 'msdb.dbo.sp_help_job', () => exec<{ name: string }>(pool.request(), 'msdb.dbo.sp_help_job'));
  return new Set((r.recordset ?? []).map((j) => String(j.name).toLowerCase()));
}

/** "Remove from server": deletes the job (and its history). false when there was none. */
export async function deleteJob(pool: sql.ConnectionPool, name: string): Promise<boolean> {
  try {
    await exec(pool.request().input('job_name', sql.NVarChar(128), name), 'msdb.dbo.sp_delete_job');
    return true;
  } catch (e) {
    if ((e as { number?: number }).number === NO_SUCH_OBJECT) return false;
    throw new StepFailure('remove', 'msdb.dbo.sp_delete_job', e);
  }
}
