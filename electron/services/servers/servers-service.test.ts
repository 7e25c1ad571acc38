/**
 * ServersService against real emulated SQL Servers over TCP with the real mssql client:
 * registration files, secrets, Test Connection, errors, and the Object Explorer reads.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { MSDB_ROOT_FOLDER_ID, type ServerDraft } from '../../../shared/model/server.js';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { SafeStorageSecretStore } from '../secrets/safe-storage-store.js';
import { ServersService } from './servers-service.js';
import { addCatalogFolder, addJob, addMsdbFolder, deployCatalogProject, minimalIspac, putPackage, runJobAndWait, saPool } from './tests/emulator-setup.js';
import { testSafeStorage } from './tests/test-safe-storage.js';

const SA_PASSWORD = 'Test!Pass1';
const READER_PASSWORD = 'Read!er-Pw9';
const WEIRD = `Load "Sales" [EU] 'x' ü`;

let emu: RunningEmulator;
let dir: string;
let service: ServersService;
let sa: sql.ConnectionPool;

function draft(i: 0 | 1, more: Partial<ServerDraft> = {}): ServerDraft {
  const s = emu.servers[i]!;
  return { displayName: s.name, host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true, ...more };
}

async function freePortThatIsClosed(host: string): Promise<number> {
  const srv = createServer();
  await new Promise<void>((res) => srv.listen(0, host, res));
  const port = (srv.address() as { port: number }).port;
  await new Promise((res) => srv.close(res));
  return port;
}

function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

beforeAll(async () => {
  emu = await startEmulator({
    servers: [{ name: 'SRV1', host: '127.0.0.2' }, { name: 'SRV2', host: '127.0.0.3' }],
    saPassword: SA_PASSWORD,
    dtexec: '/bin/true',
    allowSqlLoginsForCatalog: true,
    logins: [
      { name: 'reader', password: READER_PASSWORD, roles: ['SQLAgentReaderRole'] },
      { name: 'plain', password: READER_PASSWORD, roles: [] },
    ],
  });
  dir = await mkdtemp(join(tmpdir(), 'servers-service-'));
  service = new ServersService({ userDataDir: dir, secrets: new SafeStorageSecretStore(testSafeStorage(), join(dir, 'secrets.json')), timeouts: { connectMs: 5000 } });
  sa = await saPool(emu.servers[0]!.host, emu.servers[0]!.port, SA_PASSWORD);
});

afterAll(async () => {
  await service?.close();
  await sa?.close();
  await emu?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('registrations and secrets', () => {
  test('add saves the list without the password; the secrets file holds only ciphertext', async () => {
    const reg = value(await service.add(draft(0), SA_PASSWORD));
    expect(reg.id).toMatch(/^[0-9a-f-]{36}$/);
    const list = value(await service.list());
    expect(list.servers.map((s) => [s.displayName, s.passwordSaved])).toEqual([['SRV1', true]]);
    expect(list.secretStore).toEqual({ kind: 'safeStorage', persistent: true });
    const file = await readFile(service.registrationsFile, 'utf8');
    expect(JSON.parse(file).servers[0]).toMatchObject({ id: reg.id, host: '127.0.0.2', userName: 'sa' });
    expect(file).not.toContain(SA_PASSWORD);
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain(SA_PASSWORD);
    expect(file).not.toMatch(/password/i);
  });

  test('a second name that differs only in case is refused; bad fields name the field', async () => {
    const r = await service.add(draft(1, { displayName: 'srv1' }), SA_PASSWORD);
    expect(r.ok ? null : r.error.code).toBe('ALREADY_EXISTS');
    const bad = await service.add(draft(1, { displayName: 'X', host: 'a b' }), SA_PASSWORD);
    expect(bad.ok ? null : bad.error.details?.field).toBe('host');
    const win = await service.add(draft(1, { displayName: 'X', authentication: 'windows', userName: 'nodomain' }), 'pw');
    expect(win.ok ? null : win.error.message).toMatch(/DOMAIN\\user/);
    expect(value(await service.list()).servers).toHaveLength(1);
  });

  test('update keeps the saved password when none is given, and reconnects with the new settings', async () => {
    const extra = value(await service.add(draft(1, { displayName: 'Temp' }), SA_PASSWORD));
    expect(value(await service.test(extra.id)).serverName).toBe('SRV2');
    const moved = value(await service.update(extra.id, draft(0, { displayName: 'Temp [moved]' }), null));
    expect(moved).toMatchObject({ id: extra.id, displayName: 'Temp [moved]', host: '127.0.0.2' });
    expect(value(await service.test(extra.id)).serverName).toBe('SRV1');
    const clash = await service.update(extra.id, draft(0), null);
    expect(clash.ok ? null : clash.error.code).toBe('ALREADY_EXISTS');
    value(await service.remove(extra.id));
    expect(await readFile(join(dir, 'secrets.json'), 'utf8')).not.toContain(extra.id);
  });

  test('a damaged list file is reported and left as it was', async () => {
    const other = await mkdtemp(join(tmpdir(), 'servers-bad-'));
    try {
      await writeFile(join(other, 'servers.json'), '{"version":1,"servers":[{"id":', 'utf8');
      const s = new ServersService({ userDataDir: other, secrets: new MemorySecretStore() });
      const r = await s.add(draft(0), SA_PASSWORD);
      expect(r.ok ? null : r.error.code).toBe('PARSE_ERROR');
      expect(await readFile(join(other, 'servers.json'), 'utf8')).toBe('{"version":1,"servers":[{"id":');
      await s.close();
    } finally {
      await rm(other, { recursive: true, force: true });
    }
  });

  test('with the session-memory store a new start asks for the password again', async () => {
    const memory = new ServersService({ userDataDir: dir, secrets: new MemorySecretStore() });
    try {
      const list = value(await memory.list());
      expect(list.secretStore).toEqual({ kind: 'memory', persistent: false });
      expect(list.servers[0]!.passwordSaved).toBe(false);
      const r = await memory.test(list.servers[0]!.id);
      expect(r.ok ? null : r.error).toMatchObject({ code: 'LOCKED', details: { needsPassword: true } });
      value(await memory.setPassword(list.servers[0]!.id, SA_PASSWORD));
      expect(value(await memory.test(list.servers[0]!.id)).serverName).toBe('SRV1');
      expect(await readFile(service.registrationsFile, 'utf8')).not.toContain(SA_PASSWORD);
    } finally {
      await memory.close();
    }
  });
});

describe('Test Connection', () => {
  test('answers version, @@SERVERNAME, roles, SSISDB and the SSIS subsystem', async () => {
    const id = value(await service.list()).servers[0]!.id;
    const info = value(await service.test(id));
    expect(info).toMatchObject({ serverName: 'SRV1', login: 'sa', ssisdb: true, ssisSubsystem: true, roles: { sysadmin: true } });
    expect(info.productVersion).toMatch(/^\d+\.\d+\./);
    expect(info.majorVersion).toBeGreaterThanOrEqual(11);
    expect(info.edition).not.toBe('');
  });

  test('SQL Server Agent state is read from sys.dm_server_services', async () => {
    const id = value(await service.list()).servers[0]!.id;
    const info = value(await service.test(id));
    expect({ agent: info.agent, detail: info.agentDetail }).toEqual({ agent: 'running', detail: null });
  });

  test('a login with only SQLAgentReaderRole: roles as the server reports them', async () => {
    const info = value(await service.testDraft(draft(0, { displayName: 'reader', userName: 'reader' }), READER_PASSWORD));
    expect(info.login).toBe('reader');
    expect(info.roles).toMatchObject({ sysadmin: false, sqlAgentReaderRole: true, sqlAgentOperatorRole: false });
  });

  test('a wrong password surfaces SQL Server error 18456 and never the password', async () => {
    const wrong = 'Wrong!Secret-77';
    const r = await service.testDraft(draft(1, { displayName: 'bad' }), wrong);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error).toMatchObject({ code: 'BAD_PASSWORD', details: { sqlErrorNumber: 18456 } });
    expect(r.error.message).toMatch(/Login failed for user 'sa'/);
    expect(JSON.stringify(r.error)).not.toContain(wrong);
  });

  test('a server that is down gives a clear error quickly', async () => {
    const port = await freePortThatIsClosed('127.0.0.4');
    const started = Date.now();
    const r = await service.testDraft(draft(1, { displayName: 'down', host: '127.0.0.4', port }), SA_PASSWORD);
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CONNECTION_ERROR', details: { endpoint: `127.0.0.4:${port}` } });
    expect(r.ok ? '' : r.error.message).toMatch(new RegExp(`^Cannot connect to 127\\.0\\.0\\.4:${port}: the server is not reachable`));
    expect(Date.now() - started).toBeLessThan(5000);
  });

  test('Windows authentication goes to the server as NTLM (the emulator answers integrated logins with 18452)', async () => {
    const r = await service.testDraft(draft(1, { displayName: 'win', authentication: 'windows', userName: 'CORP\\etl' }), 'Win!Pass1');
    expect(r.ok ? null : r.error).toMatchObject({ code: 'CONNECTION_ERROR', details: { sqlErrorNumber: 18452 } });
  });

  test('mandatory encryption with an untrusted certificate is explained; the certificate makes it work', async () => {
    const untrusted = await service.testDraft(draft(1, { displayName: 'tls', encrypt: 'mandatory', trustServerCertificate: false }), SA_PASSWORD);
    expect(untrusted.ok ? null : untrusted.error.message).toMatch(/certificate is not trusted.*Trust server certificate/);
    const withCa = await service.testDraft(
      draft(1, { displayName: 'tls', encrypt: 'mandatory', trustServerCertificate: false, certificatePem: emu.servers[1]!.certificatePem }),
      SA_PASSWORD,
    );
    expect(value(withCa).serverName).toBe('SRV2');
  });

  test("strict encryption (TDS 8) ignores 'trust' and validates against the given certificate", async () => {
    const noCa = await service.testDraft(draft(1, { displayName: 'strict', encrypt: 'strict', trustServerCertificate: true }), SA_PASSWORD);
    expect(noCa.ok ? null : noCa.error.message).toMatch(/strict encryption the certificate is always validated/);
    const ok = await service.testDraft(
      draft(1, { displayName: 'strict', encrypt: 'strict', trustServerCertificate: false, certificatePem: emu.servers[1]!.certificatePem }),
      SA_PASSWORD,
    );
    expect(value(ok).serverName).toBe('SRV2');
  });
});

describe('browse', () => {
  let id: string;
  beforeAll(async () => {
    id = value(await service.list()).servers[0]!.id;
  });

  test('jobs: status, last outcome and decoded history, with quotes and brackets in the name', async () => {
    const jobId = await addJob(sa, WEIRD);
    await addJob(sa, 'Disabled one', { enabled: false });
    await runJobAndWait(sa, jobId);
    const r = value(await service.browse(id, 'jobs'));
    if (r.node !== 'jobs') throw new Error('wrong node');
    const job = r.jobs.find((j) => j.name === WEIRD);
    expect(job).toMatchObject({ jobId: jobId.toUpperCase(), enabled: true, lastOutcome: 'succeeded', currentStatus: 'idle', hasSteps: true, hasTarget: true });
    expect(job!.lastRunAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(r.jobs.find((j) => j.name === 'Disabled one')).toMatchObject({ enabled: false, lastOutcome: null, lastRunAt: null });

    const history = value(await service.jobHistory(id, jobId));
    expect(history).toHaveLength(2);
    expect(history.map((h) => [h.stepId, h.outcome])).toEqual(expect.arrayContaining([[0, 'succeeded'], [1, 'succeeded']]));
    const outcomeRow = history.find((h) => h.stepId === 0)!;
    expect(outcomeRow.runAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
    expect(Math.abs(Date.parse(outcomeRow.runAt!) - Date.now())).toBeLessThan(60_000);
    expect(outcomeRow.durationSeconds).toBeGreaterThanOrEqual(0);
    expect(history.find((h) => h.stepId === 1)!.stepName).toBe('Run it');
  });

  test('job history of a job that does not exist: SQL Server error 14262', async () => {
    const r = await service.jobHistory(id, '11111111-2222-3333-4444-555555555555');
    expect(r.ok ? null : r.error).toMatchObject({ code: 'SQL_ERROR', details: { sqlErrorNumber: 14262 } });
    const bad = await service.jobHistory(id, "x'; DROP TABLE y --");
    expect(bad.ok ? null : bad.error.code).toBe('INVALID_ARGUMENT');
  });

  test('msdb: folders and packages as a tree', async () => {
    const sales = await addMsdbFolder(sa, MSDB_ROOT_FOLDER_ID, 'Sales [EU]');
    const daily = await addMsdbFolder(sa, sales, "Daily 'load'");
    const pkgId = await putPackage(sa, daily, 'Child "1"', Buffer.from('<DTS:Executable/>'));
    await putPackage(sa, MSDB_ROOT_FOLDER_ID, 'AtRoot', Buffer.from('<x/>'));
    const r = value(await service.browse(id, 'msdb'));
    if (r.node !== 'msdb') throw new Error('wrong node');
    expect(r.root.packages.map((p) => p.name)).toContain('AtRoot');
    const salesNode = r.root.folders.find((f) => f.name === 'Sales [EU]')!;
    expect(salesNode).toMatchObject({ folderId: sales, path: '\\Sales [EU]' });
    const dailyNode = salesNode.folders[0]!;
    expect(dailyNode).toMatchObject({ name: "Daily 'load'", path: "\\Sales [EU]\\Daily 'load'" });
    expect(dailyNode.packages).toEqual([
      expect.objectContaining({ name: 'Child "1"', id: pkgId, folderId: daily, version: '1.2.3', sizeBytes: 17, description: 'test package' }),
    ]);
  });

  test('catalog: SSISDB folders, projects and packages with their entry-point flags', async () => {
    await addCatalogFolder(sa, "Fin'ance");
    await addCatalogFolder(sa, 'Empty');
    await deployCatalogProject(sa, "Fin'ance", 'Loader', minimalIspac('Loader', [{ name: 'Child 1.dtsx', entryPoint: true }, { name: 'Inner.dtsx', entryPoint: false }]));
    const r = value(await service.browse(id, 'catalog'));
    if (r.node !== 'catalog') throw new Error('wrong node');
    expect(r.catalog).toMatchObject({ present: true, detail: null });
    expect(r.catalog.folders.map((f) => [f.name, f.projects.length])).toEqual([['Empty', 0], ["Fin'ance", 1]]);
    const project = r.catalog.folders[1]!.projects[0]!;
    expect(project).toMatchObject({ name: 'Loader', deployedBy: 'sa' });
    expect(project.lastDeployedTime).not.toBeNull();
    expect(project.packages.map((p) => [p.name, p.entryPoint])).toEqual([['Child 1.dtsx', true], ['Inner.dtsx', false]]);
  });

  test('proxies: credential, enabled and granted subsystems', async () => {
    await sa.request().batch("CREATE CREDENTIAL [Etl Cred] WITH IDENTITY = 'CORP\\etl', SECRET = 'not-a-real-secret'");
    await sa
      .request()
      .input('proxy_name', sql.NVarChar(128), 'SSIS [runner]')
      .input('credential_name', sql.NVarChar(128), 'Etl Cred')
      .output('proxy_id', sql.Int)
      .execute('msdb.dbo.sp_add_proxy');
    await sa.request().input('proxy_name', sql.NVarChar(128), 'SSIS [runner]').input('subsystem_name', sql.NVarChar(128), 'SSIS').execute('msdb.dbo.sp_grant_proxy_to_subsystem');
    const r = value(await service.browse(id, 'proxies'));
    if (r.node !== 'proxies') throw new Error('wrong node');
    expect(r.proxies).toEqual([
      expect.objectContaining({ name: 'SSIS [runner]', credentialName: 'Etl Cred', credentialIdentity: 'CORP\\etl', enabled: true, subsystems: ['SSIS'] }),
    ]);
  });

  test('what a SQLAgentReaderRole login sees, and SQL Server error 229 for a login without Agent rights', async () => {
    const reader = value(await service.add({ ...draft(0), displayName: 'SRV1 as reader', userName: 'reader' }, READER_PASSWORD));
    const plain = value(await service.add({ ...draft(0), displayName: 'SRV1 as plain', userName: 'plain' }, READER_PASSWORD));
    try {
      const jobs = value(await service.browse(reader.id, 'jobs'));
      expect(jobs.node === 'jobs' ? jobs.jobs.map((j) => j.name) : null).toContain(WEIRD);
      const proxies = value(await service.browse(reader.id, 'proxies'));
      for (const p of proxies.node === 'proxies' ? proxies.proxies : []) expect(p).toMatchObject({ credentialIdentity: null, subsystems: null });
      const denied = await service.browse(plain.id, 'jobs');
      expect(denied.ok ? null : denied.error).toMatchObject({ code: 'SQL_ERROR', details: { sqlErrorNumber: 229 } });
      const info = value(await service.test(plain.id));
      expect(info).toMatchObject({ login: 'plain', ssisSubsystem: null, roles: { sysadmin: false, sqlAgentUserRole: false } });
    } finally {
      await service.remove(reader.id);
      await service.remove(plain.id);
    }
  });

  test('the second server is browsed independently', async () => {
    const srv2 = value(await service.add(draft(1), SA_PASSWORD));
    const r = value(await service.browse(srv2.id, 'jobs'));
    expect(r.node === 'jobs' ? r.jobs : null).toEqual([]);
  });
});

describe('a server that goes away', () => {
  test('browse explains the failure, and works again once the server is back', async () => {
    const solo = await startEmulator({ servers: [{ name: 'SOLO', host: '127.0.0.5' }], saPassword: SA_PASSWORD });
    const port = solo.servers[0]!.port;
    let restarted: RunningEmulator | null = null;
    try {
      const reg = value(await service.add({ ...draft(0), displayName: 'SOLO', host: '127.0.0.5', port }, SA_PASSWORD));
      expect(value(await service.browse(reg.id, 'jobs'))).toEqual({ node: 'jobs', jobs: [] });
      await solo.close();
      const started = Date.now();
      const down = await service.browse(reg.id, 'jobs');
      expect(down.ok ? null : down.error.code).toBe('CONNECTION_ERROR');
      expect(Date.now() - started).toBeLessThan(6000);
      restarted = await startEmulator({ servers: [{ name: 'SOLO', host: '127.0.0.5', port }], saPassword: SA_PASSWORD });
      expect(value(await service.browse(reg.id, 'jobs')).node).toBe('jobs');
      value(await service.remove(reg.id));
    } finally {
      await solo.close();
      await restarted?.close();
    }
  });
});

describe('remove', () => {
  test('forgets the registration and its password', async () => {
    const list = value(await service.list());
    const srv2 = list.servers.find((s) => s.displayName === 'SRV2')!;
    const after = value(await service.remove(srv2.id));
    expect(after.servers.map((s) => s.displayName)).toEqual(['SRV1']);
    expect((await service.browse(srv2.id, 'jobs')).ok).toBe(false);
    const again = await service.remove(srv2.id);
    expect(again.ok ? null : again.error.code).toBe('NOT_FOUND');
  });
});
