// A generated 2,000-package project opens (no time assertion: figures belong to `npm run bench`).
import { rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SolutionService } from './service.js';
import { generateLargeSample } from './generate.js';
import { runSolutionBench } from './bench.js';
import { SAMPLE_DIR, tempCopy } from './test-helpers.js';

describe('large solutions', () => {
  it('opens a generated 2,000-package project and toggles one package', async () => {
    const copy = tempCopy(SAMPLE_DIR, 'ssisd-perf-');
    try {
      const sln = generateLargeSample(copy, 2000);
      const svc = new SolutionService({ watch: false });
      const r = await svc.open({ path: sln });
      if (!r.ok) throw new Error(r.error.message);
      const pkgs = r.value.projects[0]!.packages;
      expect(pkgs).toHaveLength(2004);
      expect(pkgs.every((p) => p.status === 'ok' && p.formatVersion === 8)).toBe(true);
      const t = await svc.setEntryPoint({ projectPath: r.value.projects[0]!.path, packageName: 'Child02000.dtsx', entryPoint: true });
      expect(t.ok && t.value.projects[0]!.packages.at(-1)!.entryPoint).toBe(true);
      await svc.close();
    } finally {
      rmSync(dirname(copy), { recursive: true, force: true });
    }
  });

  it('runSolutionBench reports figures', async () => {
    const figures = await runSolutionBench({ packages: 50 });
    expect(figures['corpus.solutions']).toBeGreaterThanOrEqual(6);
    expect(figures['large.packages']).toBe(54);
    for (const key of ['corpus.openAll.ms', 'large.open.ms', 'large.showJson.ms', 'large.toggleEntryPoint.ms', 'parse.largestDtsx.ms']) {
      expect(figures[key]).toBeGreaterThan(0);
    }
  });
});
