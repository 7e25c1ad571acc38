import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../../shared/contract/channels.js';
import type { SolutionView } from '../../shared/model/solution.js';
import { AppFailure, fail, ok } from '../../shared/result.js';
import { createAppCore } from './index.js';
import type { SolutionApi } from './solution-api.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemorySecretStore } from '../services/secrets/index.js';
import { ServersService } from '../services/servers/index.js';

function testServers(): ServersService {
  return new ServersService({ userDataDir: mkdtempSync(join(tmpdir(), 'ssisd-servers-')), secrets: new MemorySecretStore() });
}


const info: AppInfo = { name: 'SSIS Designer', version: '1.2.3', mode: 'browser', versions: { node: process.versions.node } };
const view: SolutionView = { solution: { name: 'S', path: '/tmp/S.sln' }, projects: [], openedPath: '/tmp/S.sln', kind: 'sln' };

/** A solution service whose behaviour each test chooses; the real one is exercised in the host and e2e tests. */
function solutionWith(overrides: Partial<SolutionApi>): SolutionApi & { emitChanged(v: SolutionView): void; closed: number } {
  const listeners = new Set<(v: SolutionView) => void>();
  const unexpected = async () => fail<never>('INTERNAL', 'not used by this test');
  const base = {
    get: async () => ok(view),
    open: unexpected,
    reload: unexpected,
    setEntryPoint: unexpected,
    setStartupObject: unexpected,
    viewCode: unexpected,
    renamePackage: unexpected,
    deletePackage: unexpected,
    excludePackage: unexpected,
    newPackage: unexpected,
    addExistingPackage: unexpected,
    packageProperties: unexpected,
    projectProperties: unexpected,
    unlockProject: unexpected,
    onChanged(listener: (v: SolutionView) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    closed: 0,
    close() {
      this.closed += 1;
    },
    emitChanged(v: SolutionView) {
      for (const l of listeners) l(v);
    },
  };
  return Object.assign(base, overrides) as never;
}

describe('dispatch', () => {
  const silent = () => {};

  it('answers app:info with the name, version and mode it was given', async () => {
    const core = createAppCore({ servers: testServers(), solution: solutionWith({}), info, log: silent });
    expect(await core.dispatch('app:info', {})).toEqual({ ok: true, value: info });
  });

  it('refuses channels that are not in the map, including prototype keys', async () => {
    const core = createAppCore({ servers: testServers(), solution: solutionWith({}), info, log: silent });
    for (const channel of ['fs:readFile', 'constructor', '__proto__', 'toString', 42, null]) {
      const r = await core.dispatch(channel, {});
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INVALID_ARGUMENT');
    }
  });

  it('refuses malformed arguments before the service runs', async () => {
    let calls = 0;
    const core = createAppCore({
      servers: testServers(),
      solution: solutionWith({ open: async () => (calls++, ok(view)) }),
      info,
      log: silent,
    });
    for (const args of [null, [], 'x', { path: 1 }, { path: '/a', extra: true }, { path: 'x'.repeat(40_000) }]) {
      const r = await core.dispatch('solution:open', args);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('INVALID_ARGUMENT');
    }
    expect(calls).toBe(0);
    expect(await core.dispatch('solution:open', { path: '/a' })).toEqual({ ok: true, value: view });
    expect(calls).toBe(1);
  });

  it('turns a thrown error into a failure with its message and no stack', async () => {
    const logged: string[] = [];
    const core = createAppCore({
      servers: testServers(),
      solution: solutionWith({
        reload: async () => {
          throw new TypeError('boom at the disk');
        },
        viewCode: async () => {
          throw new AppFailure('NOT_FOUND', 'No such file', { path: '/x' });
        },
      }),
      info,
      log: (l) => logged.push(l),
    });
    const r = await core.dispatch('solution:reload', {});
    expect(r).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'boom at the disk' } });
    expect(JSON.stringify(r)).not.toContain('dispatch.test');
    expect(logged.join('\n')).toContain('TypeError: boom at the disk');
    expect(await core.dispatch('solution:viewCode', { path: '/x' })).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such file', details: { path: '/x' } },
    });
  });

  it('answers dialog:openFile with UNSUPPORTED when there is no native picker', async () => {
    const core = createAppCore({ servers: testServers(), solution: solutionWith({}), info, log: silent });
    const r = await core.dispatch('dialog:openFile', { title: 'Open', extensions: ['sln'] });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.code).toBe('UNSUPPORTED');
  });

  it('passes the picker answer through when there is one', async () => {
    const seen: unknown[] = [];
    const core = createAppCore({
      servers: testServers(),
      solution: solutionWith({}),
      info,
      log: silent,
      dialog: {
        openFile: async (title, ext) => (seen.push(title, ext), '/picked.sln'),
        saveFile: async (title, ext, name) => (seen.push(title, ext, name), null),
      },
    });
    expect(await core.dispatch('dialog:openFile', { title: 'Open', extensions: ['sln', 'dtproj'] })).toEqual({ ok: true, value: { path: '/picked.sln' } });
    expect(await core.dispatch('dialog:saveFile', { title: 'Export', extensions: ['dtsx'], defaultName: 'A.dtsx' })).toEqual({ ok: true, value: { path: null } });
    expect(seen).toEqual(['Open', ['sln', 'dtproj'], 'Export', ['dtsx'], 'A.dtsx']);
  });
});

describe('events', () => {
  it('forwards solution changes to subscribers until close', async () => {
    const solution = solutionWith({});
    const core = createAppCore({ servers: testServers(), solution, info, log: () => {} });
    const got: SolutionView[] = [];
    core.events.on('solution:changed', (v) => got.push(v));
    core.events.on('solution:changed', () => {
      throw new Error('a broken subscriber does not stop the others');
    });
    solution.emitChanged(view);
    expect(got).toEqual([view]);
    await core.close();
    await core.close();
    solution.emitChanged(view);
    expect(got).toHaveLength(1);
    expect(solution.closed).toBe(1);
  });

  it('unsubscribes a listener', () => {
    const core = createAppCore({ servers: testServers(), solution: solutionWith({}), info, log: () => {} });
    const off = core.events.on('solution:changed', () => {});
    expect(core.events.listenerCount('solution:changed')).toBe(1);
    off();
    expect(core.events.listenerCount('solution:changed')).toBe(0);
  });
});
