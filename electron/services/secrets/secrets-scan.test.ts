/**
 * Issue #7 "nothing secret in plain text anywhere": a realistic session with known test passwords against two
 * emulated SQL Servers, through the app core as the desktop boots it (safeStorage-backed secret file, the
 * rotating log), a browser-mode ServersService (memory store), and `ssisd` commands that read passwords from
 * environment variables. Then every file written (user-data folders, logs, the solution folders with the
 * deploy sidecars, the built .ispac files unzipped, bin/, the file-system deploy target) and everything
 * printed is scanned for each password as UTF-8, UTF-16LE and base64; none may be found.
 */
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import type { RequestArgs, RequestChannel, ResponseOf } from '../../../shared/contract/channels.js';
import type { DeployRunView } from '../../../shared/contract/deploy.js';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { bootApp, type Booted } from '../../app/boot.js';
import { main } from '../../cli/ssisd.js';
import { logsDirOf, RotatingLog } from '../logs/index.js';
import { ServersService } from '../servers/index.js';
import { testSafeStorage } from '../servers/tests/test-safe-storage.js';
import { CORPUS_DIR, REPO_ROOT, SAMPLE_DIR } from '../solution/test-helpers.js';
import { MemorySecretStore } from './memory-store.js';

const SA_PASSWORD = 'Scan!Sa-Pw#2026';
const WRONG_PASSWORD = 'Wr0ng!Typed-Pw55';
const LOADER_PASSWORD = 'L0ader$ecret-7734';
const BROWSER_PASSWORD = 'Br0wser-Only!Pw91';
const PROXY_SECRET = 'Pr0xy-Wind0ws!Secret';
const CLI_PROXY_SECRET = 'Cli-Pr0xy!Secret-42';
const PROJECT_PASSWORD = 'ssis123';
const SECRETS = [SA_PASSWORD, WRONG_PASSWORD, LOADER_PASSWORD, BROWSER_PASSWORD, PROXY_SECRET, CLI_PROXY_SECRET, PROJECT_PASSWORD];

const PASSWORD_PROJECT = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProjectSQL2016');

let emu: RunningEmulator;
let root: string;
let booted: Booted;
let logger: RotatingLog;
const printed: string[] = [];

/** Each way a secret could sit in a file: UTF-8, UTF-16LE, and base64 of either at any byte alignment. */
function needles(secret: string): { form: string; bytes: Buffer }[] {
  const out = [
    { form: 'utf8', bytes: Buffer.from(secret, 'utf8') },
    { form: 'utf16le', bytes: Buffer.from(secret, 'utf16le') },
  ];
  for (const enc of ['utf8', 'utf16le'] as const) {
    const raw = Buffer.from(secret, enc);
    for (let shift = 0; shift < 3; shift++) {
      const b64 = Buffer.concat([Buffer.alloc(shift), raw]).toString('base64');
      // The characters that depend only on the secret's bytes, whatever precedes or follows it.
      const stable = b64.slice(Math.ceil((shift * 4) / 3), Math.floor(((shift + raw.length) * 4) / 3) - 1);
      out.push({ form: `base64(${enc}, shift ${shift})`, bytes: Buffer.from(stable, 'latin1') });
    }
  }
  return out;
}

function findSecrets(where: string, data: Buffer): string[] {
  const found: string[] = [];
  for (const secret of SECRETS) for (const n of needles(secret)) if (data.includes(n.bytes)) found.push(`${where}: ${JSON.stringify(secret)} as ${n.form}`);
  // Zips (.ispac) are scanned part by part too: their parts are deflated.
  if (data.length > 4 && data.readUInt32LE(0) === 0x04034b50) {
    for (const [name, part] of Object.entries(unzipSync(new Uint8Array(data)))) found.push(...findSecrets(`${where}!${name}`, Buffer.from(part)));
  }
  return found;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

async function call<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<ResponseOf<C>> {
  const r = await booted.core.dispatch(channel, args);
  if (!r.ok) throw new Error(`${channel}: ${r.error.code}: ${r.error.message}`);
  return r.value as ResponseOf<C>;
}

async function deployAndWait(args: RequestArgs<'deploy:run'>): Promise<NonNullable<DeployRunView['summary']>> {
  const { deployId } = await call('deploy:run', args);
  for (;;) {
    const view = await call('deploy:get', { deployId });
    if (view.summary) return view.summary;
    await new Promise((res) => setTimeout(res, 20));
  }
}

async function cli(...argv: string[]): Promise<number> {
  return main(argv, { out: (t) => void printed.push(t), err: (t) => void printed.push(t) });
}

const draft = (name: string, host: string, port: number, userName: string, password: string | null) =>
  ({ displayName: name, host, port, authentication: 'sql', userName, encrypt: 'optional', trustServerCertificate: true, certificatePem: null, password }) as const;
const JOB = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };

