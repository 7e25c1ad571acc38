/**
 * Runs through the app core as the page starts them: Tools → Options → dtexec path picks the dtexec that
 * runs packages (SSISD_DTEXEC still wins), and password-protected projects run with the password given at
 * Unlock Project / Enter Password (EncryptAllWithPassword, and EncryptSensitiveWithPassword against an emulator).
 */
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { RunEvents, RunStartResult } from '../../shared/contract/runs.js';
import type { AppSettings } from '../../shared/model/settings.js';
import type { Result } from '../../shared/result.js';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import { SA_PASSWORD } from '../services/runner/tests/fixtures.js';
import { writeSensitivePackage } from '../services/runner/tests/sensitive-fixture.js';
import { MemorySecretStore } from '../services/secrets/memory-store.js';
import { ServersService } from '../services/servers/servers-service.js';
import { SettingsService } from '../services/settings/index.js';
import { SolutionService } from '../services/solution/service.js';
import { CORPUS_DIR, SAMPLE_DIR, tempCopy } from '../services/solution/test-helpers.js';
import { createAppCore, type AppCore } from './index.js';

let core: AppCore;
let emu: RunningEmulator;
let userData: string;
const savedEnv = process.env['SSISD_DTEXEC'];

function value<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

/** A dtexec stand-in that says which one it is and what it was given. */
function fakeDtexec(dir: string, name: string): string {
  const path = join(dir, name);
  writeFileSync(path, `#!/bin/sh\necho "${name} got: $*"\necho "DTExec: The package execution returned DTSER_SUCCESS (0)."\nexit 0\n`);
  chmodSync(path, 0o755);
  return path;
}

/** Starts a run and collects its output until run:finished. */
async function run(projectPath: string, packageName: string): Promise<{ engine: string; output: string[]; finished: RunEvents['run:finished'] }> {
  const output: string[] = [];
  let runId = '';
  const done = new Promise<RunEvents['run:finished']>((resolve) => {
    const offOut = core.events.on('run:output', (e) => e.runId === runId && output.push(...e.lines));
    const offEnd = core.events.on('run:finished', (e) => {
      if (e.runId !== runId) return;
      offOut();
      offEnd();
      resolve(e);
    });
  });
  const started = value<RunStartResult>(await core.dispatch('run:start', { projectPath, packageName }));
  runId = started.runId;
  return { engine: started.engine, output, finished: await done };
}

beforeAll(async () => {
  delete process.env['SSISD_DTEXEC'];
  emu = await startEmulator({ servers: [{ name: 'RUNPW', host: '127.0.0.10', port: 0 }], saPassword: SA_PASSWORD });
  userData = tempCopy(SAMPLE_DIR, 'ssisd-run-settings-');
  core = createAppCore({
    solution: new SolutionService({ watch: false }),
    servers: new ServersService({ userDataDir: userData, secrets: new MemorySecretStore() }),
    settings: new SettingsService({ userDataDir: userData }),
    info: { name: 'SSIS Designer', version: '0', mode: 'browser', versions: {} },
  });
});

afterEach(() => {
  delete process.env['SSISD_DTEXEC'];
});

afterAll(async () => {
  await core?.close();
  await emu?.close();
  if (savedEnv !== undefined) process.env['SSISD_DTEXEC'] = savedEnv;
});

