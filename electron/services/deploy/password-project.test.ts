/**
 * Deploying a password-protected project (the corpus's EncryptAllWithPassword SampleSSISProjectSQL2016,
 * password "ssis123") to an emulator: locked until the password is known; with the one given when the
 * project was unlocked in the Solution Explorer, or the one given with the run, the package bytes land in
 * msdb and on the file share and the catalog's .ispac is built with it; the password is written nowhere.
 */
import { readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { main } from '../../cli/ssisd.js';
import { ispacBytesForProject } from '../build/index.js';
import { SolutionService } from '../solution/service.js';
import { CORPUS_DIR, tempCopy } from '../solution/test-helpers.js';
import { DeployService } from './deploy-service.js';
import { jobOnServer, msdbPackageBytes, SA_PASSWORD, saPool, serversFor, value } from './tests/fixtures.js';

const PROJECT_PASSWORD = 'ssis123';
const CORPUS_PROJECT = join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProjectSQL2016', 'SampleSSISProject');
const JOB = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };

let emu: RunningEmulator;
let servers: Awaited<ReturnType<typeof serversFor>>;
let sa: sql.ConnectionPool;
let sa2: sql.ConnectionPool;
let copyRoot: string;
let dtproj: string;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'PW1', host: '127.0.0.2' }, { name: 'PW2', host: '127.0.0.3' }], saPassword: SA_PASSWORD, dtexec: '/bin/true', allowSqlLoginsForCatalog: true });
  servers = await serversFor(emu.servers);
  sa = await saPool(emu.servers[0]!.host, emu.servers[0]!.port);
  sa2 = await saPool(emu.servers[1]!.host, emu.servers[1]!.port);
  const copy = tempCopy(CORPUS_PROJECT, 'ssisd-pw-deploy-');
  copyRoot = dirname(copy);
  dtproj = join(copy, 'SampleSSISProject.dtproj');
}, 60_000);

afterAll(async () => {
  await sa?.close();
  await sa2?.close();
  await servers?.close();
  await emu?.close();
  if (copyRoot) rmSync(copyRoot, { recursive: true, force: true });
});

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? filesUnder(join(dir, n)) : [join(dir, n)]));
}

