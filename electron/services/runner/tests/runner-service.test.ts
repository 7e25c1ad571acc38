import { chmodSync, cpSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvents, RunNode } from '../../../../shared/contract/runs.js';
import { startEmulator, type RunningEmulator } from '../../../../emulator/start.js';
import { buildPackageXml } from '../../../../shared/runtime/test-packages.js';
import { locateDtexec } from '../dtexec-locator.js';
import { RunnerService } from '../runner-service.js';
import { SA_PASSWORD, tempDir } from './fixtures.js';

const SAMPLE = join(import.meta.dirname, '..', '..', '..', '..', 'samples', 'LoadBalancing');
let emu: RunningEmulator;
let localPool: sql.ConnectionPool;

interface Recorded {
  output: string[];
  nodes: Map<string, RunNode>;
  finished: RunEvents['run:finished'] | null;
  order: string[];
}

function recorder(): { emit: ConstructorParameters<typeof RunnerService>[0]['emit']; runs: Map<string, Recorded>; finished: (id: string) => Promise<Recorded> } {
  const runs = new Map<string, Recorded>();
  const waiters = new Map<string, () => void>();
  const get = (id: string) => {
    let r = runs.get(id);
    if (!r) runs.set(id, (r = { output: [], nodes: new Map(), finished: null, order: [] }));
    return r;
  };
  return {
    runs,
    emit: (event, payload) => {
      const r = get(payload.runId);
      r.order.push(event);
      if (event === 'run:output') r.output.push(...(payload as RunEvents['run:output']).lines);
      if (event === 'run:progress') r.nodes.set((payload as RunEvents['run:progress']).node.id, (payload as RunEvents['run:progress']).node);
      if (event === 'run:finished') {
        r.finished = payload as RunEvents['run:finished'];
        waiters.get(payload.runId)?.();
      }
    },
    finished: (id) =>
      new Promise((resolve) => {
        if (get(id).finished) resolve(get(id));
        else waiters.set(id, () => resolve(get(id)));
      }),
  };
}

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SRV1', host: '127.0.0.31', port: 0 }], saPassword: SA_PASSWORD });
  const s = emu.servers[0]!;
  localPool = await new sql.ConnectionPool({ server: s.host, port: s.port, user: 'sa', password: SA_PASSWORD, database: 'msdb', options: { encrypt: false, trustServerCertificate: true } }).connect();
});
afterAll(async () => {
  await localPool?.close();
  await emu?.close();
});

