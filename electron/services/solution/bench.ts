/**
 * Figures for `npm run bench` (milliseconds unless the key says otherwise): opening every corpus solution,
 * a generated 2,000-package solution (service open and `ssisd solution show --json` in-process), an
 * Entry-point toggle on it, and parsing the corpus's largest package.
 */
import { readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseDtsx } from '../../../shared/formats/dtsx.js';
import { main as ssisd } from '../../cli/ssisd.js';
import { SolutionService } from './service.js';
import { generateLargeSample } from './generate.js';
import { CORPUS_DIR as DEFAULT_CORPUS_DIR, listFiles, SAMPLE_DIR as DEFAULT_SAMPLE_DIR, tempCopy } from './test-helpers.js';

async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const t = performance.now();
  const v = await fn();
  return [Math.round((performance.now() - t) * 10) / 10, v];
}

export interface SolutionBenchOptions {
  /** Extra packages in the generated solution (default 2,000). */
  readonly packages?: number;
  /** Where the corpus and the sample are; defaults work when this file runs from the source tree. */
  readonly corpusDir?: string;
  readonly sampleDir?: string;
}

export async function runSolutionBench(options: SolutionBenchOptions = {}): Promise<Record<string, number>> {
  const count = options.packages ?? 2000;
  const CORPUS_DIR = options.corpusDir ?? DEFAULT_CORPUS_DIR;
  const SAMPLE_DIR = options.sampleDir ?? DEFAULT_SAMPLE_DIR;
  const out: Record<string, number> = {};
  const solutions = listFiles(CORPUS_DIR).filter((f) => /\.slnx?$/i.test(f));
  let corpusTotal = 0;
  for (const sln of solutions) {
    const svc = new SolutionService({ watch: false });
    const [ms, r] = await timed(() => svc.open({ path: sln }));
    await svc.close();
    if (!r.ok) throw new Error(`bench: ${sln}: ${r.error.message}`);
    corpusTotal += ms;
  }
  out['corpus.solutions'] = solutions.length;
  out['corpus.openAll.ms'] = Math.round(corpusTotal * 10) / 10;

  const copy = tempCopy(SAMPLE_DIR, 'ssisd-bench-');
  try {
    const [genMs, sln] = await timed(async () => generateLargeSample(copy, count));
    out['large.generate.ms'] = genMs;
    out['large.packages'] = count + 4;
    const svc = new SolutionService({ watch: false });
    const [openMs, opened] = await timed(() => svc.open({ path: sln }));
    if (!opened.ok) throw new Error(`bench: ${opened.error.message}`);
    out['large.open.ms'] = openMs;
    const dtproj = opened.value.projects[0]!.path;
    const [toggleMs, toggled] = await timed(() => svc.setEntryPoint({ projectPath: dtproj, packageName: `Child${String(count).padStart(5, '0')}.dtsx`, entryPoint: true }));
    if (!toggled.ok) throw new Error(`bench: ${toggled.error.message}`);
    out['large.toggleEntryPoint.ms'] = toggleMs;
    await svc.close();
    let json = '';
    const [showMs, code] = await timed(() => ssisd(['solution', 'show', sln, '--json'], { out: (t) => void (json += t), err: () => undefined }));
    if (code !== 0) throw new Error('bench: ssisd solution show failed');
    out['large.showJson.ms'] = showMs;
    out['large.showJson.bytes'] = json.length;
  } finally {
    rmSync(dirname(copy), { recursive: true, force: true });
  }

  const biggest = listFiles(CORPUS_DIR)
    .filter((f) => f.toLowerCase().endsWith('.dtsx'))
    .map((f) => ({ f, size: readFileSync(f).length }))
    .sort((a, b) => b.size - a.size)[0];
  if (biggest) {
    const text = readFileSync(biggest.f, 'utf8');
    const [ms] = await timed(async () => parseDtsx(text));
    out['parse.largestDtsx.ms'] = ms;
    out['parse.largestDtsx.kb'] = Math.round(biggest.size / 1024);
  }
  return out;
}
