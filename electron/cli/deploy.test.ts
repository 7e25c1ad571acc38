/**
 * `ssisd server add|list`, `ssisd assign` and `ssisd deploy` in-process against two emulators, with the
 * passwords only in environment variables (named on `server add` or in a --servers file).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import { closedPort, jobOnServer, SA_PASSWORD, saPool, removeSampleProject, sampleProject } from '../services/deploy/tests/fixtures.js';
import { runCli as run } from './run-cli.js';

let emu: RunningEmulator;
let userData: string;
let dtproj: string;
let sa: sql.ConnectionPool;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'CLI1', host: '127.0.0.2' }, { name: 'CLI2', host: '127.0.0.3' }], saPassword: SA_PASSWORD, dtexec: '/bin/true', allowSqlLoginsForCatalog: true });
  userData = mkdtempSync(join(tmpdir(), 'ssisd-cli-deploy-'));
  process.env.SSISD_USER_DATA = userData;
  process.env.DEPLOY_TEST_PW = SA_PASSWORD;
  dtproj = sampleProject();
  sa = await saPool(emu.servers[0]!.host, emu.servers[0]!.port);
});

afterAll(async () => {
  delete process.env.SSISD_USER_DATA;
  delete process.env.DEPLOY_TEST_PW;
  await sa?.close();
  await emu?.close();
  if (userData) rmSync(userData, { recursive: true, force: true });
  if (dtproj) removeSampleProject(dtproj);
});

describe('ssisd server', () => {
  test('server add remembers the variable name, never the password; server list shows it', async () => {
    for (const s of emu.servers) {
      const r = await run('server', 'add', s.name, '--host', s.host, '--port', String(s.port), '--user', 'sa', '--password-env', 'DEPLOY_TEST_PW', '--trust-server-certificate', '--encrypt', 'optional');
      expect(r).toMatchObject({ code: 0, err: '' });
      expect(r.out).toBe(`Added ${s.name} (${s.host}:${s.port}); password from $DEPLOY_TEST_PW\n`);
    }
    const list = await run('server', 'list', '--json');
    expect(list.code).toBe(0);
    expect(JSON.parse(list.out).servers.map((s: { name: string; password: string }) => [s.name, s.password])).toEqual([
      ['CLI1', '$DEPLOY_TEST_PW'],
      ['CLI2', '$DEPLOY_TEST_PW'],
    ]);
    for (const f of ['servers.json', 'cli-password-env.json']) expect(readFileSync(join(userData, f), 'utf8')).not.toContain(SA_PASSWORD);
    expect((await run('server', 'add', 'X', '--port', '1')).code).toBe(2);
  });
});

describe('ssisd assign and deploy', () => {
  test('assign saves the assignment; deploy creates the jobs, exit 0; again: unchanged (--json)', async () => {
    const a1 = await run('assign', dtproj, 'LoadCustomers.dtsx', 'CLI1', '--target', 'msdb', '--folder', 'ETL');
    expect(a1).toMatchObject({ code: 0, err: '' });
    expect(a1.out).toBe("LoadBalancing: LoadCustomers.dtsx → CLI1 (msdb: MSDB\\ETL), job 'LoadBalancing - LoadCustomers'\n");
    const a2 = await run('assign', dtproj, 'LoadOrders.dtsx', 'CLI2', '--target', 'catalog', '--job', 'Orders "nightly"', '--x86');
    expect(a2.out).toBe("LoadBalancing: LoadOrders.dtsx → CLI2 (catalog: SSISDB\\LoadBalancing\\LoadBalancing), job 'Orders \"nightly\"'\n");
    const sidecar = JSON.parse(readFileSync(`${dtproj}.deploy.json`, 'utf8'));
    expect(sidecar.assignments.map((x: { package: string; server: string }) => `${x.package}@${x.server}`)).toEqual(['LoadCustomers.dtsx@CLI1', 'LoadOrders.dtsx@CLI2']);

    const d = await run('deploy', dtproj);
    expect(d.err).toBe('');
    expect(d.code).toBe(0);
    expect(d.out).toContain("CLI1: LoadCustomers.dtsx: package created, job 'LoadBalancing - LoadCustomers' created\n");
    expect(d.out).toContain('created, 0 updated, 0 unchanged, 0 failed\n');
    const job = (await jobOnServer(sa, 'LoadBalancing - LoadCustomers'))!;
    expect(job.steps[0]!.command).toBe('/SQL "\\"\\ETL\\LoadCustomers\\"" /SERVER "\\"CLI1\\"" /CHECKPOINTING OFF /REPORTING E');

    const again = await run('deploy', dtproj, '--json');
    expect(again.code).toBe(0);
    expect(JSON.parse(again.out).counts).toEqual({ created: 0, updated: 0, unchanged: 2, failed: 0, cancelled: 0 });
  }, 60_000);

  test('a password variable that is not set: a warning naming it, and the servers fail to connect', async () => {
    delete process.env.DEPLOY_TEST_PW;
    try {
      const r = await run('deploy', dtproj, '--server', 'CLI1');
      expect(r.code).toBe(1);
      expect(r.err).toContain('ssisd: warning: the environment variable DEPLOY_TEST_PW (password of CLI1) is not set\n');
      expect(r.out).toContain('CLI1: Enter the password for sa on CLI1.');
    } finally {
      process.env.DEPLOY_TEST_PW = SA_PASSWORD;
    }
  }, 60_000);

  test('--servers FILE: a server that is down fails alone and the exit code is 1; --server picks servers', async () => {
    const file = join(userData, 'servers-for-ci.json');
    const down = await closedPort('127.0.0.3');
    const entry = (name: string, host: string, port: number) => ({ displayName: name, host, port, userName: 'sa', passwordEnv: 'DEPLOY_TEST_PW', encrypt: 'optional', trustServerCertificate: true });
    writeFileSync(file, JSON.stringify({ servers: [entry('CLI1', emu.servers[0]!.host, emu.servers[0]!.port), entry('CLI2', '127.0.0.3', down)] }));
    const r = await run('deploy', dtproj, '--servers', file, '--json');
    expect(r.code).toBe(1);
    const s = JSON.parse(r.out);
    expect(s.servers.map((x: { server: string; phase: string }) => [x.server, x.phase])).toEqual([['CLI1', 'done'], ['CLI2', 'failed']]);
    expect(s.outcomes[1].error).toMatchObject({ step: 'connect', connection: true, message: expect.stringContaining(`127.0.0.3:${down}`) });
    const only = await run('deploy', dtproj, '--servers', file, '--server', 'CLI1');
    expect(only.code).toBe(0);
    expect(only.out).not.toContain('CLI2');
  }, 60_000);
});