describe('RunnerService (Start Without Debugging)', () => {
  it('runs the sample Parent.dtsx with the built-in engine, streaming output and a progress tree to Success', async () => {
    const rec = recorder();
    // The sample's Warehouse connection says localhost with Windows authentication: the local emulator stands in.
    const runner = new RunnerService({ emit: rec.emit, env: {}, resolver: async (e) => (e.host === 'localhost' ? localPool : null), dtexec: () => null });
    const started = await runner.start(join(SAMPLE, 'LoadBalancing', 'LoadBalancing.dtproj'), 'Parent.dtsx');
    expect(started.ok && started.value.engine).toBe('builtin');
    const runId = started.ok ? started.value.runId : '';
    expect(rec.runs.has(runId)).toBe(false);
    const r = await rec.finished(runId);
    expect(r.finished).toEqual({ runId, outcome: 'success', exitCode: 0 });
    expect(r.output[0]).toMatch(/^SSIS package ".*Parent\.dtsx" starting\.$/);
    expect(r.output).toContain(`SSIS package "${join(SAMPLE, 'LoadBalancing', 'Parent.dtsx')}" finished: Success.`);
    expect(r.output.at(-1)).toMatch(/^The program '\[\d+\] Parent\.dtsx: DTS' has exited with code 0 \(0x0\)\.$/);
    const tree = [...r.nodes.values()].map((n) => `${n.parentId ?? '-'} > ${n.name}:${n.kind}:${n.state}`);
    expect(tree).toEqual([
      '- > Parent:package:success',
      'Package > Run LoadCustomers:task:success',
      'Package\\Run LoadCustomers > LoadCustomers:package:success',
      'Package\\Run LoadCustomers\\Package > Load Customers:task:success',
      'Package > Run LoadOrders:task:success',
      'Package\\Run LoadOrders > LoadOrders:package:success',
      'Package\\Run LoadOrders\\Package > Load Orders:task:success',
      'Package > Run LoadProducts:task:success',
      'Package\\Run LoadProducts > LoadProducts:package:success',
      'Package\\Run LoadProducts\\Package > Load Products:task:success',
    ]);
    const first = [...r.nodes.values()][0]!;
    expect(Date.parse(first.end!) >= Date.parse(first.start!)).toBe(true);
    expect(r.order.at(-1)).toBe('run:finished');
  });

  it('lists what the engine cannot run and does not start', async () => {
    const dir = tempDir('svc');
    cpSync(join(SAMPLE, 'LoadBalancing'), dir, { recursive: true });
    writeFileSync(join(dir, 'Parent.dtsx'), buildPackageXml({ name: 'Parent', children: [{ name: 'Data Flow Task', type: 'Microsoft.Pipeline' }, { name: 'Script Task', type: 'Microsoft.ScriptTask' }] }));
    const rec = recorder();
    const runner = new RunnerService({ emit: rec.emit, env: {}, dtexec: () => null });
    const started = await runner.start(join(dir, 'LoadBalancing.dtproj'), 'Parent.dtsx');
    expect(started.ok).toBe(true);
    const blocked = started.ok ? started.value.blocked ?? [] : [];
    expect(blocked.map((b) => [b.path, b.taskType])).toEqual([['\\Package\\Data Flow Task', 'Microsoft.Pipeline'], ['\\Package\\Script Task', 'Microsoft.ScriptTask']]);
    await new Promise((r) => setTimeout(r, 50));
    expect(rec.runs.size).toBe(0);
    const missing = await runner.start(join(dir, 'LoadBalancing.dtproj'), 'Nope.dtsx');
    expect(!missing.ok && missing.error.code).toBe('NOT_FOUND');
  });

  it('Stop cancels a long run: the run finishes cancelled with exit code 3', async () => {
    const dir = tempDir('svc');
    cpSync(join(SAMPLE, 'LoadBalancing'), dir, { recursive: true });
    writeFileSync(join(dir, 'Parent.dtsx'), buildPackageXml({
      name: 'Parent', variables: [{ name: 'i', type: 3, value: '0' }],
      children: [{ name: 'Forever', type: 'STOCK:FORLOOP', attrs: { InitExpression: '@[User::i] = 0', EvalExpression: '@[User::i] >= 0', AssignExpression: '@[User::i] = @[User::i] + 1' }, children: [{ name: 'Wait', type: 'Microsoft.ExecuteProcess', data: '<ExecuteProcessData Executable="/bin/sleep" Arguments="5" />' }] }],
    }));
    const rec = recorder();
    const runner = new RunnerService({ emit: rec.emit, env: {}, dtexec: () => null });
    const started = await runner.start(join(dir, 'LoadBalancing.dtproj'), 'Parent.dtsx');
    const runId = started.ok ? started.value.runId : '';
    await new Promise((r) => setTimeout(r, 300));
    const t0 = Date.now();
    expect(await runner.stop(runId)).toEqual({ ok: true, value: { stopping: true } });
    const r = await rec.finished(runId);
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(r.finished).toEqual({ runId, outcome: 'cancelled', exitCode: 3 });
    expect(r.output).toContain(`SSIS package "${join(dir, 'Parent.dtsx')}" finished: Canceled.`);
    expect(await runner.stop(runId)).toEqual({ ok: true, value: { stopping: false } });
  });

  it('uses a real dtexec when one is installed and streams its console output', async () => {
    const dir = tempDir('dtexec');
    const fake = join(dir, 'dtexec');
    writeFileSync(fake, '#!/bin/sh\necho "Microsoft (R) SQL Server Execute Package Utility"\necho "Argument: $1 $2"\ntest "$1" != /Project || test -s "$2" || echo "ispac missing"\necho "DTExec: The package execution returned DTSER_FAILURE (1)."\nexit 1\n');
    chmodSync(fake, 0o755);
    const rec = recorder();
    const runner = new RunnerService({ emit: rec.emit, env: {}, dtexec: () => locateDtexec({ configured: null, env: { SSISD_DTEXEC: fake }, platform: 'linux' }) });
    const started = await runner.start(join(SAMPLE, 'LoadBalancing', 'LoadBalancing.dtproj'), 'LoadCustomers.dtsx');
    expect(started.ok && started.value.engine).toBe('dtexec');
    const r = await rec.finished(started.ok ? started.value.runId : '');
    expect(r.output).toContain(`Argument: /FILE ${join(SAMPLE, 'LoadBalancing', 'LoadCustomers.dtsx')}`);
    expect(r.finished?.outcome).toBe('failure');
    expect([...r.nodes.values()].map((n) => n.state)).toEqual(['failure']);
    // A project-model package goes to dtexec as /Project <built .ispac> /Package <name>, so project parameters apply.
    const withProject = new RunnerService({ emit: rec.emit, env: {}, dtexec: () => fake, buildIspac: async () => new Uint8Array([80, 75, 5, 6]) });
    const again = await withProject.start(join(SAMPLE, 'LoadBalancing', 'LoadBalancing.dtproj'), 'LoadCustomers.dtsx');
    const r2 = await rec.finished(again.ok ? again.value.runId : '');
    expect(r2.output).not.toContain('ispac missing');
    expect(r2.output.find((l) => l.startsWith('Argument:'))).toMatch(/^Argument: \/Project \S+[\\/]LoadBalancing\.ispac$/);
  });
});