describe('Tools → Options → dtexec path', () => {
  it('runs packages with the dtexec the setting names, remembers it, and goes back to the built-in engine when cleared', async () => {
    const dtproj = join(userData, 'LoadBalancing', 'LoadBalancing.dtproj');
    const fake = fakeDtexec(userData, 'configured-dtexec');
    expect(value<AppSettings>(await core.dispatch('shell:setDtexecPath', { path: `  ${fake} ` })).dtexecPath).toBe(fake);
    expect(JSON.parse(readFileSync(join(userData, 'settings.json'), 'utf8')).dtexecPath).toBe(fake);

    const viaSetting = await run(dtproj, 'LoadCustomers.dtsx');
    expect(viaSetting.engine).toBe('dtexec');
    expect(viaSetting.output.some((l) => /^configured-dtexec got: \/Project \S+LoadBalancing\.ispac \/Package LoadCustomers\.dtsx/.test(l))).toBe(true);
    expect(viaSetting.finished).toMatchObject({ outcome: 'success', exitCode: 0 });

    // SSISD_DTEXEC (tests, scripts) wins over the setting.
    process.env['SSISD_DTEXEC'] = fakeDtexec(userData, 'env-dtexec');
    expect((await run(dtproj, 'LoadCustomers.dtsx')).output.some((l) => l.startsWith('env-dtexec got:'))).toBe(true);
    delete process.env['SSISD_DTEXEC'];

    const relative = await core.dispatch('shell:setDtexecPath', { path: 'dtexec' });
    expect(relative.ok || relative.error).toMatchObject({ code: 'INVALID_ARGUMENT', details: { field: 'path' } });
    expect(value<AppSettings>(await core.dispatch('shell:setDtexecPath', { path: null })).dtexecPath).toBeNull();
    const status = await core.dispatch('run:start', { projectPath: dtproj, packageName: 'LoadCustomers.dtsx' });
    expect(value<RunStartResult>(status).engine).toBe('builtin');
  });
});

describe('password-protected projects in the app', () => {
  it('an EncryptAllWithPassword project asks to be unlocked, then runs with the Unlock Project password', async () => {
    const dir = tempCopy(join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProjectSQL2016'), 'ssisd-run-locked-');
    const dtproj = join(dir, 'SampleSSISProject', 'SampleSSISProject.dtproj');
    value(await core.dispatch('solution:open', { path: join(dir, 'SampleSSISProjectSQL2016.sln') }));
    const locked = await core.dispatch('run:start', { projectPath: dtproj, packageName: 'Package 221.dtsx' });
    expect(locked.ok || locked.error).toMatchObject({
      code: 'LOCKED',
      message: 'SampleSSISProject is encrypted with a password (EncryptAllWithPassword); unlock the project in Solution Explorer to run its packages.',
      details: { path: dtproj, needsPassword: true },
    });
    value(await core.dispatch('solution:unlockProject', { projectPath: dtproj, password: 'ssis123' }));
    const started = value<RunStartResult>(await core.dispatch('run:start', { projectPath: dtproj, packageName: 'Package 221.dtsx' }));
    // The decrypted package loads; what the built-in engine cannot run is listed by task, in the package's words.
    expect(started.engine).toBe('builtin');
    expect(started.blocked?.map((b) => b.path)).toContain('\\Package\\Data Flow Task');
  });

  it('an EncryptSensitiveWithPassword project runs with the password given at Enter Password: the login and sensitive parameter are decrypted', async () => {
    const dir = tempCopy(join(CORPUS_DIR, 'rtumaykin__ssis-build', 'example', 'SampleSSISProject'), 'ssisd-run-sensitive-');
    const dtproj = join(dir, 'SampleSSISProject', 'SampleSSISProject.dtproj');
    writeSensitivePackage(join(dir, 'SampleSSISProject'), { server: emu.servers[0]!, saPassword: SA_PASSWORD, packagePassword: 'ssis123', secret: 'only with the password' });
    value(await core.dispatch('solution:open', { path: join(dir, 'SampleSSISProject.sln') }));
    // Without the password the values are blank, as SSIS loads them: the login fails.
    const blank = await run(dtproj, 'Sensitive.dtsx');
    expect(blank.finished.outcome).toBe('failure');
    expect(blank.output.join('\n')).not.toContain('only with the password');
    const wrong = await core.dispatch('solution:unlockProject', { projectPath: dtproj, password: 'nope' });
    expect(wrong.ok || wrong.error.code).toBe('BAD_PASSWORD');
    value(await core.dispatch('solution:unlockProject', { projectPath: dtproj, password: 'ssis123' }));
    const r = await run(dtproj, 'Sensitive.dtsx');
    expect(r.output.join('\n')).toContain('echo: only with the password');
    expect(r.finished).toMatchObject({ outcome: 'success', exitCode: 0 });
  });
});
