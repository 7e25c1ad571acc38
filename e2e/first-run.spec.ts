/**
 * A newcomer's first run, through `npm start` in browser mode (scripts/start.mjs, a fresh user-data folder):
 * the sample solution opens, the two local emulators are already in the Servers pane and labelled so; a child
 * package dragged onto one deploys and its job appears. Help → About passes an accessibility check, and the
 * Recent menu remembers the solution.
 */
import AxeBuilder from '@axe-core/playwright';
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { expect, ROOT, SAMPLE_DIR, test } from './fixtures.js';
import { expandServerPath, serverNode } from './servers.js';
import { item } from './tree.js';

const hasElectron = existsSync(join(ROOT, 'node_modules', 'electron', 'path.txt'));
const URL_LINE = /^SSIS Designer is running at (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)$/;

interface Started {
  readonly child: ChildProcess;
  readonly url: string;
  readonly userData: string;
  readonly stdout: string[];
  stderr(): string;
}

/** `npm start [args]` as a user runs it, with its own user-data folder; resolves once it prints the address. */
async function npmStart(dir: string, args: string[] = [], env: Record<string, string> = {}): Promise<Started> {
  const userData = join(dir, 'user-data');
  const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), ...args], {
    cwd: ROOT,
    env: { ...process.env, INIT_CWD: dir, SSISD_SKIP_BUILD: '1', SSISD_USER_DATA: userData, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const stdout: string[] = [];
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no address within 30 s:\n${stderr}`)), 30_000);
    createInterface({ input: child.stdout! }).on('line', (l) => {
      stdout.push(l);
      const m = URL_LINE.exec(l);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => reject(new Error(`npm start exited with ${code}:\n${stderr}`)));
  });
  return { child, url, userData, stdout, stderr: () => stderr };
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  await exited;
}


async function allFilesText(dir: string): Promise<string> {
  let text = '';
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) text += await readFile(join(e.parentPath, e.name), 'utf8');
  }
  return text;
}

test.describe('first run (npm start, browser mode)', () => {
  test.skip(hasElectron, 'Electron is installed here, so npm start opens the desktop window instead');
  test.skip(!existsSync(join(ROOT, process.env.SSISD_OUT_DIR ?? 'out', 'emulator', 'start.js')), 'the emulator is not built');

  test('no argument: the sample and the two local emulators are there; About is accessible; Recent remembers', async ({ page }) => {
    const dir = await mkdtemp(join(tmpdir(), 'ssisd-e2e-first-run-'));
    const run = await npmStart(dir);
    try {
      expect(run.stdout.filter((l) => l.startsWith('Emulated SQL Server')).map((l) => l.split(' ')[3])).toEqual(['SRV1', 'SRV2']);
      await page.goto(run.url);
      await expect(page.locator('body[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 });
      await expect(page.getByRole('treeitem', { name: "Solution 'LoadBalancing' (1 of 1 project)" })).toBeVisible();
      await expect(serverNode(page, 'SRV1 (local emulator)')).toBeVisible({ timeout: 15_000 });
      await expect(serverNode(page, 'SRV2 (local emulator)')).toBeVisible();

      // Help → About: the versions, and no serious accessibility violation.
      await page.getByRole('button', { name: /^Help/ }).click();
      await page.getByRole('menuitem', { name: 'About SSIS Designer' }).click();
      const about = page.getByRole('dialog', { name: 'About SSIS Designer' });
      await expect(about).toContainText('Version 0.1.0');
      await expect(about.getByRole('row', { name: /^Node\.js \d+\.\d+\.\d+/ })).toBeVisible();
      await expect(about.getByRole('row', { name: /^mssql \(SQL Server client\) \d+\.\d+\.\d+/ })).toBeVisible();
      for (const theme of ['light', 'dark']) {
        await page.evaluate((t) => (document.documentElement.dataset.theme = t), theme);
        const results = await new AxeBuilder({ page }).include('[role="dialog"]').analyze();
        const serious = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        expect(serious.map((v) => `${theme} ${v.id}: ${v.help}`)).toEqual([]);
      }
      await page.keyboard.press('Escape');
      await expect(about).toHaveCount(0);

      // Recent: the user's copy of the sample (the bundled one stays as shipped), remembered in the user-data folder. The open menu and the whole window pass axe too.
      await page.getByRole('button', { name: /^Recent/ }).click();
      await expect(page.getByRole('menuitem', { name: /^1 LoadBalancing\.sln — / })).toBeVisible();
      const windowResults = await new AxeBuilder({ page }).analyze();
      const windowSerious = windowResults.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(windowSerious.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`)).toEqual([]);
      await page.keyboard.press('Escape');
      const settings = JSON.parse(await readFile(join(run.userData, 'settings.json'), 'utf8')) as { recentSolutions: string[] };
      expect(settings.recentSolutions).toEqual([join(run.userData, 'Samples', 'LoadBalancing', 'LoadBalancing.sln')]);
    } finally {
      await stop(run.child);
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('a child package dragged onto a local emulator deploys and its job appears; no secret on disk', async ({ page }) => {
    test.setTimeout(120_000);
    const dir = await mkdtemp(join(tmpdir(), 'ssisd-e2e-first-run-'));
    await cp(SAMPLE_DIR, join(dir, 'LoadBalancing'), { recursive: true });
    // A known sa password for this run, so the files can be searched for it.
    const password = 'E2e!FirstRun-Secret7';
    const run = await npmStart(dir, [join('LoadBalancing', 'LoadBalancing.sln')], { SSISD_EMULATOR_SA_PASSWORD: password });
    try {
      await page.goto(run.url);
      await expect(page.locator('body[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 });
      const target = 'SRV1 (local emulator)';
      await expect(serverNode(page, target)).toBeVisible({ timeout: 15_000 });

      await item(page, 'LoadCustomers.dtsx').dragTo(serverNode(page, target));
      const dialog = page.getByRole('dialog', { name: `Deploy to ${target}` });
      await dialog.getByRole('radio', { name: 'SQL Server (msdb)' }).check();
      await dialog.getByRole('button', { name: 'Deploy' }).click();
      const progress = page.getByRole('dialog', { name: 'Deploy', exact: true });
      await expect(progress.getByRole('status', { name: 'Deploy summary' })).toContainText('The deployment succeeded.', { timeout: 30_000 });
      await progress.getByRole('button', { name: 'Close' }).click();

      await expandServerPath(page, [target, 'SQL Server Agent', 'Jobs']);
      await expect(serverNode(page, 'LoadBalancing - LoadCustomers')).toBeVisible();
    } finally {
      await stop(run.child);
    }
    // Every file the app wrote — user-data folder (settings, servers, log), the solution folder with the deploy
    // assignments sidecar — and everything it printed: no password, no token.
    const token = new URL(run.url).searchParams.get('token')!;
    const written = await allFilesText(dir);
    expect(existsSync(join(dir, 'LoadBalancing', 'LoadBalancing', 'LoadBalancing.dtproj.deploy.json'))).toBe(true);
    expect(written).not.toContain(password);
    expect(written).not.toContain(token);
    expect(`${run.stdout.join('\n')}\n${run.stderr()}`).not.toContain(password);
    expect(run.stderr()).not.toContain(token);
    await rm(dir, { recursive: true, force: true });
  });
});
