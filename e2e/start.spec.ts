/**
 * `npm start` where Electron's binary is missing (as on our machines): one line saying so, then the browser
 * host on the path given (relative to where the user typed it), plus emulated SQL Servers unless
 * --no-emulators.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, ROOT, SAMPLE_DIR, test } from './fixtures.js';

const hasElectron = existsSync(join(ROOT, 'node_modules', 'electron', 'path.txt'));

function start(args: string[], cwd: string): { child: ChildProcess; lines: string[]; waitFor(re: RegExp): Promise<RegExpExecArray> } {
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, INIT_CWD: cwd, SSISD_SKIP_BUILD: '1', SSISD_USER_DATA: mkdtempSync(join(tmpdir(), 'ssisd-start-user-')) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: { re: RegExp; resolve: (m: RegExpExecArray) => void }[] = [];
  createInterface({ input: child.stdout! }).on('line', (l) => {
    lines.push(l);
    for (const w of [...waiters]) {
      const m = w.re.exec(l);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  });
  child.stderr!.resume();
  return {
    child,
    lines,
    waitFor: (re) =>
      new Promise((resolve) => {
        const hit = lines.map((l) => re.exec(l)).find(Boolean);
        if (hit) resolve(hit);
        else waiters.push({ re, resolve });
      }),
  };
}

async function stop(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return child.exitCode;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  child.kill('SIGTERM');
  return exited;
}

function tcp(host: string, port: number): Promise<string> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => (s.destroy(), resolve('open')));
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
}

test.describe('npm start in browser mode', () => {
  test.skip(hasElectron, 'Electron is installed here, so npm start opens the desktop window instead');

  test('says Electron is missing, serves the solution given by a relative path, and starts emulators', async ({ page }) => {
    const dir = await mkdtemp(join(tmpdir(), 'ssisd-e2e-start-'));
    await cp(SAMPLE_DIR, join(dir, 'LoadBalancing'), { recursive: true });
    const run = start([join('LoadBalancing', 'LoadBalancing.sln')], dir);
    try {
      const [, url] = await run.waitFor(/^SSIS Designer is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/);
      expect(run.lines).toContain('Electron is not installed on this machine; serving SSIS Designer in your browser instead.');
      const servers = run.lines.map((l) => /^Emulated SQL Server (\S+) is listening at ([\d.]+),(\d+)/.exec(l)).filter((m) => m !== null);
      if (existsSync(join(ROOT, 'out', 'emulator', 'start.js'))) {
        expect(servers.map((m) => m[2])).toEqual(['127.0.0.2', '127.0.0.3']);
        for (const m of servers) expect(await tcp(m[2]!, Number(m[3]))).toBe('open');
      }
      await page.goto(url!);
      await expect(page.locator('body[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 });
      await expect(page.getByRole('treeitem', { name: "Solution 'LoadBalancing' (1 of 1 project)" })).toBeVisible();
      expect(await stop(run.child)).toBe(0);
      for (const m of servers) expect(await tcp(m[2]!, Number(m[3]))).toBe('ECONNREFUSED');
    } finally {
      await stop(run.child);
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('--no-emulators starts none', async () => {
    // A temp folder as the user's folder: the app writes its settings and log under <cwd>/user-data here.
    const dir = await mkdtemp(join(tmpdir(), 'ssisd-e2e-start-'));
    const run = start(['--no-emulators'], dir);
    try {
      await run.waitFor(/^SSIS Designer is running at /);
      expect(run.lines.filter((l) => l.startsWith('Emulated SQL Server'))).toEqual([]);
    } finally {
      await stop(run.child);
      await rm(dir, { recursive: true, force: true });
    }
  });
});
