/** Temp copies of the sample and the corpus for tests and the bench (the originals are never written). */
import { chmodSync, cpSync, mkdtempSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(here, '../../..');
export const SAMPLE_DIR = join(REPO_ROOT, 'samples', 'LoadBalancing');
export const CORPUS_DIR = resolve(REPO_ROOT, '../shared/corpus');

function makeWritable(dir: string): void {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const st = statSync(p);
    chmodSync(p, st.isDirectory() ? 0o755 : 0o644);
    if (st.isDirectory()) makeWritable(p);
  }
}

/** Copies `source` (a folder) into a fresh temp folder and returns the copy's path. */
export function tempCopy(source: string, prefix = 'ssisd-sol-'): string {
  const root = mkdtempSync(join(tmpdir(), prefix));
  const target = join(root, source.split(/[\\/]/).pop() ?? 'copy');
  cpSync(source, target, { recursive: true });
  makeWritable(target);
  return target;
}

export function listFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) listFiles(p, out);
    else out.push(p);
  }
  return out;
}
