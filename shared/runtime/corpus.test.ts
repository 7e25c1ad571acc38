// Every real package in ../shared/corpus loads into the executable model (or is refused with a clear message),
// and what the built-in engine cannot run (Data Flow, Script, maintenance tasks) is listed before a run.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findBlockers } from './blockers.js';
import { PackageLoadError, parsePackage } from './load-package.js';
import type { ExecutableDef } from './model.js';
import { normalizeTaskType, TASK } from './task-types.js';

const CORPUS = resolve(__dirname, '../../../shared/corpus');

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (name.toLowerCase().endsWith('.dtsx')) out.push(p);
  }
  return out;
}

const SUPPORTED = new Set<string>([TASK.executeSql, TASK.executePackage, TASK.agentJob, TASK.executeProcess, TASK.fileSystem, TASK.expression]);

function tasks(e: ExecutableDef, out: ExecutableDef[] = []): ExecutableDef[] {
  if (e.kind === 'task') out.push(e);
  for (const c of e.executables) tasks(c, out);
  for (const h of e.eventHandlers) tasks(h.body, out);
  return out;
}

describe('corpus packages in the built-in engine', () => {
  const files = walk(CORPUS);
  it('has packages', () => expect(files.length).toBeGreaterThanOrEqual(10));

  for (const file of files) {
    it(`loads ${file.slice(CORPUS.length + 1)}`, async () => {
      const text = readFileSync(file, 'utf8').replace(/^\uFEFF/, '');
      let pkg;
      try {
        pkg = parsePackage(text, file.split('/').pop()!, file);
      } catch (e) {
        // Format 2/3 and password-encrypted packages are refused with a message that says what to do.
        expect(e).toBeInstanceOf(PackageLoadError);
        expect((e as Error).message).toMatch(/upgrade|\/DECRYPT/);
        return;
      }
      const blockers = await findBlockers(pkg, SUPPORTED, null);
      const unsupported = tasks(pkg.root).filter((t) => !t.disabled && !SUPPORTED.has(normalizeTaskType(t.taskType)));
      expect(blockers.length).toBeGreaterThanOrEqual(unsupported.length > 0 ? 1 : 0);
      for (const b of blockers) expect(b.message).toMatch(/built-in engine/);
    });
  }
});
