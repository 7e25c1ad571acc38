/**
 * `ssisd proxy add`, `ssisd check` and `ssisd wire` through main(), against an emulated server over TCP, with
 * the servers given by a --servers file and passwords by environment variables.
 */
import { readFileSync, rmSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import { readWiring } from '../../shared/formats/wire-children/wire.js';
import { DeployService } from '../services/deploy/index.js';
import { MemorySecretStore } from '../services/secrets/memory-store.js';
import { ServersService } from '../services/servers/servers-service.js';
import { saPool } from '../services/servers/tests/emulator-setup.js';
import { SAMPLE_DIR, tempCopy } from '../services/solution/test-helpers.js';
import { runCli as run } from './run-cli.js';

const SA_PASSWORD = 'Cli!Check-1';
const SECRET = 'Proxy!Secret-42';
let emu: RunningEmulator;
let dir: string;
let serversFile: string;
let sln: string;
let dtproj: string;
let sa: sql.ConnectionPool;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'CHECK1', host: '127.0.0.6' }], saPassword: SA_PASSWORD, dtexec: '/bin/true', logins: [{ name: 'etl', password: 'Etl!Pass1', roles: ['SQLAgentUserRole'] }] });
  const s = emu.servers[0]!;
  dir = await mkdtemp(join(tmpdir(), 'ssisd-check-'));
  serversFile = join(dir, 'cli-servers.json');
  await writeFile(serversFile, JSON.stringify({ servers: [{ displayName: 'Check One', host: s.host, port: s.port, userName: 'sa', encrypt: 'optional', trustServerCertificate: true, passwordEnv: 'SSISD_TEST_CHECK_PW' }] }));
  process.env.SSISD_TEST_CHECK_PW = SA_PASSWORD;
  process.env.SSISD_TEST_PROXY_SECRET = SECRET;
  sa = await saPool(s.host, s.port, SA_PASSWORD);
  const root = tempCopy(SAMPLE_DIR, 'ssisd-check-sample-');
  sln = join(root, 'LoadBalancing.sln');
  dtproj = join(root, 'LoadBalancing', 'LoadBalancing.dtproj');

  // Assign and deploy every package to the server through the deploy service (its sidecar is what check reads).
  const servers = new ServersService({ userDataDir: dir, secrets: new MemorySecretStore() });
  const reg = await servers.add({ displayName: 'Check One', host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true }, SA_PASSWORD);
  if (!reg.ok) throw new Error(reg.error.message);
  const deploy = new DeployService({ servers, buildIspac: null });
  const job = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };
  const assigned = await deploy.assign(dtproj, reg.value.id, ['Parent.dtsx', 'LoadCustomers.dtsx', 'LoadOrders.dtsx', 'LoadProducts.dtsx'], { kind: 'msdb', folder: 'ETL' }, job, false);
  if (!assigned.ok) throw new Error(assigned.error.message);
  const deployed = await deploy.runAndWait([dtproj], null, null);
  if (!deployed.ok || deployed.value.counts.failed > 0) throw new Error('deploy failed');
  await deploy.close();
  await servers.close();
}, 60_000);

afterAll(async () => {
  await sa?.close();
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
  if (sln) rmSync(dirname(sln), { recursive: true, force: true });
});

describe('ssisd proxy add', () => {
  it('creates the proxy with its SSIS and login grants; the secret comes from the environment and is never printed', async () => {
    const r = await run('proxy', 'add', '--server', 'check one', '--name', 'ETL Proxy', '--identity', 'CORP\\etl', '--secret-env', 'SSISD_TEST_PROXY_SECRET', '--login', 'etl', '--servers', serversFile);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toMatch(/^Check One: proxy "ETL Proxy" \(id \d+\) created, granted to SSIS and to etl\n/);
    const grants = await sa.request().input('proxy_name', sql.NVarChar(128), 'ETL Proxy').execute('msdb.dbo.sp_enum_login_for_proxy');
    expect(grants.recordset.map((g: { name: string }) => g.name)).toEqual(['etl']);
    const again = await run('proxy', 'add', '--server', 'Check One', '--name', 'ETL Proxy', '--identity', 'CORP\\etl', '--secret-env', 'SSISD_TEST_PROXY_SECRET', '--servers', serversFile);
    expect(again.code).toBe(1);
    expect(again.err).toMatch(/SQL Server error 15025/);
    expect(again.out + again.err).not.toContain(SECRET);
    expect((await run('proxy', 'add', '--server', 'Check One', '--name', 'X', '--identity', 'CORP\\x', '--secret-env', 'SSISD_NOT_SET_ANYWHERE', '--servers', serversFile)).code).toBe(2);
  });
});

describe('ssisd check', () => {
  it('exits 0 when nothing would fail (warnings are listed), 1 once a job is gone from the server', async () => {
    const ok = await run('check', sln, '--servers', serversFile);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('LoadBalancing: 0 error(s)');
    expect(ok.out).toContain('warning: LoadCustomers.dtsx on Check One: "Warehouse" connects to localhost');

    await sa.request().input('job_name', sql.NVarChar(128), 'LoadBalancing - LoadOrders').execute('msdb.dbo.sp_delete_job');
    const bad = await run('check', sln, '--json', '--servers', serversFile);
    expect(bad.code).toBe(1);
    const json = JSON.parse(bad.out) as { ok: boolean; projects: { drift: { differences: number; rows: { packageName: string; cells: { check: string; state: string }[] }[] } }[] };
    expect(json.ok).toBe(false);
    expect(json.projects[0]!.drift.differences).toBe(1);
    expect(json.projects[0]!.drift.rows.find((r) => r.packageName === 'LoadOrders.dtsx')!.cells).toContainEqual(expect.objectContaining({ check: 'job', state: 'missing' }));
  });
});

describe('ssisd wire', () => {
  it('wires the parent (the package with Execute Package Tasks) to its children’s jobs; a second run changes nothing', async () => {
    const r = await run('wire', sln, '--wait-for-children', '--sequence', '--servers', serversFile);
    expect(r).toMatchObject({ code: 0, err: '' });
    expect(r.out).toContain('LoadBalancing: Parent.dtsx: written (start and wait, in sequence)');
    expect(r.out).toContain("created: LoadBalancing - LoadOrders on Check One (LoadOrders.dtsx on Check One, job 'LoadBalancing - LoadOrders')");
    const text = readFileSync(join(dirname(dtproj), 'Parent.dtsx'), 'utf8');
    expect(readWiring(text)).toMatchObject({ order: 'sequence', tasks: [{ mode: 'wait' }, { mode: 'wait' }, { mode: 'wait' }] });
    const again = await run('wire', sln, '--wait-for-children', '--sequence', '--servers', serversFile);
    expect(again.out).toContain('Parent.dtsx: already wired');
    expect(readFileSync(join(dirname(dtproj), 'Parent.dtsx'), 'utf8')).toBe(text);
  });
});
