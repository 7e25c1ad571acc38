/**
 * Execute... on SSISDB packages against an emulated SQL Server over TCP with the real mssql client: a package
 * that succeeds, one that fails with its messages, one stopped while it runs, one that is not an entry point
 * (SSISDB's 27146).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import type { CatalogExecution } from '../../../shared/model/catalog-run.js';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { ServersService } from '../servers/index.js';
import { addCatalogFolder, deployCatalogProject, minimalIspac, saPool } from '../servers/tests/emulator-setup.js';
import { CatalogExecutions } from './catalog-executions.js';

const SA_PASSWORD = 'Catalog!Run1';
const FOLDER = "Fin'ance";
const PROJECT = 'Loader';
// Stands in for dtexec: `<dtexec> /Project <ispac> /Package <name> ...`; a package named Bad fails.
const DTEXEC = `sh -c 'echo "Executing $4"; case "$4" in Bad*) echo "Error: the disk is full"; exit 1;; Slow*) sleep 20;; esac' dtexec`;

let emu: RunningEmulator;
let dir: string;
let servers: ServersService;
let executions: CatalogExecutions;
let serverId: string;

function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function finished(executionId: number): Promise<CatalogExecution> {
  const r = value(await executions.waitFor(serverId, executionId, { timeoutMs: 10_000, pollMs: 50 }));
  if (!r.finished) throw new Error('the execution did not finish');
  return r.execution;
}

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'CAT1', host: '127.0.0.9' }], saPassword: SA_PASSWORD, dtexec: DTEXEC, allowSqlLoginsForCatalog: true });
  const s = emu.servers[0]!;
  const sa = await saPool(s.host, s.port, SA_PASSWORD);
  try {
    await addCatalogFolder(sa, FOLDER);
    await deployCatalogProject(sa, FOLDER, PROJECT, minimalIspac(PROJECT, [{ name: 'Good.dtsx', entryPoint: true }, { name: 'Bad.dtsx', entryPoint: true }, { name: 'Slow.dtsx', entryPoint: true }, { name: 'Inner.dtsx', entryPoint: false }]));
  } finally {
    await sa.close();
  }
  dir = await mkdtemp(join(tmpdir(), 'catalog-executions-'));
  servers = new ServersService({ userDataDir: dir, secrets: new MemorySecretStore(), timeouts: { connectMs: 5000 } });
  executions = new CatalogExecutions(servers);
  serverId = value(await servers.add({ displayName: 'CAT1', host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true }, SA_PASSWORD)).id;
});

afterAll(async () => {
  await servers?.close();
  await emu?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('Execute... in the SSIS catalog', () => {
  test('a package that succeeds: the run starts, then catalog.executions says Succeeded, with its messages', async () => {
    const { executionId } = value(await executions.execute({ serverId, folder: FOLDER, project: PROJECT, packageName: 'Good.dtsx', use32bit: false }));
    const run = await finished(executionId);
    expect(run).toMatchObject({ executionId, folder: FOLDER, project: PROJECT, packageName: 'Good.dtsx', status: 'succeeded' });
    expect(run.endTime).not.toBeNull();
    expect(run.messages.map((m) => m.text)).toContain('Executing Good.dtsx');
  });

  test('a package that fails: Failed, and the error among its messages', async () => {
    const { executionId } = value(await executions.execute({ serverId, folder: FOLDER, project: PROJECT, packageName: 'Bad.dtsx', use32bit: false }));
    const run = await finished(executionId);
    expect(run.status).toBe('failed');
    expect(run.messages.filter((m) => m.type === 120).map((m) => m.text)).toContain('Error: the disk is full');
  });

  test('Stop ends a running execution as Canceled; stopping it again gets SSISDB\'s refusal', async () => {
    const { executionId } = value(await executions.execute({ serverId, folder: FOLDER, project: PROJECT, packageName: 'Slow.dtsx', use32bit: false }));
    for (let i = 0; i < 100 && value(await executions.read(serverId, executionId)).status !== 'running'; i++) await new Promise((r) => setTimeout(r, 50));
    expect(value(await executions.stop(serverId, executionId)).message).toBe(`Stop requested for execution ${executionId}; it ends as Canceled.`);
    expect((await finished(executionId)).status).toBe('canceled');
    const again = await executions.stop(serverId, executionId);
    expect(again.ok ? null : again.error.message).toMatch(/cannot stop the operation/);
  });

  test("a package that is not an entry point gets SSISDB's refusal; an unknown execution is NOT_FOUND", async () => {
    const r = await executions.execute({ serverId, folder: FOLDER, project: PROJECT, packageName: 'Inner.dtsx', use32bit: false });
    expect(r.ok ? null : r.error.message).toMatch(/Cannot access the package or the package does not exist/);
    expect(await executions.read(serverId, 987654)).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
