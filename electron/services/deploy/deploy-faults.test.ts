/**
 * Faults during a deploy, through the real mssql client: an emulator whose connection drops in the middle of
 * the job transaction (dropAfter) fails on its own while the other server succeeds; after it comes back with
 * the same data, nothing half made is there and Retry completes. Cancel stops a slow server cleanly.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { DeployService } from './deploy-service.js';
import { allJobNames, jobOnServer, msdbPackageBytes, SA_PASSWORD, saPool, removeSampleProject, sampleProject, serversFor, value } from './tests/fixtures.js';

const JOB = { createJob: true, name: null, description: null, owner: null, proxy: null, use32bit: false };
const CHILDREN = ['LoadCustomers.dtsx', 'LoadOrders.dtsx', 'LoadProducts.dtsx'];

let dtproj: string;
let dataDir: string;

beforeAll(() => {
  dtproj = sampleProject();
  dataDir = mkdtempSync(join(tmpdir(), 'deploy-faults-'));
});

afterAll(() => {
  if (dtproj) removeSampleProject(dtproj);
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

/** A job exists completely (one SSIS step, bound to the server) or not at all. */
async function wholeOrAbsent(pool: Awaited<ReturnType<typeof saPool>>, names: readonly string[]): Promise<string[]> {
  const problems: string[] = [];
  for (const name of names) {
    const job = await jobOnServer(pool, name);
    if (job && (job.steps.length !== 1 || job.targets.length !== 1)) problems.push(`${name}: ${job.steps.length} steps, ${job.targets.length} targets`);
  }
  return problems;
}

describe('a server that drops in the middle of the deploy', () => {
  let healthy: RunningEmulator;
  let victim: RunningEmulator;
  let back: RunningEmulator | null = null;

  afterAll(async () => {
    await healthy?.close();
    await victim?.close();
    await back?.close();
  });

  test('fails alone with a connection error, leaves no half-made job, and Retry completes', async () => {
    healthy = await startEmulator({ servers: [{ name: 'GOOD', host: '127.0.0.2' }], saPassword: SA_PASSWORD, dtexec: '/bin/true' });
    // Three requests reach the engine (@@SERVERNAME, the msdb folder, the package), then the connection drops
    // at the first job's batch, which holds sp_add_job, sp_add_jobstep and sp_add_jobserver in one transaction.
    victim = await startEmulator({ servers: [{ name: 'VICTIM', host: '127.0.0.3' }], saPassword: SA_PASSWORD, dtexec: '/bin/true', dataDir, dropAfter: 3 });
    const port = victim.servers[0]!.port;
    const servers = await serversFor([...healthy.servers, ...victim.servers]);
    const deploy = new DeployService({ servers: servers.servers, buildIspac: null });
    try {
      const ids = Object.fromEntries(value(await servers.servers.list()).servers.map((s) => [s.displayName, s.id]));
      value(await deploy.assign(dtproj, ids.GOOD!, CHILDREN, { kind: 'msdb', folder: '' }, JOB, false));
      value(await deploy.assign(dtproj, ids.VICTIM!, CHILDREN, { kind: 'msdb', folder: '' }, JOB, false));
      const first = value(await deploy.runAndWait([dtproj], null, null));
      const good = first.outcomes.filter((o) => o.server === 'GOOD');
      const bad = first.outcomes.filter((o) => o.server === 'VICTIM');
      expect(good.map((o) => o.outcome)).toEqual(['created', 'created', 'created']);
      expect(bad.map((o) => o.outcome)).toEqual(['failed', 'failed', 'failed']);
      expect(bad[0]!.error).toMatchObject({ step: 'job', connection: true, procedure: null });
      expect(bad[0]!.error!.message).toMatch(/VICTIM|127\.0\.0\.3/);
      expect(first.servers.map((s) => [s.server, s.phase])).toEqual([['GOOD', 'done'], ['VICTIM', 'failed']]);

      await victim.close();
      back = await startEmulator({ servers: [{ name: 'VICTIM', host: '127.0.0.3', port }], saPassword: SA_PASSWORD, dtexec: '/bin/true', dataDir });
      const sa = await saPool('127.0.0.3', port);
      try {
        // The transaction was rolled back with the connection: no job at all, not a job without its step.
        expect(await allJobNames(sa)).toEqual([]);
        const retry = value(await deploy.retryAndWait(first.deployId));
        expect(retry.retryOf).toBe(first.deployId);
        expect(retry.outcomes.map((o) => [o.server, o.jobOutcome, o.outcome])).toEqual(CHILDREN.map(() => ['VICTIM', 'created', expect.stringMatching(/created|updated/)]));
        expect(await allJobNames(sa)).toEqual(['LoadBalancing - LoadCustomers', 'LoadBalancing - LoadOrders', 'LoadBalancing - LoadProducts']);
        expect(await wholeOrAbsent(sa, await allJobNames(sa))).toEqual([]);
        expect(await msdbPackageBytes(sa, '', 'LoadOrders')).not.toBeNull();
        const view = value(await deploy.listAssignments(dtproj));
        expect(view.assignments.map((a) => a.status)).toEqual(['deployed', 'deployed', 'deployed', 'deployed', 'deployed', 'deployed']);
      } finally {
        await sa.close();
      }
    } finally {
      await deploy.close();
      await servers.close();
    }
  }, 60_000);
});

describe('cancel', () => {
  test('stops before the next step; every job is whole or absent; Retry finishes the rest', async () => {
    const slow = await startEmulator({ servers: [{ name: 'SLOW', host: '127.0.0.4' }], saPassword: SA_PASSWORD, dtexec: '/bin/true', latencyMs: 60 });
    const servers = await serversFor(slow.servers);
    const events: string[] = [];
    const deploy = new DeployService({ servers: servers.servers, buildIspac: null, onEvent: (e, p) => void events.push(`${e}:${'message' in p ? p.message : ''}`) });
    const project = sampleProject();
    const sa = await saPool('127.0.0.4', slow.servers[0]!.port);
    try {
      const id = value(await servers.servers.list()).servers[0]!.id;
      value(await deploy.assign(project, id, CHILDREN, { kind: 'msdb', folder: 'Slow' }, JOB, false));
      const { deployId } = value(await deploy.run([project], null, null));
      await expect.poll(() => events.some((e) => e.includes('LoadCustomers.dtsx: package created')), { timeout: 20_000 }).toBe(true);
      expect(value(await deploy.cancel(deployId)).cancelled).toBe(true);
      await expect.poll(async () => value(await deploy.get(deployId)).running, { timeout: 20_000 }).toBe(false);
      const summary = value(await deploy.get(deployId)).summary!;
      expect(summary.cancelled).toBe(true);
      expect(summary.counts.failed).toBe(0);
      expect(summary.counts.cancelled).toBeGreaterThan(0);
      expect(events.some((e) => e.startsWith('deploy:finished'))).toBe(true);
      expect(await wholeOrAbsent(sa, await allJobNames(sa))).toEqual([]);
      const retry = value(await deploy.retryAndWait(deployId));
      expect(retry.counts.failed + retry.counts.cancelled).toBe(0);
      expect(await allJobNames(sa)).toHaveLength(3);
    } finally {
      await deploy.close();
      await servers.close();
      await sa.close();
      await slow.close();
      removeSampleProject(project);
    }
  }, 60_000);
});
