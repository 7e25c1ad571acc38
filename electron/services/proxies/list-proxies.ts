/** The proxies a login may use for SSIS job steps: sp_help_proxy @subsystem_name = N'SSIS', @name = <login> (§1.14). */
import sql from 'mssql';
import type { SsisProxy } from '../../../shared/contract/proxies.js';

export async function ssisProxies(pool: sql.ConnectionPool, login: string | null): Promise<{ login: string; proxies: SsisProxy[] }> {
  const who = login ?? String((await pool.request().query<{ login: string }>('SELECT SUSER_SNAME() AS login')).recordset[0]?.login ?? '');
  const r = await pool.request().input('subsystem_name', sql.NVarChar(128), 'SSIS').input('name', sql.NVarChar(256), who).execute('msdb.dbo.sp_help_proxy');
  const rows = (r.recordsets as unknown as Record<string, unknown>[][])[0] ?? [];
  const proxies = rows
    .map((p) => ({
      proxyId: Number(p.proxy_id),
      name: String(p.name),
      enabled: Number(p.enabled) === 1,
      description: p.description === null || p.description === undefined || p.description === '' ? null : String(p.description),
      credentialIdentity: p.credential_identity === null || p.credential_identity === undefined ? null : String(p.credential_identity),
    }))
    .sort((a, b) => a.name.localeCompare(b.name));
  return { login: who, proxies };
}
