/**
 * Figures for `npm run bench` (milliseconds unless the key says otherwise): project Build of the generated
 * 2,000-package solution's project and of the corpus's largest project (Wide World Importers, one 0.9 MB
 * package), through BuildService as the Build command runs it (read, check, zip, atomic write).
 */
import { rmSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { generateLargeSample } from '../solution/generate.js';
import { CORPUS_DIR as DEFAULT_CORPUS_DIR, SAMPLE_DIR as DEFAULT_SAMPLE_DIR, listFiles, tempCopy } from '../solution/test-helpers.js';
import { BuildService } from './service.js';

export interface BuildBenchOptions {
  readonly packages?: number;
  readonly corpusDir?: string;
  readonly sampleDir?: string;
}

/** Median of `runs` builds, plus the size of the .ispac. */
async function timeBuild(dtproj: string, runs = 3): Promise<{ ms: number; bytes: number }> {
  const service = new BuildService();
  const times: number[] = [];
  let bytes = 0;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    const r = await service.buildProject({ projectPath: dtproj });
    times.push(performance.now() - t);
    if (!r.ok) throw new Error(`bench: build of ${basename(dtproj)} failed: ${r.error.message}`);
    bytes = r.value.bytes;
  }
  times.sort((a, b) => a - b);
  return { ms: Math.round(times[Math.floor(runs / 2)]! * 10) / 10, bytes };
}

export async function runBuildBench(options: BuildBenchOptions = {}): Promise<Record<string, number>> {
  const count = options.packages ?? 2000;
  const out: Record<string, number> = {};
  const copy = tempCopy(options.sampleDir ?? DEFAULT_SAMPLE_DIR, 'ssisd-bench-build-');
  try {
    generateLargeSample(copy, count);
    const projDir = join(copy, 'LoadBalancing');
    const large = await timeBuild(join(projDir, 'LoadBalancing.dtproj'));
    out['large.packages'] = count + 4;
    out['large.build.ms'] = large.ms;
    out['large.ispac.bytes'] = large.bytes;
  } finally {
    rmSync(dirname(copy), { recursive: true, force: true });
  }
  const wwi = listFiles(options.corpusDir ?? DEFAULT_CORPUS_DIR).find((f) => f.endsWith('Daily ETL.dtproj'));
  if (wwi) {
    const c = tempCopy(dirname(wwi), 'ssisd-bench-build-');
    try {
      const r = await timeBuild(join(c, basename(wwi)));
      out['wwi.build.ms'] = r.ms;
      out['wwi.ispac.bytes'] = r.bytes;
    } finally {
      rmSync(dirname(c), { recursive: true, force: true });
    }
  }
  return out;
}
