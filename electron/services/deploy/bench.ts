/**
 * Deploy figures for `npm run bench` (scripts/bench.mjs calls runDeployBench with the emulator's
 * startEmulator, which electron/ may not import itself): 20 packages × 8 emulated servers, to the catalog and
 * to msdb, each package with its Agent job; wall time with all servers in parallel and one server at a time
 * (fresh servers and a fresh project copy for each), the ratio, and a second, idempotent run. Every server
 * gets `latencyMs` per request, a LAN round trip, since real deploys wait on the network, not on the CPU; the
 * catalog plan is measured once more at a 20 ms round trip (servers in another site). The CPU time of both
 * processes (the app and the one emulator process that plays all servers) shows when the two cores, not the
 * round trips, set the pace of the parallel run.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { ServersService } from '../servers/index.js';
import { generateLargeSample } from '../solution/generate.js';
import { SAMPLE_DIR, tempCopy } from '../solution/test-helpers.js';
import { ispacBytesForProject } from '../build/index.js';
import type { DeployTarget } from '../../../shared/model/deploy.js';
import { DeployService } from './deploy-service.js';
import { readProject } from './project-files.js';

/** The part of emulator/start.ts the bench uses. */
export type StartEmulator = (o: {
  servers: { name: string; host: string }[];
  saPassword: string;
  dtexec: string;
  allowSqlLoginsForCatalog: boolean;
  latencyMs: number;
}) => Promise<{
  servers: readonly { name: string; host: string; port: number }[];
  /** CPU time the emulator process has used so far, where the platform tells (the bench's other process). */
  cpuMs?(): number | null;
  close(): Promise<void>;
}>;

export interface DeployBenchOptions {
  readonly startEmulator: StartEmulator;
  readonly sampleDir?: string;
  readonly packages?: number;
  readonly servers?: number;
  readonly latencyMs?: number;
}

const SA_PASSWORD = 'Bench!Deploy1';
const WARM_UP = 'WARMUP';
const JOB = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };

interface Measured {
  readonly ms: number;
  /** CPU time of this (the app's) process during the first run: what the emulators' share is not. */
  readonly cpuMs: number;
  /** CPU time of the emulator process (all servers) during the first run; null where not measurable. */
  readonly emulatorCpuMs: number | null;
  readonly rerunMs: number;
}

