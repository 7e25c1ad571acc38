/**
 * Test Connection: what the server is and what this login may do there. Fixed SELECT texts only (no values
 * are ever spliced in); a check the server refuses becomes null/'unknown' instead of failing the test.
 */
import sql from 'mssql';
import type { AgentServiceState, ServerInfo, ServerRoles } from '../../../shared/model/server.js';
import { sqlErrorNumber } from './sql-errors.js';

const INFO_SQL = `SELECT @@SERVERNAME AS server_name, @@VERSION AS version_text,
  SERVERPROPERTY('ProductVersion') AS product_version, SERVERPROPERTY('Edition') AS edition, SUSER_SNAME() AS login_name,
  IS_SRVROLEMEMBER('sysadmin') AS r_sysadmin, IS_MEMBER('SQLAgentUserRole') AS r_agent_user,
  IS_MEMBER('SQLAgentReaderRole') AS r_agent_reader, IS_MEMBER('SQLAgentOperatorRole') AS r_agent_operator,
  IS_MEMBER('db_ssisadmin') AS r_ssis_admin, IS_MEMBER('db_ssisltduser') AS r_ssis_ltduser, IS_MEMBER('db_ssisoperator') AS r_ssis_operator`;

/** sys.dm_server_services (SQL Server 2008 R2 SP1+, needs VIEW SERVER STATE). */
const AGENT_SQL = `SELECT status_desc FROM sys.dm_server_services WHERE servicename LIKE N'SQL Server Agent%'`;

/** Errors that mean "SSISDB is not there": 208 invalid object, 911/4060 database missing. */
const NO_DATABASE = new Set([208, 911, 4060]);

const flag = (v: unknown): boolean | null => (v === 1 || v === true ? true : v === 0 || v === false ? false : null);
const str = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

async function agentState(pool: sql.ConnectionPool): Promise<{ agent: AgentServiceState; agentDetail: string | null }> {
  try {
    const r = await pool.request().query<{ status_desc: string }>(AGENT_SQL);
    const status = r.recordset[0]?.status_desc;
    if (!status) return { agent: 'unknown', agentDetail: 'The server lists no SQL Server Agent service (Express edition has none).' };
    return { agent: /^running$/i.test(status) ? 'running' : 'stopped', agentDetail: /^(running|stopped)$/i.test(status) ? null : status };
  } catch (e) {
    const n = sqlErrorNumber(e);
    const why = n === 297 || n === 300 ? 'this login lacks VIEW SERVER STATE' : e instanceof Error ? e.message : String(e);
    return { agent: 'unknown', agentDetail: `Cannot read the Agent service state: ${why}` };
  }
}

async function ssisdbPresent(pool: sql.ConnectionPool): Promise<boolean | null> {
  try {
    await pool.request().query('SELECT COUNT(*) AS n FROM SSISDB.catalog.folders');
    return true;
  } catch (e) {
    const n = sqlErrorNumber(e);
    if (n !== null && NO_DATABASE.has(n)) return false;
    // 916 / 229: the database is there but this login may not read it.
    if (n === 916 || n === 229) return true;
    return null;
  }
}

async function ssisSubsystem(pool: sql.ConnectionPool): Promise<boolean | null> {
  try {
    const r = await pool
      .request()
      .input('subsystem', sql.NVarChar(40), 'SSIS')
      .query('SELECT subsystem_id FROM msdb.dbo.syssubsystems WHERE subsystem = @subsystem');
    return r.recordset.length > 0;
  } catch {
    return null; // 229 without an Agent role: the login cannot see the subsystems.
  }
}

export async function readServerInfo(pool: sql.ConnectionPool): Promise<ServerInfo> {
  const started = Date.now();
  const [info, agent, ssisdb, subsystem] = await Promise.all([
    pool.request().query<Record<string, unknown>>(INFO_SQL),
    agentState(pool),
    ssisdbPresent(pool),
    ssisSubsystem(pool),
  ]);
  const row = info.recordset[0] ?? {};
  const productVersion = str(row.product_version);
  const major = Number.parseInt(productVersion, 10);
  const roles: ServerRoles = {
    sysadmin: flag(row.r_sysadmin),
    sqlAgentUserRole: flag(row.r_agent_user),
    sqlAgentReaderRole: flag(row.r_agent_reader),
    sqlAgentOperatorRole: flag(row.r_agent_operator),
    dbSsisAdmin: flag(row.r_ssis_admin),
    dbSsisLtdUser: flag(row.r_ssis_ltduser),
    dbSsisOperator: flag(row.r_ssis_operator),
  };
  return {
    serverName: str(row.server_name),
    productVersion,
    majorVersion: Number.isFinite(major) ? major : null,
    edition: str(row.edition),
    versionText: str(row.version_text).split('\n')[0]!.trim(),
    login: str(row.login_name),
    ...agent,
    ssisdb,
    ssisSubsystem: subsystem,
    roles,
    elapsedMs: Date.now() - started,
  };
}
