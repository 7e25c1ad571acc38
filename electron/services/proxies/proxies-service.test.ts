/**
 * ProxiesService against an emulated SQL Server over TCP with the real mssql client: New Proxy in one
 * transaction, SQL Server's errors as they come (nothing left half made, the secret never echoed), the
 * "Run as" list, and a job step that runs with the proxy and fails with SQL Server's message once the grant
 * is revoked.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { ServersService } from '../servers/servers-service.js';
import { saPool } from '../servers/tests/emulator-setup.js';
import { ProxiesService } from './proxies-service.js';

const SA_PASSWORD = 'Test!Pass1';
const SECRET = 'Wind0ws-Pa$$';

let emu: RunningEmulator;
let dir: string;
let servers: ServersService;
let proxies: ProxiesService;
let sa: sql.ConnectionPool;
let serverId: string;

beforeAll(async () => {
  emu = await startEmulator({
    servers: [{ name: 'SRV1', host: '127.0.0.2' }],
    saPassword: SA_PASSWORD,
    dtexec: '/bin/true',
    logins: [
      { name: 'etl', password: 'Etl!Pass1', roles: ['SQLAgentUserRole'] },
      { name: 'other', password: 'Oth!Pass1', roles: ['SQLAgentUserRole'] },
    ],
  });
  dir = await mkdtemp(join(tmpdir(), 'ssisd-proxies-'));
  servers = new ServersService({ userDataDir: dir, secrets: new MemorySecretStore() });
  const s = emu.servers[0]!;
  const reg = await servers.add({ displayName: 'SRV1', host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true }, SA_PASSWORD);
  if (!reg.ok) throw new Error(reg.error.message);
  serverId = reg.value.id;
  proxies = new ProxiesService(servers);
  sa = await saPool(s.host, s.port, SA_PASSWORD);
});

afterAll(async () => {
  await sa?.close();
  await servers?.close();
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
});

const args = (o: Partial<Parameters<ProxiesService['create']>[1]> = {}) => ({
  name: 'ETL Proxy',
  credentialName: null,
  identity: 'CORP\\svc_etl',
  secret: SECRET,
  description: 'Runs the ETL packages',
  logins: ['etl'],
  ...o,
});

async function count(query: string, name: string): Promise<number> {
  const r = await sa.request().input('name', sql.NVarChar(128), name).query(query);
  return r.recordset.length;
}

describe('New Proxy', () => {
  test('creates the credential, the proxy, its SSIS grant and the login grant', async () => {
    const r = await proxies.create(serverId, args());
    expect(r).toMatchObject({ ok: true, value: { server: 'SRV1', name: 'ETL Proxy' } });
    expect(await count('SELECT name FROM sys.credentials WHERE name = @name', 'ETL Proxy')).toBe(1);
    const help = await sa.request().input('proxy_name', sql.NVarChar(128), 'ETL Proxy').execute('msdb.dbo.sp_help_proxy');
    expect(help.recordset[0]).toMatchObject({ name: 'ETL Proxy', credential_identity: 'CORP\\svc_etl', enabled: 1, description: 'Runs the ETL packages' });
    const grants = await sa.request().query('SELECT subsystem_id, proxy_id FROM msdb.dbo.sysproxysubsystem');
    expect(grants.recordset).toContainEqual({ subsystem_id: 11, proxy_id: help.recordset[0].proxy_id });
    const logins = await sa.request().input('proxy_name', sql.NVarChar(128), 'ETL Proxy').execute('msdb.dbo.sp_enum_login_for_proxy');
    expect(logins.recordset.map((l: { name: string }) => l.name)).toEqual(['etl']);
  });

  test('"Run as" lists the proxies each login may use for SSIS', async () => {
    const mine = await proxies.listForSsis(serverId);
    expect(mine.ok && mine.value.proxies.map((p) => p.name)).toEqual(['ETL Proxy']);
    const etl = await proxies.listForSsis(serverId, 'etl');
    expect(etl.ok && etl.value).toMatchObject({ login: 'etl', proxies: [{ name: 'ETL Proxy', enabled: true, credentialIdentity: 'CORP\\svc_etl' }] });
    const other = await proxies.listForSsis(serverId, 'other');
    expect(other.ok && other.value.proxies).toEqual([]);
  });

  test("SQL Server's error comes back as it is, with the step; nothing is left behind and the secret is not echoed", async () => {
    const again = await proxies.create(serverId, args({ name: 'Second', credentialName: 'ETL Proxy' }));
    expect(again.ok).toBe(false);
    if (again.ok) return;
    expect(again.error).toMatchObject({ code: 'SQL_ERROR', details: { sqlErrorNumber: 15025, step: 'credential', server: 'SRV1' } });
    expect(again.error.message).toMatch(/SRV1: .*(already exists).*\(SQL Server error 15025\) — while creating the credential\. Nothing was created\./);
    expect(JSON.stringify(again.error)).not.toContain(SECRET);

    const badLogin = await proxies.create(serverId, args({ name: 'Third', logins: ['etl', 'nobody'] }));
    expect(badLogin.ok).toBe(false);
    if (badLogin.ok) return;
    expect(badLogin.error.details).toMatchObject({ step: 'login' });
    expect(badLogin.error.message).toContain('sp_grant_login_to_proxy');
    // The transaction rolled back the credential and the proxy made before the failing grant.
    expect(await count('SELECT name FROM sys.credentials WHERE name = @name', 'Third')).toBe(0);
    expect(await count('SELECT name FROM msdb.dbo.sysproxies WHERE name = @name', 'Third')).toBe(0);
  });

  test('refuses what SQL Server would refuse obscurely, before connecting', async () => {
    const r = await proxies.create(serverId, args({ identity: 'svc_etl' }));
    expect(r).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { field: 'identity' } } });
    const long = await proxies.create(serverId, args({ name: 'Long', secret: 'x'.repeat(129) }));
    expect(long).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT', details: { field: 'secret' } } });
  });

  test('a job step with the proxy runs, and fails with SQL Server’s message once the SSIS grant is revoked', async () => {
    const job = await sa
      .request()
      .input('job_name', sql.NVarChar(128), 'Proxy job')
      .input('owner_login_name', sql.NVarChar(128), 'etl')
      .output('job_id', sql.UniqueIdentifier)
      .execute('msdb.dbo.sp_add_job');
    const jobId = String(job.output.job_id);
    await sa
      .request()
      .input('job_id', sql.UniqueIdentifier, jobId)
      .input('step_name', sql.NVarChar(128), 'Run package')
      .input('subsystem', sql.NVarChar(40), 'SSIS')
      .input('command', sql.NVarChar(sql.MAX), '/FILE "\\"C:\\ssis\\Child.dtsx\\"" /CHECKPOINTING OFF /REPORTING E')
      .input('proxy_name', sql.NVarChar(128), 'ETL Proxy')
      .execute('msdb.dbo.sp_add_jobstep');
    await sa.request().input('job_id', sql.UniqueIdentifier, jobId).input('server_name', sql.NVarChar(128), '(local)').execute('msdb.dbo.sp_add_jobserver');

    expect(await runOnce(jobId)).toMatchObject({ run_status: 1 });
    await sa.request().input('proxy_name', sql.NVarChar(128), 'ETL Proxy').input('subsystem_name', sql.NVarChar(128), 'SSIS').execute('msdb.dbo.sp_revoke_proxy_from_subsystem');
    const failed = await runOnce(jobId);
    expect(failed.run_status).toBe(0);
    expect(failed.message).toMatch(/proxy/i);
    // And the "Run as" list no longer offers it.
    const list = await proxies.listForSsis(serverId, 'etl');
    expect(list.ok && list.value.proxies).toEqual([]);
  });
});

async function runOnce(jobId: string): Promise<{ run_status: number; message: string }> {
  const before = await sa.request().input('job_id', sql.UniqueIdentifier, jobId).query('SELECT MAX(instance_id) AS last FROM msdb.dbo.sysjobhistory WHERE job_id = @job_id');
  const last = Number(before.recordset[0]?.last ?? 0);
  await sa.request().input('job_id', sql.UniqueIdentifier, jobId).execute('msdb.dbo.sp_start_job');
  for (let i = 0; i < 200; i++) {
    const r = await sa.request().input('job_id', sql.UniqueIdentifier, jobId).input('last', sql.Int, last).query('SELECT run_status, message, instance_id FROM msdb.dbo.sysjobhistory WHERE job_id = @job_id AND step_id = 0 AND instance_id > @last');
    if (r.recordset.length > 0) {
      const steps = await sa.request().input('job_id', sql.UniqueIdentifier, jobId).input('last', sql.Int, last).query('SELECT message FROM msdb.dbo.sysjobhistory WHERE job_id = @job_id AND step_id = 1 AND instance_id > @last');
      return { run_status: r.recordset[0].run_status, message: String(steps.recordset[0]?.message ?? r.recordset[0].message) };
    }
    await new Promise((res) => setTimeout(res, 50));
  }
  throw new Error('the job did not finish');
}
