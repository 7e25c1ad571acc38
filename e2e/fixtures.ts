/**
 * Per test: a temp copy of the sample solution (edited first when a test needs broken files), a fresh
 * browser-mode host on a free port (out/host/index.js as a child process), and the page opened on the URL it
 * prints, ready when the renderer sets body[data-ready=true]. Everything is killed and deleted on teardown;
 * the host's stderr is attached to failing tests.
 */
import { test as base, expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
export const SAMPLE_DIR = join(ROOT, 'samples', 'LoadBalancing');
export const CORPUS_DIR = join(ROOT, '..', 'shared', 'corpus');
// SSISD_OUT_DIR: test a build made with the same variable (scripts/build.mjs) while out/ is in use.
const HOST_ENTRY = join(ROOT, process.env.SSISD_OUT_DIR ?? 'out', 'host', 'index.js');
const URL_LINE = /^SSIS Designer is running at (http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]+))$/;

export interface LaunchOptions {
  /** Edits the temp copy before the host starts (e.g. writes a broken package). */
  readonly prepare?: (dir: string) => Promise<void>;
  /** What to open, relative to the temp dir; default the sample's LoadBalancing.sln. */
  readonly open?: string;
  /** Extra folders to copy into the temp dir: [absolute source, name inside the temp dir]. */
  readonly copy?: readonly (readonly [string, string])[];
}

export interface AppHandle {
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** The temp dir holding the copies. */
  readonly dir: string;
  /** The sample's project folder inside the temp dir. */
  readonly projectDir: string;
  readonly dtprojPath: string;
  readonly process: ChildProcess;
  /** Lines the host printed on stdout (exactly one is expected). */
  readonly stdoutLines: string[];
  stderr(): string;
}

async function startHost(opts: LaunchOptions): Promise<AppHandle> {
  const dir = await mkdtemp(join(tmpdir(), 'ssisd-e2e-'));
  await cp(SAMPLE_DIR, join(dir, 'LoadBalancing'), { recursive: true });
  for (const [from, name] of opts.copy ?? []) await cp(from, join(dir, name), { recursive: true });
  if (opts.prepare) await opts.prepare(dir);
  const target = join(dir, opts.open ?? join('LoadBalancing', 'LoadBalancing.sln'));
  // A fresh user-data folder per test: the server list and settings never leak between tests or into ~/.config.
  const userData = join(dir, 'user-data');
  const child = spawn(process.execPath, [HOST_ENTRY, target, '--port', '0', '--no-emulators'], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, SSISD_USER_DATA: userData },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const stdoutLines: string[] = [];
  const line = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the host printed no URL within 20 s; stderr:\n${stderr}`)), 20_000);
    createInterface({ input: child.stdout! }).on('line', (l) => {
      stdoutLines.push(l);
      if (URL_LINE.test(l)) {
        clearTimeout(timer);
        resolve(l);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the host exited with ${code} before printing its URL; stderr:\n${stderr}`));
    });
  });
  const m = URL_LINE.exec(line)!;
  const projectDir = join(dir, 'LoadBalancing', 'LoadBalancing');
  return {
    url: m[1]!,
    origin: `http://127.0.0.1:${m[2]}`,
    port: Number(m[2]),
    token: m[3]!,
    dir,
    projectDir,
    dtprojPath: join(projectDir, 'LoadBalancing.dtproj'),
    process: child,
    stdoutLines,
    stderr: () => stderr,
  };
}

async function stopHost(app: AppHandle): Promise<void> {
  const child = app.process;
  if (child.exitCode === null && child.signalCode === null) {
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  await rm(app.dir, { recursive: true, force: true });
}

/** Opens the app's page and waits until the renderer says it is ready. */
export async function openApp(page: Page, app: AppHandle): Promise<void> {
  await page.goto(app.url);
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 });
}

export const test = base.extend<{ launch: (opts?: LaunchOptions) => Promise<AppHandle>; app: AppHandle }>({
  // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring even when no fixture is used
  launch: async ({}, use, testInfo) => {
    const started: AppHandle[] = [];
    await use(async (opts = {}) => {
      const app = await startHost(opts);
      started.push(app);
      return app;
    });
    for (const app of started) {
      if (testInfo.status !== testInfo.expectedStatus && app.stderr()) await testInfo.attach('host-stderr', { body: app.stderr(), contentType: 'text/plain' });
      await stopHost(app);
    }
  },
  app: async ({ launch, page }, use) => {
    const app = await launch();
    await openApp(page, app);
    await use(app);
  },
});

export { expect };
