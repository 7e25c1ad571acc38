/**
 * Execute SQL Server Agent Job Task: calls msdb.dbo.sp_start_job on the task's connection (SQLTask:AgentJobID
 * holds the job name, or its id) and ends as soon as the Agent accepts the start — it does not wait, and the
 * job's outcome never reaches the package (SQL Server's documented behaviour).
 */
import sql from 'mssql';
import { TaskError, type TaskImpl } from '../../../../shared/runtime/task-api.js';
import type { SqlConnections } from '../sql-connection.js';

const GUID = /^\{?[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}\}?$/;

export function agentJobTask(connections: SqlConnections): TaskImpl {
  return async (ctx) => {
    const job = (ctx.props.get('AgentJobID') ?? '').trim();
    if (!job) throw new TaskError('The Execute SQL Server Agent Job Task names no job (AgentJobID is empty).', '0xC0024104');
    const connId = ctx.props.get('Connection') ?? '';
    const conn = ctx.connection(connId);
    if (!conn) throw new TaskError(`The connection "${connId}" is not found. This error is thrown by Connections collection when the specific connection element is not found.`, '0xC001000E');
    let pool: sql.ConnectionPool;
    try {
      pool = await connections.pool(conn.connectionString);
    } catch (e) {
      throw new TaskError(`Failed to acquire connection "${conn.def.name}". ${(e as Error).message}`, '0xC00291EC');
    }
    const request = pool.request();
    request.on('info', (m: { message: string }) => ctx.info(m.message));
    if (GUID.test(job)) request.input('job_id', sql.UniqueIdentifier, job.replace(/[{}]/g, ''));
    else request.input('job_name', sql.NVarChar(128), job);
    try {
      await request.execute('msdb.dbo.sp_start_job');
    } catch (e) {
      const err = e as { number?: number; message: string };
      throw new TaskError(`Starting the job "${job}" failed: ${err.message}${err.number ? ` (SQL Server error ${err.number})` : ''}`, '0xC002F210');
    }
  };
}
