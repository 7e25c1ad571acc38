/**
 * The deploy channels through the app core's dispatch (argument rules, handlers, DeployService) and its
 * events on the EventBus, against one emulated server: what the renderer's api.ts sees.
 */
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import type { ProjectAssignments } from '../../shared/contract/deploy.js';
import type { DeployProgress, DeploySummary } from '../../shared/model/deploy.js';
import type { Result } from '../../shared/result.js';
import { SA_PASSWORD, removeSampleProject, sampleProject, serversFor } from '../services/deploy/tests/fixtures.js';
import { SolutionService } from '../services/solution/service.js';
import { createAppCore, type AppCore } from './index.js';

let emu: RunningEmulator;
let servers: Awaited<ReturnType<typeof serversFor>>;
let core: AppCore;
let dtproj: string;

function ok<T>(r: Result<unknown>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value as T;
}

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'WIRE1', host: '127.0.0.2' }], saPassword: SA_PASSWORD, dtexec: '/bin/true' });
  servers = await serversFor(emu.servers);
  core = createAppCore({ solution: new SolutionService({ watch: false }), servers: servers.servers, info: { name: 'SSIS Designer', version: '0', mode: 'browser', versions: {} } });
  dtproj = sampleProject();
});

afterAll(async () => {
  await core?.close();
  await servers?.close();
  await emu?.close();
  if (dtproj) removeSampleProject(dtproj);
});

test('deploy:assign, deploy:run and the progress, finished and assignmentsChanged events', async () => {
  const serverId = ok<{ servers: { id: string }[] }>(await core.dispatch('servers:list', {})).servers[0]!.id;
  const job = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };

  const refused = await core.dispatch('deploy:assign', { projectPath: dtproj, serverId, packageNames: ['LoadOrders.dtsx'], target: { kind: 'ftp' }, job, rememberDefaults: false });
  expect(refused).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });

  const changed: ProjectAssignments[] = [];
  const progress: DeployProgress[] = [];
  const finished: DeploySummary[] = [];
  core.events.on('deploy:assignmentsChanged', (p) => changed.push(p));
  core.events.on('deploy:progress', (p) => progress.push(p));
  core.events.on('deploy:finished', (p) => finished.push(p));

  const assigned = ok<ProjectAssignments>(
    await core.dispatch('deploy:assign', { projectPath: dtproj, serverId, packageNames: ['LoadOrders.dtsx'], target: { kind: 'msdb', folder: 'Wired' }, job, rememberDefaults: true }),
  );
  expect(assigned.assignments.map((a) => [a.packageName, a.server, a.serverId, a.status])).toEqual([['LoadOrders.dtsx', 'WIRE1', serverId, 'not-deployed']]);
  expect(changed).toHaveLength(1);

  const { deployId } = ok<{ deployId: string }>(await core.dispatch('deploy:run', { projectPaths: [dtproj], assignmentIds: null, servers: null }));
  // The answer (with the id) comes before the run's first event, so the renderer can tell its events apart.
  expect(progress).toEqual([]);
  await expect.poll(() => finished.length, { timeout: 30_000 }).toBe(1);
  expect(finished[0]).toMatchObject({ deployId, counts: { created: 1, failed: 0 } });
  expect(progress.every((p) => p.deployId === deployId)).toBe(true);
  expect(progress.map((p) => p.phase)).toEqual(expect.arrayContaining(['queued', 'connecting', 'deploying', 'done']));
  expect(progress.at(-1)).toMatchObject({ server: 'WIRE1', phase: 'done', done: 1, total: 1 });
  await expect.poll(() => changed.at(-1)?.assignments[0]?.status, { timeout: 10_000 }).toBe('deployed');

  const run = ok<{ running: boolean; summary: DeploySummary | null; log: DeployProgress[] }>(await core.dispatch('deploy:get', { deployId }));
  expect(run.running).toBe(false);
  expect(run.summary?.deployId).toBe(deployId);
  expect(run.log).toHaveLength(progress.length);
  expect(await core.dispatch('deploy:retry', { deployId })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
}, 60_000);
