/**
 * Figures for `npm run bench` (milliseconds unless the key says otherwise): reading the generated
 * 2,000-package project for the checks, the rules over 4 servers × every package (no server reachable, so
 * nothing waits on a network), and Wire Child Jobs writing then re-writing 1,000 tasks into the parent.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { wireChildJobs, type WireOptions } from '../../../shared/formats/wire-children/wire.js';
import { runPreflight } from '../../../shared/preflight/rules.js';
import { generateLargeSample } from '../solution/generate.js';
import { SAMPLE_DIR as DEFAULT_SAMPLE_DIR, tempCopy } from '../solution/test-helpers.js';
import { readProjectOnDisk } from './project-reader.js';

const SERVERS = ['S1', 'S2', 'S3', 'S4'];

export async function runPreflightBench(options: { packages?: number; sampleDir?: string } = {}): Promise<Record<string, number>> {
  const copy = tempCopy(options.sampleDir ?? DEFAULT_SAMPLE_DIR, 'ssisd-bench-preflight-');
  try {
    generateLargeSample(copy, options.packages ?? 2000);
    const dtproj = join(copy, 'LoadBalancing', 'LoadBalancing.dtproj');
    let t = performance.now();
    const project = await readProjectOnDisk(dtproj);
    const readMs = performance.now() - t;
    const assignments = project.input.packages.flatMap((p, i) =>
      SERVERS.map((server) => ({ id: `${i}-${server}`, packageName: p.name, server, target: { kind: 'msdb' as const, folder: 'ETL' }, job: { createJob: true, owner: null, proxy: null, use32bit: false } })),
    );
    t = performance.now();
    const report = runPreflight({ project: project.input, assignments, servers: SERVERS.map((name) => ({ name, info: null, error: 'not reachable', proxies: null })) });
    const rulesMs = performance.now() - t;
    const parent = readFileSync(join(copy, 'LoadBalancing', 'Parent.dtsx'), 'utf8');
    const wire: WireOptions = {
      children: project.input.packages.slice(0, 500).flatMap((p) => ['S1', 'S2'].map((server) => ({ packageName: p.name, server, jobName: `J ${p.name}` }))),
      servers: [{ name: 'S1', dataSource: 'sql01' }, { name: 'S2', dataSource: 'sql02' }],
      mode: 'wait',
      order: 'sequence',
      newGuid: randomUUID,
    };
    t = performance.now();
    const wired = wireChildJobs(parent, wire);
    const wireMs = performance.now() - t;
    t = performance.now();
    wireChildJobs(wired.text, { ...wire, mode: 'start' });
    const rewireMs = performance.now() - t;
    const r = (x: number) => Math.round(x * 10) / 10;
    return {
      preflight_read_2000_packages_ms: r(readMs),
      preflight_rules_assignments: assignments.length,
      preflight_rules_findings: report.findings.length,
      preflight_rules_ms: r(rulesMs),
      wire_1000_tasks_ms: r(wireMs),
      rewire_1000_tasks_ms: r(rewireMs),
    };
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
}
