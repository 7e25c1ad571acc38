import { mkdtempSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { SolutionView } from '../../shared/model/solution.js';
import { bootApp, givenSolutionPath, SAMPLE_SOLUTION } from './boot.js';

const ROOT = join(import.meta.dirname, '..', '..');
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ssisd-boot-user-'));
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

async function sampleCopy(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ssisd-boot-'));
  await cp(join(ROOT, 'samples', 'LoadBalancing'), join(dir, 'LoadBalancing'), { recursive: true });
  cleanups.push(() => rm(dir, { recursive: true, force: true }));
  return dir;
}

describe('bootApp over the real solution service', () => {
  it('takes a path given on the command line from the current directory', () => {
    expect(givenSolutionPath('/x/y.sln')).toBe('/x/y.sln');
    expect(givenSolutionPath(join('x', 'y.sln'))).toBe(join(process.cwd(), 'x', 'y.sln'));
  });

  it("opens the user's own copy of the sample by default, made once in the user-data folder; the bundled one stays as shipped", async () => {
    const userDataDir = await tempDir();
    const booted = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: null, log: () => {} });
    const copy = join(userDataDir, 'Samples', 'LoadBalancing', 'LoadBalancing.sln');
    expect(booted.openedPath).toBe(copy);
    expect(booted.opened.ok).toBe(true);
    const bundled = join(ROOT, SAMPLE_SOLUTION, '..', 'LoadBalancing', 'LoadBalancing.dtproj');
    const copied = join(copy, '..', 'LoadBalancing', 'LoadBalancing.dtproj');
    const shipped = await readFile(bundled, 'utf8');
    expect(await readFile(copied, 'utf8')).toBe(shipped);
    const r = await booted.core.dispatch('solution:setEntryPoint', { projectPath: copied, packageName: 'Parent.dtsx', entryPoint: false });
    expect(r.ok).toBe(true);
    await booted.core.close();
    expect(await readFile(bundled, 'utf8')).toBe(shipped);
    expect(await readFile(copied, 'utf8')).not.toBe(shipped);
    expect(await readdir(join(userDataDir, 'Samples'))).toEqual(['LoadBalancing']);

    // Not remembered any more (settings gone): the existing copy opens again, with the change kept.
    await rm(join(userDataDir, 'settings.json'), { force: true });
    const again = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: null, log: () => {} });
    cleanups.push(() => again.core.close());
    expect(again.openedPath).toBe(copy);
    expect(await readFile(copied, 'utf8')).not.toBe(shipped);
  });

  it('opens the bundled sample itself when no copy can be made, and says why', async () => {
    const userDataDir = await tempDir();
    await writeFile(join(userDataDir, 'Samples'), 'a file where the folder would go');
    const lines: string[] = [];
    const booted = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: null, log: (l) => lines.push(l) });
    cleanups.push(() => booted.core.close());
    expect(booted.openedPath).toBe(join(ROOT, SAMPLE_SOLUTION));
    expect(booted.opened.ok).toBe(true);
    expect(lines.join('\n')).toContain(`Could not copy the sample to ${join(userDataDir, 'Samples', 'LoadBalancing', 'LoadBalancing.sln')}`);
  });

  it('opens the given solution and serves the channels over it, writing real files', async () => {
    const dir = await sampleCopy();
    const booted = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir: mkdtempSync(join(tmpdir(), 'ssisd-boot-')), solutionPath: join(dir, 'LoadBalancing', 'LoadBalancing.sln'), log: () => {} });
    cleanups.push(() => booted.core.close());
    expect(booted.opened.ok).toBe(true);
    const info = await booted.core.dispatch('app:info', {});
    expect(info).toMatchObject({ ok: true, value: { name: 'SSIS Designer', mode: 'browser' } });
    const got = await booted.core.dispatch('solution:get', {});
    if (!got.ok) throw new Error(got.error.message);
    const view = got.value as SolutionView;
    expect(view.solution?.name).toBe('LoadBalancing');
    const project = view.projects[0]!;
    const dtproj = project.path;
    const before = await readFile(dtproj, 'utf8');
    const r = await booted.core.dispatch('solution:setEntryPoint', { projectPath: dtproj, packageName: 'Parent.dtsx', entryPoint: false });
    expect(r.ok).toBe(true);
    expect(await readFile(dtproj, 'utf8')).toBe(before.replace('SSIS:Name="Parent.dtsx" SSIS:EntryPoint="1"', 'SSIS:Name="Parent.dtsx" SSIS:EntryPoint="0"'));
  });

  it('forwards a change on disk as a solution:changed event', async () => {
    const dir = await sampleCopy();
    const booted = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir: mkdtempSync(join(tmpdir(), 'ssisd-boot-')), solutionPath: join(dir, 'LoadBalancing', 'LoadBalancing.sln'), log: () => {} });
    cleanups.push(() => booted.core.close());
    const changed = new Promise<SolutionView>((resolve) => booted.core.events.on('solution:changed', resolve));
    await writeFile(join(dir, 'LoadBalancing', 'LoadBalancing', 'LoadOrders.dtsx'), '<not xml');
    const view = await changed;
    const pkg = view.projects[0]!.packages.find((p) => p.name === 'LoadOrders.dtsx');
    expect(pkg?.status).toBe('error');
  });

  it('reports a solution that cannot be opened, and still serves', async () => {
    const booted = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir: mkdtempSync(join(tmpdir(), 'ssisd-boot-')), solutionPath: join(tmpdir(), 'no-such-dir-ssisd', 'x.sln'), log: () => {} });
    cleanups.push(() => booted.core.close());
    expect(booted.opened.ok).toBe(false);
    if (!booted.opened.ok) expect(booted.opened.error.message).toContain('x.sln');
    expect(await booted.core.dispatch('solution:get', {})).toEqual({ ok: true, value: null });
  });
});