beforeAll(async () => {
  emu = await startEmulator({
    servers: [{ name: 'SCAN1', host: '127.0.0.2' }, { name: 'SCAN2', host: '127.0.0.3' }],
    saPassword: SA_PASSWORD,
    dtexec: '/bin/true',
    allowSqlLoginsForCatalog: true,
    logins: [{ name: 'loader', password: LOADER_PASSWORD, roles: ['SQLAgentUserRole', 'db_ssisltduser'] }],
  });
  root = mkdtempSync(join(tmpdir(), 'ssisd-secrets-scan-'));
  cpSync(SAMPLE_DIR, join(root, 'LoadBalancing'), { recursive: true });
  cpSync(PASSWORD_PROJECT, join(root, 'Locked'), { recursive: true });
  const userData = join(root, 'user-data');
  logger = new RotatingLog({ dir: logsDirOf(userData), echo: (line) => void printed.push(line) });
  booted = await bootApp({
    rootDir: REPO_ROOT,
    mode: 'electron',
    solutionPath: join(root, 'LoadBalancing', 'LoadBalancing.sln'),
    userDataDir: userData,
    safeStorage: testSafeStorage(),
    log: (line) => logger.info(line),
  });
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await booted?.core.close();
  await emu?.close();
  if (root) rmSync(root, { recursive: true, force: true });
});

