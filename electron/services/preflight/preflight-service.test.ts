/**
 * PreflightService end to end: the sample project copied to a temp folder, assignments and deploys through the
 * real DeployService, two emulated SQL Servers over TCP. Findings, drift after changing a package, deleting
 * a job and revoking a proxy, and Wire Child Jobs writing the parent on disk.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { readWiring } from '../../../shared/formats/wire-children/wire.js';
import { DeployService } from '../deploy/index.js';
import { ProxiesService } from '../proxies/index.js';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { ServersService } from '../servers/servers-service.js';
import { saPool } from '../servers/tests/emulator-setup.js';
import { SAMPLE_DIR, tempCopy } from '../solution/test-helpers.js';
import { PreflightService } from './preflight-service.js';

const SA_PASSWORD = 'Pre!flight1';
const JOB = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };

let emu: RunningEmulator;
let userData: string;
let servers: ServersService;
let deploy: DeployService;
let preflight: PreflightService;
let sa: sql.ConnectionPool[];
let dtproj: string;
const ids: Record<string, string> = {};

function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SRV1', host: '127.0.0.2' }, { name: 'SRV2', host: '127.0.0.3' }], saPassword: SA_PASSWORD, dtexec: '/bin/true' });
  userData = await mkdtemp(join(tmpdir(), 'ssisd-preflight-'));
  servers = new ServersService({ userDataDir: userData, secrets: new MemorySecretStore() });
  for (const s of emu.servers) {
    ids[s.name] = value(await servers.add({ displayName: s.name, host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true }, SA_PASSWORD)).id;
  }
  sa = await Promise.all(emu.servers.map((s) => saPool(s.host, s.port, SA_PASSWORD)));
  deploy = new DeployService({ servers, buildIspac: null });
  preflight = new PreflightService({ servers, assignments: deploy, pollSeconds: 1 });
  dtproj = join(tempCopy(SAMPLE_DIR, 'ssisd-preflight-sample-'), 'LoadBalancing', 'LoadBalancing.dtproj');
  const msdb = { kind: 'msdb' as const, folder: 'ETL' };
  value(await deploy.assign(dtproj, ids.SRV1!, ['Parent.dtsx', 'LoadCustomers.dtsx', 'LoadOrders.dtsx'], msdb, JOB, false));
  value(await new ProxiesService(servers).create(ids.SRV2!, { name: 'ETL Proxy', credentialName: null, identity: 'CORP\\etl', secret: 'S3cret!', description: null, logins: [] }));
  value(await deploy.assign(dtproj, ids.SRV2!, ['LoadProducts.dtsx'], msdb, { ...JOB, proxy: 'ETL Proxy' }, false));
}, 60_000);

afterAll(async () => {
  await deploy?.close();
  await servers?.close();
  await Promise.all((sa ?? []).map((p) => p.close()));
  await emu?.close();
  await rm(userData, { recursive: true, force: true });
  if (dtproj) rmSync(dirname(dirname(dtproj)), { recursive: true, force: true });
});

describe('preflight', () => {
  test('finds what would fail under SQL Server Agent, per package × server, with the servers checked live', async () => {
    const r = value(await preflight.check(dtproj));
    expect(r.servers.map((s) => [s.server, s.reachable])).toEqual([['SRV1', true], ['SRV2', true]]);
    const seen = r.report.findings.map((f) => `${f.rule} ${f.packageName}@${f.server}${f.subject ? ` ${f.subject}` : ''}`);
    // Parent runs LoadProducts through an Execute Package Task, but LoadProducts is deployed to SRV2 only.
    expect(seen).toContain('child-not-on-server Parent.dtsx@SRV1 \\Package\\Run LoadProducts');
    // Warehouse.conmgr: Data Source=localhost, Integrated Security=SSPI; no proxy on SRV1's jobs.
    expect(seen).toContain('local-data-source LoadCustomers.dtsx@SRV1 Warehouse');
    expect(seen).toContain('windows-auth-no-proxy LoadCustomers.dtsx@SRV1 Warehouse');
    expect(seen).not.toContain('windows-auth-no-proxy LoadProducts.dtsx@SRV2 Warehouse');
    expect(r.report.counts.error).toBeGreaterThan(0);
  });
});

describe('Compare with Servers', () => {
  test('in sync after a deploy; then a changed package, a deleted job and a revoked proxy show up', async () => {
    const summary = value(await deploy.runAndWait([dtproj], null, null));
    expect(summary.counts.failed).toBe(0);
    const clean = value(await preflight.drift(dtproj));
    expect(clean.rows.map((r) => [r.packageName, r.server, r.inSync])).toEqual([
      ['Parent.dtsx', 'SRV1', true],
      ['LoadCustomers.dtsx', 'SRV1', true],
      ['LoadOrders.dtsx', 'SRV1', true],
      ['LoadProducts.dtsx', 'SRV2', true],
    ]);
    expect(clean.differences).toBe(0);

    const orders = join(dirname(dtproj), 'LoadOrders.dtsx');
    writeFileSync(orders, readFileSync(orders, 'utf8').replace(/DTS:VersionGUID="\{[^}]+\}"/, 'DTS:VersionGUID="{ABCDEF01-2345-6789-ABCD-EF0123456789}"'));
    await sa[0]!.request().input('job_name', sql.NVarChar(128), 'LoadBalancing - LoadCustomers').execute('msdb.dbo.sp_delete_job');
    await sa[1]!.request().input('proxy_name', sql.NVarChar(128), 'ETL Proxy').input('subsystem_name', sql.NVarChar(128), 'SSIS').execute('msdb.dbo.sp_revoke_proxy_from_subsystem');

    const drift = value(await preflight.drift(dtproj));
    const cell = (pkg: string, check: string) => drift.rows.find((r) => r.packageName === pkg)!.cells.find((c) => c.check === check)!;
    expect(cell('LoadOrders.dtsx', 'version')).toMatchObject({ state: 'differs' });
    expect(cell('LoadOrders.dtsx', 'version').detail).toContain('{ABCDEF01-2345-6789-ABCD-EF0123456789}');
    expect(cell('LoadCustomers.dtsx', 'job')).toEqual({ check: 'job', state: 'missing', detail: 'There is no job "LoadBalancing - LoadCustomers".' });
    expect(cell('LoadProducts.dtsx', 'proxy')).toEqual({ check: 'proxy', state: 'missing', detail: 'Proxy "ETL Proxy" is no longer granted to the SSIS subsystem.' });
    expect(drift.rows.find((r) => r.packageName === 'Parent.dtsx')!.inSync).toBe(true);
    expect(drift.differences).toBe(3);
  });
});

describe('Wire Child Jobs', () => {
  test('writes one task per child assignment into the parent on disk; a re-run changes nothing; a dry run writes nothing', async () => {
    const parent = join(dirname(dtproj), 'Parent.dtsx');
    const before = readFileSync(parent, 'utf8');
    const dry = value(await preflight.wire({ projectPath: dtproj, packageName: 'Parent.dtsx', mode: 'wait', order: 'sequence', dryRun: true }));
    expect(dry).toMatchObject({ changed: true, written: false });
    expect(readFileSync(parent, 'utf8')).toBe(before);

    const r = value(await preflight.wire({ projectPath: dtproj, packageName: 'Parent.dtsx', mode: 'wait', order: 'sequence', dryRun: false }));
    expect(r.tasks.map((t) => [t.name, t.connectionManager])).toEqual([
      ['LoadBalancing - LoadCustomers on SRV1', 'SRV1.msdb'],
      ['LoadBalancing - LoadOrders on SRV1', 'SRV1.msdb'],
      ['LoadBalancing - LoadProducts on SRV2', 'SRV2.msdb'],
    ]);
    const text = readFileSync(parent, 'utf8');
    expect(readWiring(text).tasks.map((t) => t.jobName)).toEqual(['LoadBalancing - LoadCustomers', 'LoadBalancing - LoadOrders', 'LoadBalancing - LoadProducts']);
    expect(text).toContain(`Data Source=${emu.servers[1]!.host},${emu.servers[1]!.port};Initial Catalog=msdb;`);
    const again = value(await preflight.wire({ projectPath: dtproj, packageName: 'Parent.dtsx', mode: 'wait', order: 'sequence', dryRun: false }));
    expect(again).toMatchObject({ changed: false, written: false });
    expect(readFileSync(parent, 'utf8')).toBe(text);
  });
});

describe('Topology', () => {
  test('parent → jobs → servers → children, from the wired tasks and the assignments', async () => {
    const t = value(await preflight.topology(dtproj));
    expect(t.parents).toEqual([
      {
        packageName: 'Parent.dtsx',
        order: 'sequence',
        links: [
          { taskName: 'LoadBalancing - LoadCustomers on SRV1', jobName: 'LoadBalancing - LoadCustomers', server: 'SRV1', childPackage: 'LoadCustomers.dtsx', mode: 'wait' },
          { taskName: 'LoadBalancing - LoadOrders on SRV1', jobName: 'LoadBalancing - LoadOrders', server: 'SRV1', childPackage: 'LoadOrders.dtsx', mode: 'wait' },
          { taskName: 'LoadBalancing - LoadProducts on SRV2', jobName: 'LoadBalancing - LoadProducts', server: 'SRV2', childPackage: 'LoadProducts.dtsx', mode: 'wait' },
        ],
      },
    ]);
    expect(t.unwired).toEqual([]);
  });
});
