import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../shared/model/settings.js';
import { normalizeSettings, SettingsService } from './index.js';

const dirs: string[] = [];
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
async function tempDir(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'ssisd-settings-'));
  dirs.push(d);
  return d;
}
function value<T>(r: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

describe('SettingsService', () => {
  it('starts from the defaults and remembers every change across instances, in one JSON file', async () => {
    const dir = await tempDir();
    const first = new SettingsService({ userDataDir: dir });
    expect(value(await first.get())).toEqual(DEFAULT_SETTINGS);
    await first.solutionOpened('/a/One.sln');
    await first.solutionOpened('/b/Two.slnx');
    await first.solutionOpened('/a/One.sln');
    await first.setPaneSize('solutionExplorer', 321.4);
    await first.setWindow({ x: 10, y: 20, width: 1000, height: 700, maximized: true });
    await first.setStartLocalEmulators(false);
    const binn = await tempDir();
    const dtexec = join(binn, 'DTExec');
    await writeFile(dtexec, '');
    expect(value(await first.setDtexecPath(` ${dtexec} `)).dtexecPath).toBe(dtexec);
    // What cannot be a dtexec is refused, naming the field; the saved path stays.
    for (const bad of ['dtexec', join(binn, 'missing'), binn]) {
      const r = await first.setDtexecPath(bad);
      expect(r.ok ? r : r.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'path' } });
    }
    const again = value(await new SettingsService({ userDataDir: dir }).get());
    expect(again).toEqual({
      window: { x: 10, y: 20, width: 1000, height: 700, maximized: true },
      paneSizes: { solutionExplorer: 321 },
      recentSolutions: ['/a/One.sln', '/b/Two.slnx'],
      lastSolution: '/a/One.sln',
      startLocalEmulators: false,
      dtexecPath: dtexec,
    });
    // Atomic writes leave no temp files behind.
    expect(await readdir(dir)).toEqual(['settings.json']);
  });

  it('keeps ten recent solutions, forgets one that is gone, and clears the list', async () => {
    const s = new SettingsService({ userDataDir: await tempDir() });
    for (let i = 0; i < 12; i++) await s.solutionOpened(`/s/${i}.sln`);
    let now = value(await s.get());
    expect(now.recentSolutions).toHaveLength(10);
    expect(now.recentSolutions[0]).toBe('/s/11.sln');
    now = value(await s.forgetSolution('/s/11.sln'));
    expect(now.lastSolution).toBeNull();
    expect(now.recentSolutions).not.toContain('/s/11.sln');
    expect(value(await s.clearRecent()).recentSolutions).toEqual([]);
  });

  it('serialises quick changes so none is lost', async () => {
    const dir = await tempDir();
    const s = new SettingsService({ userDataDir: dir });
    await Promise.all(Array.from({ length: 20 }, (_, i) => s.setPaneSize(`pane${i}`, 100 + i)));
    const disk = JSON.parse(await readFile(join(dir, 'settings.json'), 'utf8')) as { paneSizes: Record<string, number> };
    expect(Object.keys(disk.paneSizes)).toHaveLength(20);
  });

  it('refuses nonsense pane sizes and names', async () => {
    const s = new SettingsService({ userDataDir: await tempDir() });
    expect((await s.setPaneSize('x', 5)).ok).toBe(false);
    expect((await s.setPaneSize('x', Number.NaN)).ok).toBe(false);
    expect((await s.setPaneSize('../../x', 200)).ok).toBe(false);
  });

  it('reads a damaged or hand-edited file leniently, field by field', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'settings.json'), '{ not json');
    expect(value(await new SettingsService({ userDataDir: dir }).get())).toEqual(DEFAULT_SETTINGS);
    expect(
      normalizeSettings({
        window: { width: 'wide' },
        paneSizes: { ok: 200, tiny: 1, 'bad name': 300, __proto__: 5 },
        recentSolutions: ['relative.sln', '/abs.sln', '/abs.sln', 7],
        lastSolution: 'relative.sln',
        startLocalEmulators: 'yes',
        dtexecPath: 'dtexec',
      }),
    ).toEqual({ window: null, paneSizes: { ok: 200 }, recentSolutions: ['/abs.sln'], lastSolution: null, startLocalEmulators: true, dtexecPath: null });
  });

  it('tells listeners about every change written', async () => {
    const s = new SettingsService({ userDataDir: await tempDir() });
    const seen: string[][] = [];
    s.onChanged((v) => seen.push([...v.recentSolutions]));
    await s.solutionOpened('/x.sln');
    expect(seen).toEqual([['/x.sln']]);
  });

  it('answers a failure (not a throw) when the folder cannot be written', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'file'), 'x');
    const s = new SettingsService({ userDataDir: join(dir, 'file', 'sub') });
    const r = await s.solutionOpened('/x.sln');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('IO_ERROR');
  });
});