describe('no test password is written or printed anywhere', () => {
  test('servers, proxies, deploys (catalog, msdb, file), builds, a password project and ssisd', async () => {
    // Whatever reaches the terminal (tedious, mssql, our own echo) is captured too.
    const capture = (chunk: unknown) => (printed.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8')), true);
    vi.spyOn(process.stdout, 'write').mockImplementation(capture);
    vi.spyOn(process.stderr, 'write').mockImplementation(capture);
    const [s1, s2] = emu.servers as [RunningEmulator['servers'][0], RunningEmulator['servers'][0]];
    const sample = join(root, 'LoadBalancing', 'LoadBalancing', 'LoadBalancing.dtproj');

    // Desktop: servers with saved passwords (safeStorage file), a wrong one first, a Test Connection that fails.
    const srv1 = await call('servers:add', draft('SCAN1', s1.host, s1.port, 'sa', SA_PASSWORD));
    const srv2 = await call('servers:add', draft('SCAN2', s2.host, s2.port, 'sa', WRONG_PASSWORD));
    const failed = await booted.core.dispatch('servers:test', { serverId: srv2.id });
    expect(failed.ok || failed.error.message).toContain('Login failed');
    if (!failed.ok) logger.warn(`Test Connection: ${failed.error.message}`);
    await call('servers:setPassword', { serverId: srv2.id, password: SA_PASSWORD });
    const loader = await call('servers:add', draft('SCAN1 loader', s1.host, s1.port, 'loader', LOADER_PASSWORD));
    await call('servers:test', { serverId: loader.id });
    await call('servers:testDraft', draft('draft', s2.host, s2.port, 'sa', SA_PASSWORD));
    const proxy = await booted.core.dispatch('proxies:create', { serverId: srv1.id, name: 'Scan Proxy', credentialName: null, identity: 'CORP\\svc_scan', secret: PROXY_SECRET, description: null, logins: ['loader'] });
    expect(proxy.ok, proxy.ok ? '' : proxy.error.message).toBe(true);

    // Browser mode: the memory store.
    const browser = new ServersService({ userDataDir: join(root, 'browser-user-data'), secrets: new MemorySecretStore(), log: (line) => logger.info(line) });
    const added = await browser.add(draft('BROWSER', s2.host, s2.port, 'sa', null), BROWSER_PASSWORD);
    expect(added.ok).toBe(true);
    if (added.ok) await browser.test(added.value.id);
    await browser.close();

    // Deploy to the catalog, msdb (with the proxy) and a file share; twice; then Build.
    const share = join(root, 'share');
    await call('deploy:assign', { projectPath: sample, serverId: srv1.id, packageNames: ['LoadCustomers.dtsx'], target: { kind: 'msdb', folder: 'ETL' }, job: { ...JOB, proxy: 'Scan Proxy' }, rememberDefaults: true });
    await call('deploy:assign', { projectPath: sample, serverId: srv2.id, packageNames: ['LoadOrders.dtsx'], target: { kind: 'catalog', folder: 'ETL', project: 'LoadBalancing' }, job: JOB, rememberDefaults: true });
    await call('deploy:assign', { projectPath: sample, serverId: srv2.id, packageNames: ['LoadProducts.dtsx'], target: { kind: 'file', path: share, copyTo: null }, job: JOB, rememberDefaults: false });
    const first = await deployAndWait({ projectPaths: [sample], assignmentIds: null, servers: null });
    expect(first.outcomes.map((o) => [o.packageName, o.outcome, o.error?.message ?? null])).toEqual([
      ['LoadCustomers.dtsx', 'created', null],
      ['LoadOrders.dtsx', 'created', null],
      ['LoadProducts.dtsx', 'created', null],
    ]);
    expect((await deployAndWait({ projectPaths: [sample], assignmentIds: null, servers: null })).counts.unchanged).toBe(3);
    await call('build:project', { projectPath: sample });

    // The password project: unlocked in the Solution Explorer, deployed, built; then with the password given to the run.
    const lockedSln = join(root, 'Locked', 'SampleSSISProjectSQL2016.sln');
    const lockedProj = join(root, 'Locked', 'SampleSSISProject', 'SampleSSISProject.dtproj');
    await call('solution:open', { path: lockedSln });
    await call('solution:unlockProject', { projectPath: lockedProj, password: PROJECT_PASSWORD });
    await call('deploy:assign', { projectPath: lockedProj, serverId: srv1.id, packageNames: ['Package 221.dtsx'], target: { kind: 'msdb', folder: 'Locked' }, job: JOB, rememberDefaults: true });
    expect((await deployAndWait({ projectPaths: [lockedProj], assignmentIds: null, servers: null })).counts.created).toBe(1);
    await call('build:project', { projectPath: lockedProj, password: PROJECT_PASSWORD });
    expect((await deployAndWait({ projectPaths: [lockedProj], assignmentIds: null, servers: null, projectPasswords: [{ projectPath: lockedProj, password: PROJECT_PASSWORD }] })).counts.unchanged).toBe(1);

    // ssisd with the passwords in environment variables only.
    const cliUserData = join(root, 'cli-user-data');
    const env = { SSISD_USER_DATA: cliUserData, SCAN_SA_PW: SA_PASSWORD, SCAN_PROJECT_PW: PROJECT_PASSWORD, SCAN_PROXY_SECRET: CLI_PROXY_SECRET };
    Object.assign(process.env, env);
    try {
      expect(await cli('server', 'add', 'CLI1', '--host', s1.host, '--port', String(s1.port), '--user', 'sa', '--password-env', 'SCAN_SA_PW', '--encrypt', 'optional', '--trust-server-certificate')).toBe(0);
      expect(await cli('server', 'list', '--json')).toBe(0);
      expect(await cli('assign', sample, 'LoadCustomers.dtsx', 'CLI1', '--target', 'msdb', '--folder', 'CLI')).toBe(0);
      expect(await cli('deploy', sample, '--server', 'CLI1')).toBe(0);
      expect(await cli('proxy', 'add', '--server', 'CLI1', '--name', 'CLI Proxy', '--identity', 'CORP\\svc_cli', '--secret-env', 'SCAN_PROXY_SECRET')).toBe(0);
      expect(await cli('build', lockedProj, '--password-env', 'SCAN_PROJECT_PW')).toBe(0);
      const serversFile = join(root, 'servers-for-ci.json');
      writeFileSync(serversFile, JSON.stringify({ servers: [{ displayName: 'SCAN1', host: s1.host, port: s1.port, userName: 'sa', passwordEnv: 'SCAN_SA_PW', encrypt: 'optional', trustServerCertificate: true }] }));
      expect(await cli('deploy', lockedSln, '--servers', serversFile, '--password-env', 'SCAN_PROJECT_PW')).toBe(0);
      // A failing command prints its error: still no password in it.
      expect(await cli('deploy', lockedSln, '--servers', serversFile)).toBe(1);
    } finally {
      for (const k of Object.keys(env)) delete process.env[k];
    }
    await booted.core.close();
    vi.restoreAllMocks();

    // What was written is really there (so the scan means something) ...
    const files = filesUnder(root);
    for (const must of [
      join(root, 'user-data', 'servers.json'),
      join(root, 'user-data', 'secrets.json'),
      join(logsDirOf(join(root, 'user-data')), 'ssisd.log'),
      `${sample}.deploy.json`,
      `${lockedProj}.deploy.json`,
      join(root, 'LoadBalancing', 'LoadBalancing', 'bin', 'Development', 'LoadBalancing.ispac'),
      join(share, 'LoadProducts.dtsx'),
      join(cliUserData, 'cli-password-env.json'),
    ]) {
      expect(files, must).toContain(must);
    }
    expect(files.some((f) => f.startsWith(join(root, 'Locked', 'SampleSSISProject', 'bin')) && f.endsWith('.ispac'))).toBe(true);
    expect(readFileSync(join(logsDirOf(join(root, 'user-data')), 'ssisd.log'), 'utf8')).toContain('Login failed');
    // ... the scanner finds a planted secret in every form ...
    for (const n of needles(PROXY_SECRET)) expect(findSecrets('planted', Buffer.concat([Buffer.from('<x>'), n.bytes, Buffer.from('</x>')])).length).toBeGreaterThan(0);
    expect(findSecrets('planted', Buffer.from(`{"v":"${Buffer.from(`pw=${SA_PASSWORD};`).toString('base64')}"}`)).length).toBeGreaterThan(0);
    // ... and no file, nor anything printed, holds a password.
    const found = files.flatMap((f) => findSecrets(f, readFileSync(f)));
    found.push(...findSecrets('stdout/stderr', Buffer.from(printed.join(''), 'utf8')));
    expect(found).toEqual([]);
    expect(existsSync(join(root, 'browser-user-data', 'secrets.json'))).toBe(false);
  }, 120_000);
});
