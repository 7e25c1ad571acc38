/**
 * Figures for `npm run bench` (milliseconds unless the key says otherwise): the built-in engine's overhead
 * per task on a 1,000-task package (Expression Tasks, chained by Success constraints and all in parallel;
 * an Expression Task does almost nothing, so the time is the engine's), loading and checking that package,
 * and the runner's part of Ctrl+F5: from run:start to the first run:output line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { findBlockers } from '../../../shared/runtime/blockers.js';
import { PackageRun } from '../../../shared/runtime/engine.js';
import { parsePackage } from '../../../shared/runtime/load-package.js';
import { buildPackageXml, expressionTask, type TestPackage } from '../../../shared/runtime/test-packages.js';
import { createEngineHost } from './engine-host.js';
import { RunnerService } from './runner-service.js';
import { SqlConnections } from './sql-connection.js';

const round = (n: number, digits = 1) => Math.round(n * 10 ** digits) / 10 ** digits;

function thousandTasks(chained: boolean, count = 1000): TestPackage {
  const children = Array.from({ length: count }, (_, i) => expressionTask(`T${i}`, '@[User::n] = @[User::n] + 1'));
  const constraints = chained ? children.slice(1).map((c, i) => ({ from: `T${i}`, to: c.name })) : [];
  return { name: chained ? 'Chain1000' : 'Parallel1000', variables: [{ name: 'n', type: 3, value: '0' }], children, constraints };
}

async function runOnce(xml: string): Promise<{ loadMs: number; runMs: number; lines: number }> {
  const host = createEngineHost(new SqlConnections({}, null), null);
  const t0 = performance.now();
  const pkg = parsePackage(xml, 'Bench.dtsx');
  await findBlockers(pkg, new Set(host.tasks.keys()), null);
  const t1 = performance.now();
  let lines = 0;
  const run = new PackageRun({ pkg, displayPath: 'Bench.dtsx', project: null, host, listener: { output: () => lines++, node: () => undefined } });
  const outcome = await run.run();
  if (outcome !== 'success') throw new Error(`the bench package ended with ${outcome}`);
  return { loadMs: t1 - t0, runMs: performance.now() - t1, lines };
}

async function median(xml: string, times = 5): Promise<{ loadMs: number; runMs: number }> {
  const all: { loadMs: number; runMs: number }[] = [];
  for (let i = 0; i < times; i++) all.push(await runOnce(xml));
  const mid = (k: 'loadMs' | 'runMs') => all.map((x) => x[k]).sort((a, b) => a - b)[Math.floor(times / 2)]!;
  return { loadMs: mid('loadMs'), runMs: mid('runMs') };
}

/** run:start → first run:output (the Node side of Ctrl+F5 → first Output line), on a one-task project. */
async function startToFirstLine(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), 'ssisd-runner-bench-'));
  try {
    writeFileSync(join(dir, 'Bench.dtproj'), '<?xml version="1.0"?><Project><DeploymentModel>Project</DeploymentModel></Project>');
    writeFileSync(join(dir, 'Parent.dtsx'), buildPackageXml({ name: 'Parent', variables: [{ name: 'n', type: 3, value: '0' }], children: [expressionTask('T', '@[User::n] = 1')] }));
    const times: number[] = [];
    for (let i = 0; i < 5; i++) {
      let t0 = 0;
      const first = new Promise<number>((resolve) => {
        const runner = new RunnerService({
          env: {}, dtexec: () => null,
          emit: (event) => {
            if (event === 'run:output') resolve(performance.now() - t0);
          },
        });
        t0 = performance.now();
        void runner.start(join(dir, 'Bench.dtproj'), 'Parent.dtsx');
      });
      times.push(await first);
    }
    return times.sort((a, b) => a - b)[2]!;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runRunnerBench(): Promise<Record<string, number>> {
  const chain = await median(buildPackageXml(thousandTasks(true)));
  const parallel = await median(buildPackageXml(thousandTasks(false)));
  return {
    engine_chain_1000_tasks_run_ms: round(chain.runMs),
    engine_chain_overhead_per_task_us: round((chain.runMs * 1000) / 1000, 0),
    engine_parallel_1000_tasks_run_ms: round(parallel.runMs),
    engine_parallel_overhead_per_task_us: round((parallel.runMs * 1000) / 1000, 0),
    engine_load_and_check_1000_tasks_ms: round(chain.loadMs),
    run_start_to_first_output_ms: round(await startToFirstLine()),
  };
}