async function measure(o: Required<DeployBenchOptions>, target: DeployTarget, parallel: number): Promise<Measured> {
  const copy = tempCopy(o.sampleDir, 'ssisd-deploy-bench-');
  generateLargeSample(copy, o.packages);
  const dtproj = join(copy, 'LoadBalancing', 'LoadBalancing.dtproj');
  const children = (await readProject(dtproj)).packages.filter((p) => /^Child\d+\.dtsx$/.test(p.name));
  // Generated packages carry the designer default (EncryptSensitiveWithUserKey); the sample project is
  // DontSaveSensitive, and Build refuses a mismatch, as Visual Studio does.
  for (const p of children) {
    const text = await readFile(p.path, 'utf8');
    await writeFile(p.path, /DTS:ProtectionLevel="\d"/.test(text) ? text.replace(/DTS:ProtectionLevel="\d"/, 'DTS:ProtectionLevel="0"') : text.replace('<DTS:Executable ', '<DTS:Executable DTS:ProtectionLevel="0" '));
  }
  const emu = await o.startEmulator({
    // One more server, deployed to first and not measured: it warms the emulator process (started fresh for
    // each measurement) and the app, as the servers and a running app are in a real session.
    servers: [...Array.from({ length: o.servers }, (_, i) => ({ name: `BENCH${i + 1}`, host: `127.0.0.${i + 2}` })), { name: WARM_UP, host: `127.0.0.${o.servers + 2}` }],
    saPassword: SA_PASSWORD,
    dtexec: '/bin/true',
    allowSqlLoginsForCatalog: true,
    latencyMs: o.latencyMs,
  });
  const userData = await mkdtemp(join(tmpdir(), 'ssisd-deploy-bench-user-'));
  const servers = new ServersService({ userDataDir: userData, secrets: new MemorySecretStore() });
  const deploy = new DeployService({ servers, buildIspac: (p, password) => ispacBytesForProject(p, { password, forCatalog: true }), maxParallelServers: parallel });
  try {
    for (const s of emu.servers) {
      const added = await servers.add({ displayName: s.name, host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true }, SA_PASSWORD);
      if (!added.ok) throw new Error(added.error.message);
      const assigned = await deploy.assign(dtproj, added.value.id, children.map((p) => p.name), target, JOB, false);
      if (!assigned.ok) throw new Error(assigned.error.message);
    }
    const warm = await deploy.runAndWait([dtproj], null, [WARM_UP]);
    if (!warm.ok || warm.value.counts.created !== children.length) throw new Error(`deploy bench: the warm-up deploy failed: ${warm.ok ? JSON.stringify(warm.value.counts) : warm.error.message}`);
    const measured = emu.servers.map((s) => s.name).filter((n) => n !== WARM_UP);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const emuCpu0 = emu.cpuMs?.() ?? null;
    const first = await deploy.runAndWait([dtproj], null, measured);
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const emuCpu1 = emu.cpuMs?.() ?? null;
    if (!first.ok) throw new Error(first.error.message);
    if (first.value.counts.created !== children.length * o.servers) throw new Error(`deploy bench: expected ${children.length * o.servers} created, got ${JSON.stringify(first.value.counts)}: ${first.value.outcomes.find((x) => x.error)?.error?.message ?? ''}`);
    const t1 = performance.now();
    const again = await deploy.runAndWait([dtproj], null, measured);
    const rerunMs = performance.now() - t1;
    if (!again.ok || again.value.counts.unchanged !== children.length * o.servers) throw new Error('deploy bench: the second run was not all unchanged');
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000, emulatorCpuMs: emuCpu0 !== null && emuCpu1 !== null ? emuCpu1 - emuCpu0 : null, rerunMs };
  } finally {
    await deploy.close();
    await servers.close();
    await emu.close();
    await rm(userData, { recursive: true, force: true });
    await rm(dirname(copy), { recursive: true, force: true });
  }
}

export async function runDeployBench(options: DeployBenchOptions): Promise<Record<string, number>> {
  const o: Required<DeployBenchOptions> = { sampleDir: SAMPLE_DIR, packages: 20, servers: 8, latencyMs: 2, ...options };
  const figures: Record<string, number> = { deploy_servers: o.servers, deploy_packages: o.packages, deploy_latency_ms: o.latencyMs };
  const targets: [string, DeployTarget][] = [
    ['catalog', { kind: 'catalog', folder: 'Bench', project: 'LoadBalancing' }],
    ['msdb', { kind: 'msdb', folder: 'Bench' }],
  ];
  for (const [label, target] of targets) {
    const one = await measure(o, target, 1);
    const all = await measure(o, target, o.servers);
    const key = `deploy_${label}_${o.packages}x${o.servers}`;
    figures[`${key}_parallel_ms`] = Math.round(all.ms);
    figures[`${key}_parallel_app_cpu_ms`] = Math.round(all.cpuMs);
    if (all.emulatorCpuMs !== null) figures[`${key}_parallel_emulator_cpu_ms`] = Math.round(all.emulatorCpuMs);
    figures[`${key}_one_at_a_time_ms`] = Math.round(one.ms);
    figures[`${key}_speedup`] = Math.round((one.ms / all.ms) * 10) / 10;
    figures[`${key}_rerun_unchanged_ms`] = Math.round(all.rerunMs);
  }
  // The same catalog plan over a WAN-like 20 ms round trip: where the network, not this machine's two cores
  // (shared here by the app and all eight emulated servers), sets the pace, as with servers in other sites.
  const wan = { ...o, latencyMs: 20 };
  const wanOne = await measure(wan, targets[0]![1], 1);
  const wanAll = await measure(wan, targets[0]![1], o.servers);
  const wanKey = `deploy_catalog_${o.packages}x${o.servers}_latency20ms`;
  figures[`${wanKey}_parallel_ms`] = Math.round(wanAll.ms);
  figures[`${wanKey}_one_at_a_time_ms`] = Math.round(wanOne.ms);
  figures[`${wanKey}_speedup`] = Math.round((wanOne.ms / wanAll.ms) * 10) / 10;
  return figures;
}
