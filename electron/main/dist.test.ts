/**
 * What the installers would ship: `npm run dist:check` validates electron-builder.yml offline and lays out the
 * unpacked app; app.asar must hold the compiled main, preload and renderer and the production dependencies —
 * and nothing from emulator/, e2e/, tests, sources, source maps or dev dependencies.
 */
import { listPackage } from '@electron/asar';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
const UNPACKED = join(ROOT, 'release', 'check', `${process.platform === 'darwin' ? 'mac' : process.platform === 'win32' ? 'win' : 'linux'}-unpacked`, 'resources');
let entries: string[] = [];
let summary = '';

beforeAll(() => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts', 'dist-check.mjs')], { cwd: ROOT, encoding: 'utf8', timeout: 170_000 });
  summary = `${r.stdout}\n${r.stderr}`;
  if (r.status !== 0) throw new Error(`dist:check failed:\n${summary}`);
  entries = listPackage(join(UNPACKED, 'app.asar'), { isPack: false }).map((e) => e.split('\\').join('/'));
}, 180_000);

describe('npm run dist:check', () => {
  it('validates the configuration: id, targets per OS, file associations, icons', () => {
    expect(summary).toMatch(/dist:check ok: org\.ssisdesigner\.app "SSIS Designer" Electron \d+\.\d+\.\d+; win nsis, mac dmg,zip, linux appimage,deb;/);
    for (const icon of ['icon.png', 'icon.ico', 'icon.icns', 'icons/16x16.png', 'icons/512x512.png']) expect(existsSync(join(ROOT, 'build', icon)), icon).toBe(true);
  });

  it('packs the compiled main, preload and renderer, and package.json', () => {
    for (const f of ['/package.json', '/out/main/index.js', '/out/preload/index.cjs', '/out/renderer/index.html']) expect(entries, f).toContain(f);
    expect(entries.some((e) => /^\/out\/renderer\/assets\/index-[^/]+\.js$/.test(e))).toBe(true);
  });

  it('packs every production dependency and no dev dependency', () => {
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    for (const dep of Object.keys(pkg.dependencies)) expect(entries, dep).toContain(`/node_modules/${dep}/package.json`);
    // mssql's own dependencies come along (it cannot connect without tedious).
    expect(entries).toContain('/node_modules/tedious/package.json');
    // Type packages may be reached through a production dependency (tedious → @types/readable-stream → @types/node).
    for (const dev of Object.keys(pkg.devDependencies).filter((d) => !d.startsWith('@types/'))) expect(entries, dev).not.toContain(`/node_modules/${dev}/package.json`);
  });

  it('packs nothing from the emulator, e2e, tests, sources or source maps', () => {
    const app = entries.filter((e) => e !== '/node_modules' && !e.startsWith('/node_modules/'));
    const tops = new Set(app.map((e) => e.split('/')[1]));
    expect([...tops].sort()).toEqual(['out', 'package.json']);
    const outs = new Set(app.filter((e) => e.startsWith('/out/')).map((e) => e.split('/')[2]));
    expect([...outs].sort()).toEqual(['main', 'preload', 'renderer']);
    for (const e of app) {
      expect(e, e).not.toMatch(/\.(ts|tsx|map)$|\.(test|spec)\.|\/(emulator|e2e|tests?)\//);
    }
    expect(entries.filter((e) => e.endsWith('.map'))).toEqual([]);
  });

  it('puts the sample solution next to app.asar, where a first run opens it', () => {
    expect(existsSync(join(UNPACKED, 'samples', 'LoadBalancing', 'LoadBalancing.sln'))).toBe(true);
  });
});