describe('locating dtexec', () => {
  it('prefers SSISD_DTEXEC, then the configured path, then the newest 64-bit, then 32-bit SSIS on Windows, and /opt/ssis on Linux; never PATH', () => {
    const files = new Set(['C:\\PF\\Microsoft SQL Server\\150\\DTS\\Binn\\DTExec.exe', 'C:\\PF\\Microsoft SQL Server\\160\\DTS\\Binn\\DTExec.exe', 'C:\\PF86\\Microsoft SQL Server\\160\\DTS\\Binn\\DTExec.exe']);
    const norm = (p: string) => p.replace(/\//g, '\\');
    const exists = (p: string) => files.has(norm(p));
    const list = (d: string) => (norm(d).endsWith('Microsoft SQL Server') ? ['150', '160', 'Client SDK'] : []);
    const win = { ProgramFiles: 'C:\\PF', 'ProgramFiles(x86)': 'C:\\PF86' };
    expect(norm(locateDtexec({ configured: null, env: win, platform: 'win32', exists, list })!)).toBe('C:\\PF\\Microsoft SQL Server\\160\\DTS\\Binn\\DTExec.exe');
    expect(norm(locateDtexec({ configured: null, env: { 'ProgramFiles(x86)': 'C:\\PF86' }, platform: 'win32', exists, list })!)).toBe('C:\\PF86\\Microsoft SQL Server\\160\\DTS\\Binn\\DTExec.exe');
    expect(locateDtexec({ configured: '/custom/dtexec', env: {}, platform: 'linux', exists: (p) => p === '/custom/dtexec' })).toBe('/custom/dtexec');
    // SSISD_DTEXEC (tests, scripts) wins over the Tools → Options path.
    expect(locateDtexec({ configured: '/custom/dtexec', env: { SSISD_DTEXEC: '/env/dtexec' }, platform: 'linux', exists: () => true })).toBe('/env/dtexec');
    expect(locateDtexec({ configured: null, env: {}, platform: 'linux', exists: (p) => p === '/opt/ssis/bin/dtexec' })).toBe('/opt/ssis/bin/dtexec');
    expect(locateDtexec({ configured: null, env: { PATH: '/usr/bin' }, platform: 'linux', exists: () => false })).toBeNull();
  });
});
