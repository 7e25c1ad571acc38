/**
 * Electron mode: the real window over out/main/index.js. Runs only where Electron's binary is installed
 * (node_modules/electron/path.txt naming an existing file) and a display is available; otherwise it is
 * skipped with the reason. Never calls require('electron'): without a binary that tries to download one.
 */
import { _electron as electron } from '@playwright/test';
import { existsSync, readFileSync } from 'node:fs';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, ROOT, SAMPLE_DIR, test } from './fixtures.js';
import { item, SOLUTION_LABEL } from './tree.js';

function electronBinary(): string | null {
  const pkg = join(ROOT, 'node_modules', 'electron');
  try {
    const rel = readFileSync(join(pkg, 'path.txt'), 'utf8').trim();
    const dist = process.env.ELECTRON_OVERRIDE_DIST_PATH ?? join(pkg, 'dist');
    const bin = join(dist, rel);
    return rel && existsSync(bin) ? bin : null;
  } catch {
    return null;
  }
}

const binary = electronBinary();
const display = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);

test('Electron window shows the sample solution', async () => {
  test.skip(!binary, 'Electron binary not installed (node_modules/electron/path.txt missing or names no file); browser mode is tested instead');
  test.skip(!display, 'no display: run the Electron test under `xvfb-run -a npx playwright test e2e/electron.spec.ts`');
  const dir = await mkdtemp(join(tmpdir(), 'ssisd-e2e-electron-'));
  try {
    await cp(SAMPLE_DIR, join(dir, 'LoadBalancing'), { recursive: true });
    const env = { ...process.env } as Record<string, string>;
    delete env.ELECTRON_RUN_AS_NODE;
    const app = await electron.launch({ executablePath: binary!, args: [join(ROOT, 'out', 'main', 'index.js'), join(dir, 'LoadBalancing', 'LoadBalancing.sln')], cwd: ROOT, env });
    try {
      const page = await app.firstWindow();
      await expect(page.locator('body[data-ready="true"]')).toHaveCount(1, { timeout: 20_000 });
      await expect(item(page, SOLUTION_LABEL)).toBeVisible();
      await expect(item(page, 'Parent.dtsx')).toBeVisible();
      // The page has the bridge and nothing of Node.
      expect(await page.evaluate(() => Object.keys((window as unknown as { ssisd: object }).ssisd).sort())).toEqual(['invoke', 'on']);
      expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined');
    } finally {
      await app.close();
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});
