/**
 * `ssisd catalog execute` through main(), against an emulated SQL Server over TCP whose SSIS catalog holds a
 * project (the emulator hands the package to a stand-in dtexec): the outcome as the exit code with --wait.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import { addCatalogFolder, deployCatalogProject, minimalIspac, saPool } from '../services/servers/tests/emulator-setup.js';
import { runCli as run } from './run-cli.js';

const SA_PASSWORD = 'Cli!Catalog-1';
// Stands in for dtexec: `<dtexec> /Project <ispac> /Package <name> ...`; a package named Bad fails, Slow takes long.
const DTEXEC = `sh -c 'echo "Executing $4"; case "$4" in Bad*) echo "Error: cannot open the file"; exit 1;; Slow*) sleep 20;; esac' dtexec`;
let emu: RunningEmulator;
let dir: string;
let serversFile: string;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'CLICAT', host: '127.0.0.10' }], saPassword: SA_PASSWORD, dtexec: DTEXEC, allowSqlLoginsForCatalog: true });
  const s = emu.servers[0]!;
  const sa = await saPool(s.host, s.port, SA_PASSWORD);
  try {
    await addCatalogFolder(sa, 'Etl');
    await deployCatalogProject(sa, 'Etl', 'Loader', minimalIspac('Loader', ['Good.dtsx', 'Bad.dtsx', 'Slow.dtsx'].map((name) => ({ name, entryPoint: true }))));
  } finally {
    await sa.close();
  }
  dir = await mkdtemp(join(tmpdir(), 'ssisd-catalog-'));
  serversFile = join(dir, 'servers.json');
  await writeFile(serversFile, JSON.stringify({ servers: [{ displayName: 'Cat One', host: s.host, port: s.port, userName: 'sa', encrypt: 'optional', trustServerCertificate: true, passwordEnv: 'SSISD_TEST_CATALOG_PW' }] }));
  process.env.SSISD_TEST_CATALOG_PW = SA_PASSWORD;
});

afterAll(async () => {
  delete process.env.SSISD_TEST_CATALOG_PW;
  await emu?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const execute = (pkg: string, ...more: string[]) => run('catalog', 'execute', '--server', 'Cat One', '--folder', 'Etl', '--project', 'Loader', '--package', pkg, ...more, '--servers', serversFile);

describe('ssisd catalog execute', () => {
  it('without --wait reports the execution once it started; with --wait the outcome is the exit code', async () => {
    const started = await execute('Good.dtsx');
    expect([started.code, started.err]).toEqual([0, '']);
    expect(started.out).toMatch(/^Cat One: execution \d+ of \\SSISDB\\Etl\\Loader\\Good\.dtsx started\.\n$/);

    const good = await execute('Good.dtsx', '--wait', '--timeout', '20');
    expect([good.code, good.err]).toEqual([0, '']);
    expect(good.out).toContain('Outcome: Succeeded');

    const bad = await execute('Bad.dtsx', '--x86', '--wait');
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('  Error: cannot open the file\nOutcome: Failed');
  });

  it('--timeout that passes first exits 124 and leaves the run going; bad arguments are usage errors', async () => {
    const slow = await execute('Slow.dtsx', '--wait', '--timeout', '1');
    expect(slow.code).toBe(124);
    expect(slow.err).toMatch(/timed out after 1 s waiting for execution \d+ on Cat One; it is still running and was not stopped/);
    const missing = await run('catalog', 'execute', '--server', 'Cat One', '--folder', 'Etl', '--servers', serversFile);
    expect(missing.code).toBe(2);
    expect(missing.err).toContain('--project is required');
    const noWait = await execute('Good.dtsx', '--timeout', '5');
    expect(noWait.code).toBe(2);
    expect(noWait.err).toContain('--timeout only applies with --wait');
  });
});
