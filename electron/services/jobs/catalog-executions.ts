/**
 * Execute... on an SSISDB package, as SSMS scripts it: catalog.create_execution, the LOGGING_LEVEL server
 * option (Basic) through set_execution_parameter_value, then start_execution; the run is then read from
 * catalog.executions and catalog.operation_messages; Stop is catalog.stop_operation. SSISDB's refusals (27123
 * for a SQL Server login, 27146 for a package that is not an entry point, 27124 for a run that is not running)
 * come back as the server words them.
 */
import sql from 'mssql';
import type { CatalogExecuteArgs } from '../../../shared/contract/catalog.js';
import { catalogExecutionStatus, executionFinished, type CatalogExecution } from '../../../shared/model/catalog-run.js';
import { AppFailure, resultOf, type Result } from '../../../shared/result.js';
import { serverFailure } from '../servers/sql-errors.js';
import type { PoolSource } from './jobs-service.js';

const MAX_MESSAGES = 500;
const BASIC_LOGGING = 1;

const STATUS_SQL = 'SELECT folder_name, project_name, package_name, status, start_time, end_time FROM SSISDB.catalog.executions WHERE execution_id = @id';
// The newest messages only (read again at each poll), put back in order below.
const MESSAGES_SQL = `SELECT TOP (${MAX_MESSAGES}) operation_message_id, message_time, message_type, message FROM SSISDB.catalog.operation_messages WHERE operation_id = @id ORDER BY operation_message_id DESC`;

const iso = (v: unknown): string | null => (v instanceof Date && !Number.isNaN(v.getTime()) ? v.toISOString() : v === null || v === undefined ? null : String(v));

export class CatalogExecutions {
  constructor(private readonly pools: PoolSource) {}

  execute(args: CatalogExecuteArgs): Promise<Result<{ executionId: number }>> {
    return this.onServer(args.serverId, async (pool) => {
      const created = await pool
        .request()
        .input('folder_name', sql.NVarChar(128), args.folder)
        .input('project_name', sql.NVarChar(128), args.project)
        .input('package_name', sql.NVarChar(260), args.packageName)
        .input('use32bitruntime', sql.Bit, args.use32bit)
        .input('reference_id', sql.BigInt, null)
        .output('execution_id', sql.BigInt)
        .execute('SSISDB.catalog.create_execution');
      const executionId = Number(created.output.execution_id);
      if (!Number.isSafeInteger(executionId)) throw new AppFailure('INTERNAL', 'SSISDB did not return an execution id.');
      await pool
        .request()
        .input('execution_id', sql.BigInt, executionId)
        .input('object_type', sql.SmallInt, 50)
        .input('parameter_name', sql.NVarChar(128), 'LOGGING_LEVEL')
        .input('parameter_value', sql.Int, BASIC_LOGGING)
        .execute('SSISDB.catalog.set_execution_parameter_value');
      await pool.request().input('execution_id', sql.BigInt, executionId).execute('SSISDB.catalog.start_execution');
      return { executionId };
    });
  }

  read(serverId: string, executionId: number): Promise<Result<CatalogExecution>> {
    return this.onServer(serverId, async (pool) => {
      const row = (await pool.request().input('id', sql.BigInt, executionId).query<Record<string, unknown>>(STATUS_SQL)).recordset[0];
      if (!row) throw new AppFailure('NOT_FOUND', `There is no execution ${executionId} in SSISDB (or this login may not see it).`, { executionId });
      const messages = (await pool.request().input('id', sql.BigInt, executionId).query<Record<string, unknown>>(MESSAGES_SQL)).recordset;
      return {
        serverId,
        executionId,
        folder: String(row.folder_name),
        project: String(row.project_name),
        packageName: String(row.package_name),
        status: catalogExecutionStatus(Number(row.status)),
        startTime: iso(row.start_time),
        endTime: iso(row.end_time),
        messages: messages.reverse().map((m) => ({ time: iso(m.message_time), type: Number(m.message_type), text: String(m.message ?? '') })),
      };
    });
  }

  /** Reads the run until it has finished, or `timeoutMs` passed (`finished: false`; it keeps running). */
  async waitFor(serverId: string, executionId: number, o: { timeoutMs: number; pollMs?: number }): Promise<Result<{ finished: boolean; execution: CatalogExecution }>> {
    const until = Date.now() + o.timeoutMs;
    for (;;) {
      const r = await this.read(serverId, executionId);
      if (!r.ok) return r;
      if (executionFinished(r.value.status)) return { ok: true, value: { finished: true, execution: r.value } };
      if (Date.now() >= until) return { ok: true, value: { finished: false, execution: r.value } };
      await new Promise((res) => setTimeout(res, Math.min(o.pollMs ?? 500, Math.max(0, until - Date.now()))));
    }
  }

  stop(serverId: string, executionId: number): Promise<Result<{ message: string }>> {
    return this.onServer(serverId, async (pool) => {
      await pool.request().input('operation_id', sql.BigInt, executionId).execute('SSISDB.catalog.stop_operation');
      return { message: `Stop requested for execution ${executionId}; it ends as Canceled.` };
    });
  }

  /** Runs `work` on the server's pool; what the server refuses comes back in its words, naming the server. */
  private onServer<T>(serverId: string, work: (pool: sql.ConnectionPool) => Promise<T>): Promise<Result<T>> {
    return resultOf(async () => {
      const { registration, pool } = await this.pools.poolFor(serverId);
      try {
        return await work(pool);
      } catch (e) {
        throw serverFailure(registration, e);
      }
    });
  }
}
