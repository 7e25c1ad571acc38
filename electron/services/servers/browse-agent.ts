/** SQL Server Agent → Jobs (sp_help_job), job history (sp_help_jobhistory) and Proxies (sp_help_proxy), §1.10–1.14. */
import sql from 'mssql';
import type { AgentJob, AgentProxy, JobHistoryRow } from '../../../shared/model/server.js';
import { agentDateTime, agentDurationSeconds, executionStatus, jobOutcome } from './agent-codes.js';

const text = (v: unknown): string | null => (v === null || v === undefined || v === '' ? null : String(v));
const iso = (v: unknown): string | null => (v instanceof Date ? v.toISOString() : text(v));
const num = (v: unknown): number => Number(v ?? 0) || 0;

export const HISTORY_LIMIT = 500;

export async function browseJobs(pool: sql.ConnectionPool): Promise<AgentJob[]> {
  const r = await pool.request().execute('msdb.dbo.sp_help_job');
  const rows = (r.recordsets as unknown as Record<string, unknown>[][])[0] ?? [];
  return rows
    .map((j) => {
      const lastRunAt = agentDateTime(num(j.last_run_date), num(j.last_run_time));
      return {
        jobId: String(j.job_id).toUpperCase(),
        name: String(j.name),
        enabled: num(j.enabled) === 1,
        description: text(j.description),
        category: text(j.category),
        owner: text(j.owner),
        lastOutcome: lastRunAt === null ? null : jobOutcome(num(j.last_run_outcome)),
        lastRunAt,
        currentStatus: executionStatus(num(j.current_execution_status)),
        currentStep: num(j.current_execution_status) === 1 ? text(j.current_execution_step) : null,
        hasSteps: num(j.has_step) > 0,
        hasTarget: num(j.has_target) > 0,
        dateCreated: iso(j.date_created),
        dateModified: iso(j.date_modified),
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}

export async function jobHistory(pool: sql.ConnectionPool, jobId: string): Promise<JobHistoryRow[]> {
  const r = await pool
    .request()
    .input('job_id', sql.UniqueIdentifier, jobId)
    .input('mode', sql.VarChar(7), 'FULL')
    .execute('msdb.dbo.sp_help_jobhistory');
  const rows = (r.recordsets as unknown as Record<string, unknown>[][])[0] ?? [];
  return rows.slice(0, HISTORY_LIMIT).map((h) => ({
    instanceId: num(h.instance_id),
    stepId: num(h.step_id),
    stepName: text(h.step_name),
    outcome: jobOutcome(num(h.run_status)),
    runAt: agentDateTime(num(h.run_date), num(h.run_time)),
    durationSeconds: agentDurationSeconds(num(h.run_duration)),
    message: String(h.message ?? ''),
    sqlMessageId: num(h.sql_message_id),
    sqlSeverity: num(h.sql_severity),
    retriesAttempted: num(h.retries_attempted),
    server: text(h.server),
  }));
}

/** Reads that only sysadmin may do; another login gets the proxies without those details (null). */
async function optional<T>(work: () => Promise<T>): Promise<T | null> {
  try {
    return await work();
  } catch {
    return null;
  }
}

export async function browseProxies(pool: sql.ConnectionPool): Promise<AgentProxy[]> {
  const r = await pool.request().execute('msdb.dbo.sp_help_proxy');
  const proxies = (r.recordsets as unknown as Record<string, unknown>[][])[0] ?? [];
  const [credentials, grants, subsystems] = await Promise.all([
    optional(async () => (await pool.request().query<Record<string, unknown>>('SELECT credential_id, name FROM sys.credentials')).recordset),
    optional(async () => (await pool.request().query<Record<string, unknown>>('SELECT subsystem_id, proxy_id FROM msdb.dbo.sysproxysubsystem')).recordset),
    optional(async () => (await pool.request().query<Record<string, unknown>>('SELECT subsystem_id, subsystem FROM msdb.dbo.syssubsystems')).recordset),
  ]);
  const subsystemName = new Map((subsystems ?? []).map((s) => [num(s.subsystem_id), String(s.subsystem)]));
  return proxies
    .map((p) => {
      const id = num(p.proxy_id);
      const credential = credentials?.find((c) => num(c.credential_id) === num(p.credential_id));
      return {
        proxyId: id,
        name: String(p.name),
        credentialName: credential ? String(credential.name) : null,
        credentialIdentity: text(p.credential_identity),
        enabled: num(p.enabled) === 1,
        description: text(p.description),
        subsystems:
          grants && subsystems
            ? grants.filter((g) => num(g.proxy_id) === id).map((g) => subsystemName.get(num(g.subsystem_id)) ?? `subsystem ${num(g.subsystem_id)}`)
            : null,
      };
    })
    .sort((a, b) => a.name.localeCompare(b.name));
}