describe('deploy of an EncryptAllWithPassword project', () => {
  test('locked without the password; the Solution Explorer unlock opens it for assign and deploy (msdb, file, catalog build)', async () => {
    const [id1, id2] = value(await servers.servers.list()).servers.map((s) => s.id);
    const locked = new DeployService({ servers: servers.servers, buildIspac: null });
    const r = await locked.listAssignments(dtproj);
    expect(r.ok || r.error).toMatchObject({ code: 'LOCKED', message: expect.stringContaining('unlock the project in the Solution Explorer'), details: { path: dtproj, needsPassword: true } });
    await locked.close();

    const solution = new SolutionService({ watch: false });
    try {
      value(await solution.open({ path: dtproj }));
      value(await solution.unlockProject({ projectPath: dtproj, password: PROJECT_PASSWORD }));
      const built: string[] = [];
      const deploy = new DeployService({
        servers: servers.servers,
        buildIspac: (p, password) => (built.push(password ?? '(none)'), ispacBytesForProject(p, { password })),
        projectPassword: (p) => solution.projectPassword(p),
      });
      value(await deploy.assign(dtproj, id1!, ['Package 221.dtsx'], { kind: 'msdb', folder: 'Locked' }, JOB, false));
      value(await deploy.assign(dtproj, id2!, ['Package 221.dtsx'], { kind: 'file', path: join(copyRoot, 'server-share'), copyTo: null }, JOB, false));
      const summary = value(await deploy.runAndWait([dtproj], null, null));
      expect(summary.outcomes.map((o) => [o.server, o.packageName, o.outcome, o.error?.message ?? null])).toEqual([
        ['PW1', 'Package 221.dtsx', 'created', null],
        ['PW2', 'Package 221.dtsx', 'created', null],
      ]);
      // The file share gets the package as it is; the catalog's .ispac is built with the password (below).
      expect(readFileSync(join(copyRoot, 'server-share', 'Package 221.dtsx')).equals(readFileSync(join(dirname(dtproj), 'Package 221.dtsx')))).toBe(true);
      // msdb holds the package as it is on disk (still encrypted with the project password).
      expect((await msdbPackageBytes(sa, 'Locked', 'Package 221'))!.equals(readFileSync(join(dirname(dtproj), 'Package 221.dtsx')))).toBe(true);
      expect((await jobOnServer(sa, 'SampleSSISProject - Package 221'))!.steps[0]!.command).toBe('/SQL "\\"\\Locked\\Package 221\\"" /SERVER "\\"PW1\\"" /CHECKPOINTING OFF /REPORTING E');
      value(await deploy.assign(dtproj, id2!, ['Package 221.dtsx'], { kind: 'catalog', folder: 'Locked', project: 'SampleSSISProject' }, JOB, false));
      await deploy.runAndWait([dtproj], null, ['PW2']);
      expect(built).toEqual([PROJECT_PASSWORD]);
      value(await deploy.assign(dtproj, id2!, ['Package 221.dtsx'], { kind: 'file', path: join(copyRoot, 'server-share'), copyTo: null }, JOB, false));
      await deploy.close();
    } finally {
      await solution.close();
    }
    for (const f of filesUnder(copyRoot)) expect(readFileSync(f, 'latin1').includes(PROJECT_PASSWORD), f).toBe(false);
  }, 60_000);

  test('a password given with the run is used for it and its retry; a wrong one is BAD_PASSWORD naming the project', async () => {
    const deploy = new DeployService({ servers: servers.servers, buildIspac: (p, password) => ispacBytesForProject(p, { password }) });
    const wrong = await deploy.runAndWait([dtproj], null, null, [{ projectPath: dtproj, password: 'nope' }]);
    expect(wrong.ok || wrong.error).toMatchObject({ code: 'BAD_PASSWORD', message: 'The password given for SampleSSISProject.dtproj is not correct.', details: { path: dtproj } });
    const summary = value(await deploy.runAndWait([dtproj], null, null, [{ projectPath: dtproj, password: PROJECT_PASSWORD }]));
    expect(summary.counts).toMatchObject({ failed: 0, cancelled: 0 });
    expect(summary.counts.unchanged).toBe(2);
    await deploy.close();
  }, 60_000);

  test('ssisd deploy --password-env VAR opens the project with the password in that variable', async () => {
    const file = join(copyRoot, 'servers.json');
    const s = emu.servers[0]!;
    writeFileSync(file, JSON.stringify({ servers: [{ displayName: 'PW1', host: s.host, port: s.port, userName: 'sa', passwordEnv: 'PW_TEST_SA', encrypt: 'optional', trustServerCertificate: true }] }));
    let out = '';
    let err = '';
    const io = { out: (t: string) => void (out += t), err: (t: string) => void (err += t) };
    process.env.PW_TEST_SA = SA_PASSWORD;
    process.env.PW_TEST_PROJECT = PROJECT_PASSWORD;
    try {
      expect(await main(['deploy', dtproj, '--servers', file, '--server', 'PW1'], io)).toBe(1);
      expect(out).toBe('');
      expect(err).toContain('unlock the project in the Solution Explorer (or give its password)');
      out = err = '';
      expect(await main(['deploy', dtproj, '--servers', file, '--server', 'PW1', '--password-env', 'PW_TEST_PROJECT'], io)).toBe(0);
      expect(err).toBe('');
      expect(out).toContain("PW1: Package 221.dtsx: package unchanged, job 'SampleSSISProject - Package 221' unchanged\n");
    } finally {
      delete process.env.PW_TEST_SA;
      delete process.env.PW_TEST_PROJECT;
    }
    expect(out + err).not.toContain(PROJECT_PASSWORD);
  }, 60_000);
});
