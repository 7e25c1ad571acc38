/**
 * The first run and what the app remembers, through bootApp over the real services: the local emulators handed
 * over by `npm start` land in the Servers list, the last solution opens when no path is given (the sample when
 * it is gone), and the environment variable carrying the password is gone once read.
 */
import { cp, mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import type { ServerList } from '../../shared/model/server.js';
import type { AppSettings } from '../../shared/model/settings.js';
import { bootApp, SAMPLE_SOLUTION } from './boot.js';
import { sampleCopyPath } from './sample-copy.js';
import { PassThrough } from 'node:stream';
import { LOCAL_EMULATORS_STDIN_ENV, parseLocalEmulators, readLocalEmulators } from './local-emulators.js';

const ROOT = join(import.meta.dirname, '..', '..');
const PASSWORD = 'First!Run-Pw42';
let emu: RunningEmulator;
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SRV1', host: '127.0.0.2' }, { name: 'SRV2', host: '127.0.0.3' }], saPassword: PASSWORD });
});
afterAll(() => emu.close());
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function temp(): Promise<string> {
  const d = await mkdtemp(join(tmpdir(), 'ssisd-first-run-'));
  cleanups.push(() => rm(d, { recursive: true, force: true }));
  return d;
}

async function allText(dir: string): Promise<string> {
  let text = '';
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (e.isFile()) text += await readFile(join(e.parentPath, e.name), 'utf8');
  }
  return text;
}

describe('first run', () => {
  it('takes the emulators from the line npm start writes on stdin and registers them, writing no password', async () => {
    const env: NodeJS.ProcessEnv = { [LOCAL_EMULATORS_STDIN_ENV]: '1' };
    const stdin = new PassThrough();
    const reading = readLocalEmulators(stdin, env);
    expect(env[LOCAL_EMULATORS_STDIN_ENV]).toBeUndefined();
    stdin.write(JSON.stringify({ password: PASSWORD, servers: emu.servers.map((s) => ({ name: s.name, host: s.host, port: s.port })) }).slice(0, 20));
    stdin.write(`${JSON.stringify({ password: PASSWORD, servers: emu.servers.map((s) => ({ name: s.name, host: s.host, port: s.port })) }).slice(20)}\n`);
    const handed = await reading;
    expect(handed?.servers.map((s) => s.host)).toEqual(['127.0.0.2', '127.0.0.3']);
    expect(parseLocalEmulators('{"password":1}')).toBeNull();
    expect(await readLocalEmulators(new PassThrough(), {})).toBeNull();
    const ended = new PassThrough();
    const none = readLocalEmulators(ended, { [LOCAL_EMULATORS_STDIN_ENV]: '1' });
    ended.end('\n');
    expect(await none).toBeNull();
    const userDataDir = await temp();
    const booted = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: null, localEmulators: handed, log: () => {} });
    cleanups.push(() => booted.core.close());
    const list = (await booted.core.dispatch('servers:list', {})) as { ok: true; value: ServerList };
    expect(list.value.servers.map((s) => [s.displayName, s.localEmulator])).toEqual([
      ['SRV1 (local emulator)', true],
      ['SRV2 (local emulator)', true],
    ]);
    const tested = await booted.core.dispatch('servers:test', { serverId: list.value.servers[1]!.id });
    expect(tested).toMatchObject({ ok: true, value: { serverName: 'SRV2' } });
    expect(await allText(userDataDir)).not.toContain(PASSWORD);
  });

  /** A copy of the sample, opened once so that the app remembers it as the last solution. */
  async function rememberedCopy(userDataDir: string): Promise<{ copy: string; sln: string }> {
    const copy = join(await temp(), 'LoadBalancing');
    await cp(join(ROOT, 'samples', 'LoadBalancing'), copy, { recursive: true });
    const sln = join(copy, 'LoadBalancing.sln');
    const first = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: sln, log: () => {} });
    await first.core.close();
    return { copy, sln };
  }

  it('opens the last solution when no path is given, and the sample once it is gone', async () => {
    const userDataDir = await temp();
    const { copy, sln } = await rememberedCopy(userDataDir);
    const second = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: null, log: () => {} });
    expect(second.openedPath).toBe(sln);
    const settings = (await second.core.dispatch('shell:settings', {})) as { ok: true; value: AppSettings };
    expect(settings.value.recentSolutions[0]).toBe(sln);
    await second.core.close();

    await rm(copy, { recursive: true, force: true });
    const third = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: null, log: () => {} });
    cleanups.push(() => third.core.close());
    expect(third.openedPath).toBe(sampleCopyPath(join(ROOT, SAMPLE_SOLUTION), userDataDir));
    expect(third.opened.ok).toBe(true);
  });

  it('opens the sample when the remembered solution is there but will not open, and forgets it', async () => {
    const userDataDir = await temp();
    const { sln } = await rememberedCopy(userDataDir);
    // Still there, but a folder now: it cannot be read.
    await rm(sln);
    await mkdir(sln);
    const lines: string[] = [];
    const second = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: null, log: (l) => lines.push(l) });
    cleanups.push(() => second.core.close());
    expect(second.openedPath).toBe(sampleCopyPath(join(ROOT, SAMPLE_SOLUTION), userDataDir));
    expect(second.opened.ok).toBe(true);
    expect(lines.join('\n')).toContain(`The last solution ${sln} could not be opened`);
    const settings = (await second.core.dispatch('shell:settings', {})) as { ok: true; value: AppSettings };
    expect(settings.value.recentSolutions).not.toContain(sln);
  });

  it('remembers pane sizes and the emulators switch through the channels', async () => {
    const userDataDir = await temp();
    const booted = await bootApp({ rootDir: ROOT, mode: 'browser', userDataDir, solutionPath: null, log: () => {} });
    cleanups.push(() => booted.core.close());
    const events: AppSettings[] = [];
    booted.core.events.on('shell:settingsChanged', (s) => events.push(s));
    expect(await booted.core.dispatch('shell:setPaneSize', { pane: 'solutionExplorer', size: 420 })).toMatchObject({ ok: true, value: { paneSizes: { solutionExplorer: 420 } } });
    expect(await booted.core.dispatch('shell:setStartLocalEmulators', { enabled: false })).toMatchObject({ ok: true, value: { startLocalEmulators: false } });
    expect(await booted.core.dispatch('shell:setPaneSize', { pane: 'x', size: '1' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(events.map((e) => e.startLocalEmulators)).toEqual([true, false]);
    const disk = JSON.parse(await readFile(join(userDataDir, 'settings.json'), 'utf8')) as AppSettings;
    expect(disk.startLocalEmulators).toBe(false);
  });
});
