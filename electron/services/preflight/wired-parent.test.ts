/**
 * The wired parent end to end: children deployed as SQL Server Agent jobs on two emulated servers, the parent
 * wired by PreflightService and run by `ssisd exec` (the built-in engine's Execute SQL Task, over TCP). A child
 * made to fail makes the parent fail in "start and wait" and leaves it succeeding in "start only", as
 * sp_start_job's documented behaviour says.
 */
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { newPackageXml } from '../../../shared/formats/dtsx.js';
import { main } from '../../cli/ssisd.js';
import { DeployService } from '../deploy/index.js';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { ServersService } from '../servers/servers-service.js';
import { SAMPLE_DIR, tempCopy } from '../solution/test-helpers.js';
import { PreflightService } from './preflight-service.js';

const SA_PASSWORD = 'Wire!Parent-1';
let emu: RunningEmulator;
let dir: string;
let failFlag: string;
let servers: ServersService;
let deploy: DeployService;
let preflight: PreflightService;
let dtproj: string;
let parent: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssisd-wired-'));
  failFlag = join(dir, 'fail-LoadOrders');
  // Stands where DTExec.exe stands for the Agent: LoadOrders fails while the flag file exists.
  const fake = join(dir, 'fake-dtexec.sh');
  writeFileSync(fake, `#!/bin/sh\ncase "$*" in *LoadOrders*) [ -f '${failFlag}' ] && { echo "Error: LoadOrders failed on purpose"; exit 1; } ;; esac\nexit 0\n`);
  chmodSync(fake, 0o755);
  emu = await startEmulator({ servers: [{ name: 'WIRE1', host: '127.0.0.7' }, { name: 'WIRE2', host: '127.0.0.8' }], saPassword: SA_PASSWORD, dtexec: fake });
  servers = new ServersService({ userDataDir: dir, secrets: new MemorySecretStore() });
  const ids: Record<string, string> = {};
  for (const s of emu.servers) {
    const r = await servers.add({ displayName: s.name, host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true }, SA_PASSWORD);
    if (!r.ok) throw new Error(r.error.message);
    ids[s.name] = r.value.id;
  }
  deploy = new DeployService({ servers, buildIspac: null });
  preflight = new PreflightService({ servers, assignments: deploy, pollSeconds: 1 });
  dtproj = join(tempCopy(SAMPLE_DIR, 'ssisd-wired-sample-'), 'LoadBalancing', 'LoadBalancing.dtproj');
  // A parent with no Execute Package Tasks of its own: the wiring is all it runs.
  parent = join(dirname(dtproj), 'Parent.dtsx');
  writeFileSync(parent, newPackageXml({ objectName: 'Parent', newGuid: randomUUID, now: new Date() }).text);
  const job = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };
  for (const [pkg, server] of [['LoadCustomers.dtsx', 'WIRE1'], ['LoadOrders.dtsx', 'WIRE2']] as const) {
    const r = await deploy.assign(dtproj, ids[server]!, [pkg], { kind: 'msdb', folder: 'ETL' }, job, false);
    if (!r.ok) throw new Error(r.error.message);
  }
  const deployed = await deploy.runAndWait([dtproj], null, null);
  if (!deployed.ok || deployed.value.counts.failed > 0) throw new Error(`deploy failed: ${JSON.stringify(deployed)}`);
}, 60_000);

afterAll(async () => {
  await deploy?.close();
  await servers?.close();
  await emu?.close();
  await rm(dir, { recursive: true, force: true });
  if (dtproj) rmSync(dirname(dirname(dtproj)), { recursive: true, force: true });
});

/** `ssisd exec /FILE Parent.dtsx`, with the SQL login the built-in engine uses for Windows authentication. */
async function runParent(): Promise<{ code: number; out: string }> {
  let out = '';
  const env = { SSISD_SQL_USER: process.env.SSISD_SQL_USER, SSISD_SQL_PASSWORD: process.env.SSISD_SQL_PASSWORD };
  process.env.SSISD_SQL_USER = 'sa';
  process.env.SSISD_SQL_PASSWORD = SA_PASSWORD;
  try {
    const code = await main(['exec', '/FILE', parent, '/REPORTING', 'EWI'], { out: (t) => void (out += t), err: (t) => void (out += t) });
    return { code, out };
  } finally {
    for (const [k, v] of Object.entries(env)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

async function wire(mode: 'start' | 'wait') {
  const r = await preflight.wire({ projectPath: dtproj, packageName: 'Parent.dtsx', mode, order: 'parallel', dryRun: false });
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('a wired parent learns how its children ended', () => {
  test('start and wait: the parent succeeds when both child jobs succeed', async () => {
    const w = await wire('wait');
    expect(w.tasks.map((t) => t.name)).toEqual(['LoadBalancing - LoadCustomers on WIRE1', 'LoadBalancing - LoadOrders on WIRE2']);
    const r = await runParent();
    expect(r.out).not.toMatch(/^Error/m);
    expect(r.code).toBe(0);
  });

  test('start and wait: a failing child makes the parent fail, with the child job’s outcome in the message', async () => {
    writeFileSync(failFlag, '');
    try {
      const r = await runParent();
      expect(r.code).toBe(1);
      expect(r.out).toMatch(/The SQL Server Agent job 'LoadBalancing - LoadOrders' on WIRE2 did not succeed/);
    } finally {
      if (existsSync(failFlag)) unlinkSync(failFlag);
    }
  });

  test('start only: the same failing child leaves the parent succeeding (sp_start_job only queues the job)', async () => {
    const w = await wire('start');
    expect(w.tasks.map((t) => t.outcome)).toEqual(['updated', 'updated']);
    writeFileSync(failFlag, '');
    try {
      const r = await runParent();
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/started successfully/);
    } finally {
      if (existsSync(failFlag)) unlinkSync(failFlag);
    }
  });
});
