// `npm test`: every check in one command — types, lint, unit/service/emulator tests (vitest), then the UI
// end to end (Playwright in Chromium). Ends with one summary line "Tests: N passed, N failed, N skipped".
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const resultsDir = 'out/test-results';
mkdirSync(resultsDir, { recursive: true });
const counts = { passed: 0, failed: 0, skipped: 0 };
let ok = true;

function step(title, command, args, env = {}) {
  console.log(`\n=== ${title} ===`);
  const r = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  if (r.status !== 0) {
    ok = false;
    console.log(`=== ${title}: FAILED (exit ${r.status ?? r.signal}) ===`);
  }
  return r.status === 0;
}

function readJson(file) {
  try {
    return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : null;
  } catch {
    return null;
  }
}

step('Build', 'node', ['scripts/build.mjs']);
step('Type check (tsc -b)', 'npx', ['tsc', '-b']);
step('Lint (eslint)', 'npx', ['eslint', '.']);

const vitestJson = join(resultsDir, 'vitest.json');
step('Unit, service and emulator tests (vitest)', 'npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${vitestJson}`]);
const v = readJson(vitestJson);
if (v) {
  counts.passed += v.numPassedTests ?? 0;
  counts.failed += v.numFailedTests ?? 0;
  counts.skipped += (v.numPendingTests ?? 0) + (v.numTodoTests ?? 0);
} else ok = false;

const pwJson = join(resultsDir, 'playwright.json');
step('End-to-end tests (Playwright, Chromium)', 'npx', ['playwright', 'test', '--reporter=list,json'], { PLAYWRIGHT_JSON_OUTPUT_NAME: pwJson });
const p = readJson(pwJson);
if (p?.stats) {
  counts.passed += (p.stats.expected ?? 0) + (p.stats.flaky ?? 0);
  counts.failed += p.stats.unexpected ?? 0;
  counts.skipped += p.stats.skipped ?? 0;
} else ok = false;

console.log(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped`);
process.exit(ok && counts.failed === 0 ? 0 : 1);
