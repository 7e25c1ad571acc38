/**
 * JobsService against an emulated SQL Server over TCP with the real mssql client: jobs that succeed, fail and
 * are stopped, Start Job at Step, Enable/Disable and Delete, the Agent's refusals, and the Log File Viewer's runs.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../emulator/start.js';
import { runProgress } from '../../../shared/jobs/run-outcome.js';
import type { JobStarted } from '../../../shared/model/job-run.js';
import { MemorySecretStore } from '../secrets/memory-store.js';
import { ServersService } from '../servers/index.js';
import { saPool } from '../servers/tests/emulator-setup.js';
import { JobsService } from './jobs-service.js';
import { addJob } from './tests/job-setup.js';

const SA_PASSWORD = 'Jobs!Pass1';
const READER_PASSWORD = 'Read!Pass1';

let emu: RunningEmulator;
let dir: string;
let servers: ServersService;
let jobs: JobsService;
let sa: sql.ConnectionPool;
let serverId: string;
let readerServerId: string;

function value<T>(r: { ok: true; value: T } | { ok: false; error: { code: string; message: string } }): T {
  if (!r.ok) throw new Error(`expected ok, got ${r.error.code}: ${r.error.message}`);
  return r.value;
}

async function waitFinished(started: JobStarted) {
  const r = value(await jobs.waitForOutcome(started, { timeoutMs: 15_000, pollMs: 50 }));
  if (!r.finished) throw new Error('the job did not finish');
  return r;
}

beforeAll(async () => {
  // An SSIS step runs `<dtexec> <command>`; `echo` stands in for dtexec and succeeds.
  emu = await startEmulator({
    servers: [{ name: 'AGENT1', host: '127.0.0.4' }],
    saPassword: SA_PASSWORD,
    dtexec: 'echo DTExec',
    logins: [{ name: 'reader', password: READER_PASSWORD, roles: ['SQLAgentReaderRole'] }],
  });
  dir = await mkdtemp(join(tmpdir(), 'jobs-service-'));
  servers = new ServersService({ userDataDir: dir, secrets: new MemorySecretStore(), timeouts: { connectMs: 5000 } });
  jobs = new JobsService(servers);
  const s = emu.servers[0]!;
  serverId = value(await servers.add({ displayName: 'AGENT1', host: s.host, port: s.port, authentication: 'sql', userName: 'sa', encrypt: 'optional', trustServerCertificate: true }, SA_PASSWORD)).id;
  readerServerId = value(await servers.add({ displayName: 'AGENT1 as reader', host: s.host, port: s.port, authentication: 'sql', userName: 'reader', encrypt: 'optional', trustServerCertificate: true }, READER_PASSWORD)).id;
  sa = await saPool(s.host, s.port, SA_PASSWORD);
  await addJob(sa, 'Good', [
    { name: 'Say hello', command: 'echo hello from step one' },
    { name: 'Finish', command: 'exit 0' },
  ]);
  await addJob(sa, 'Bad', [{ name: 'Break', command: 'echo disk full >&2; exit 2' }]);
  await addJob(sa, 'Slow', [{ name: 'Wait a long time', command: 'sleep 30' }]);
  await addJob(sa, 'Starter', [{ name: 'Start Bad', subsystem: 'TSQL', command: "EXEC msdb.dbo.sp_start_job @job_name = N'Bad'" }]);
  await addJob(sa, 'Package', [{ name: 'Run child', subsystem: 'SSIS', command: '/FILE "/packages/Child.dtsx" /REPORTING E' }]);
});

afterAll(async () => {
  await servers?.close();
  await sa?.close();
  await emu?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('start and wait for the outcome', () => {
  test('a job that succeeds: started says only "started", the wait gives Succeeded and the history its rows', async () => {
    const idle = value(await jobs.status({ serverId, jobName: 'Good' }));
    expect(idle).toMatchObject({ jobName: 'Good', state: 'idle', lastOutcome: null, run: null });
    expect(idle.steps.map((s) => [s.id, s.name, s.subsystem])).toEqual([[1, 'Say hello', 'CmdExec'], [2, 'Finish', 'CmdExec']]);

    const started = value(await jobs.start({ serverId, jobName: 'Good' }, null));
    expect(started).toMatchObject({ jobName: 'Good', stepName: null, message: "Job 'Good' started successfully.", previousRequestAt: null });
    const done = await waitFinished(started);
    expect(done.outcome).toBe('succeeded');
    expect(done.status.run?.message).toMatch(/^The job succeeded\. {2}The Job was invoked by User sa\. {2}The last step to run was step 2 \(Finish\)\./);
    expect(done.status.lastOutcome).toBe('succeeded');

    const history = value(await jobs.history({ serverId, jobId: started.jobId }));
    expect(history.runs).toHaveLength(1);
    const run = history.runs[0]!;
    expect(run.job).toMatchObject({ stepId: 0, outcome: 'succeeded' });
    expect(run.steps.map((s) => [s.stepId, s.stepName, s.outcome])).toEqual([[1, 'Say hello', 'succeeded'], [2, 'Finish', 'succeeded']]);
    expect(run.steps[0]!.message).toContain('hello from step one');
  });

  test('a job that fails: sp_start_job still says "started successfully"; the outcome is Failed with the step message', async () => {
    const started = value(await jobs.start({ serverId, jobName: 'Bad' }, null));
    expect(started.message).toBe("Job 'Bad' started successfully.");
    const done = await waitFinished(started);
    expect(done.outcome).toBe('failed');
    const history = value(await jobs.history({ serverId, jobName: 'Bad' }));
    expect(history.runs[0]!.job?.message).toMatch(/^The job failed\./);
    expect(history.runs[0]!.steps[0]).toMatchObject({ stepName: 'Break', outcome: 'failed' });
    expect(history.runs[0]!.steps[0]!.message).toMatch(/disk full.*Process Exit Code 2\. {2}The step failed\./);
  });

  test('a second run is told apart from the first (previousRequestAt), and runs are grouped newest first', async () => {
    const first = value(await jobs.start({ serverId, jobName: 'Good' }, null));
    await waitFinished(first);
    const before = value(await jobs.status({ serverId, jobName: 'Good' }));
    const second = value(await jobs.start({ serverId, jobName: 'Good' }, 'Finish'));
    expect(second.previousRequestAt).toBe(before.run?.requestedAt);
    expect(runProgress(before, second).phase).toBe('requested');
    await waitFinished(second);
    const history = value(await jobs.history({ serverId, jobName: 'Good' }));
    expect(history.runs.length).toBeGreaterThanOrEqual(3);
    // Start Job at Step 'Finish' ran step 2 only.
    expect(history.runs[0]!.steps.map((s) => s.stepName)).toEqual(['Finish']);
    expect(history.runs[1]!.steps.map((s) => s.stepName)).toEqual(['Say hello', 'Finish']);
  });
});

describe('job steps of other subsystems', () => {
  test('a TSQL step that starts another job succeeds although that job fails: only its own history shows the failure', async () => {
    const badBefore = value(await jobs.status({ serverId, jobName: 'Bad' }));
    const started = value(await jobs.start({ serverId, jobName: 'Starter' }, null));
    const done = await waitFinished(started);
    expect(done.outcome).toBe('succeeded');
    const starter = value(await jobs.history({ serverId, jobName: 'Starter' }));
    expect(starter.runs[0]!.steps[0]!.message).toContain("Job 'Bad' started successfully. [SQLSTATE 01000] (Message 14243).  The step succeeded.");
    const bad = await waitFinished({ ...started, jobId: badBefore.jobId, jobName: 'Bad', previousRequestAt: badBefore.run?.requestedAt ?? null });
    expect(bad.outcome).toBe('failed');
  });

  test('an SSIS step runs the dtexec command with the step\'s command line', async () => {
    const done = await waitFinished(value(await jobs.start({ serverId, jobName: 'Package' }, null)));
    expect(done.outcome).toBe('succeeded');
    const h = value(await jobs.history({ serverId, jobName: 'Package' }));
    expect(h.runs[0]!.steps[0]!.message).toContain('DTExec /FILE /packages/Child.dtsx /REPORTING E  Process Exit Code 0.  The step succeeded.');
  });
});

describe('stop and the live status', () => {
  test('a long job shows "executing" at its step; Stop Job ends it as Canceled', async () => {
    const started = value(await jobs.start({ serverId, jobName: 'Slow' }, null));
    // Poll until the Agent is in the step (under load the first reads may still say "requested").
    let running = value(await jobs.status({ serverId, jobName: 'Slow' }));
    for (let i = 0; i < 200 && running.currentStep === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
      running = value(await jobs.status({ serverId, jobName: 'Slow' }));
    }
    expect(running).toMatchObject({ state: 'executing', currentStep: { id: 1, name: 'Wait a long time' } });
    expect(runProgress(running, started).phase).toBe('executing');
    const waited = value(await jobs.waitForOutcome(started, { timeoutMs: 200, pollMs: 50 }));
    expect(waited.finished).toBe(false);

    const again = await jobs.start({ serverId, jobName: 'Slow' }, null);
    expect(again.ok).toBe(false);
    if (!again.ok) {
      expect(again.error.code).toBe('SQL_ERROR');
      expect(again.error.message).toMatch(/refused because the job is already running.*\(SQL Server error 22022\)/);
      expect(again.error.details).toMatchObject({ sqlErrorNumber: 22022, job: 'Slow', server: 'AGENT1' });
    }

    const stopped = value(await jobs.stop({ serverId, jobName: 'Slow' }));
    expect(stopped.message).toBe("Job 'Slow' stopped successfully.");
    const done = await waitFinished(started);
    expect(done.outcome).toBe('canceled');
    expect(done.status.run?.message).toMatch(/^The job was stopped prior to completion by User sa\./);
  });

  test('stopping a job that is not running keeps the Agent\'s words', async () => {
    const r = await jobs.stop({ serverId, jobName: 'Good' });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/refused because the job is not currently running/);
  });
});

describe('Enable, Disable and Delete', () => {
  test('Disable and Enable change the job as sp_help_job then shows it', async () => {
    const disabled = value(await jobs.setEnabled({ serverId, jobName: 'Bad' }, false));
    expect(disabled.message).toBe("Job 'Bad' disabled.");
    expect(value(await jobs.status({ serverId, jobName: 'Bad' })).enabled).toBe(false);
    expect(value(await jobs.setEnabled({ serverId, jobId: disabled.jobId }, true)).message).toBe("Job 'Bad' enabled.");
    expect(value(await jobs.status({ serverId, jobName: 'Bad' })).enabled).toBe(true);
  });

  test('Delete removes the job and its history', async () => {
    const jobId = await addJob(sa, "Doomed [it's] 100%", [{ name: 'Quick', command: 'exit 0' }]);
    await waitFinished(value(await jobs.start({ serverId, jobId }, null)));
    expect(value(await jobs.history({ serverId, jobId })).runs).toHaveLength(1);
    expect(value(await jobs.delete({ serverId, jobId })).message).toBe("Job 'Doomed [it's] 100%' and its history deleted.");
    expect(await jobs.status({ serverId, jobId })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
    const left = await sa.request().input('id', sql.UniqueIdentifier, jobId).query<{ n: number }>('SELECT COUNT(*) AS n FROM msdb.dbo.sysjobhistory WHERE job_id = @id');
    expect(left.recordset[0]!.n).toBe(0);
  });

  test('a login that may only read jobs gets SQL Server\'s refusal, and the job stays as it was', async () => {
    const r = await jobs.setEnabled({ serverId: readerServerId, jobName: 'Good' }, false);
    expect(r).toMatchObject({ ok: false, error: { message: expect.stringMatching(/Only members of sysadmin role are allowed to update or delete jobs owned by a different login/) } });
    expect(await jobs.delete({ serverId: readerServerId, jobName: 'Good' })).toMatchObject({ ok: false });
    expect(value(await jobs.status({ serverId, jobName: 'Good' })).enabled).toBe(true);
  });
});

describe('errors the user can act on', () => {
  test('an unknown job is NOT_FOUND naming the server', async () => {
    const r = await jobs.status({ serverId, jobName: 'Nope' });
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: "AGENT1: there is no job 'Nope' (or this login may not see it)." } });
  });

  test('an unknown step is refused before anything starts', async () => {
    const r = await jobs.start({ serverId, jobName: 'Good' }, 'No such step');
    expect(r).toMatchObject({ ok: false, error: { code: 'NOT_FOUND', message: "AGENT1: job 'Good' has no step named 'No such step'." } });
  });

  test('a job must be named by id or name', async () => {
    expect(await jobs.status({ serverId })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(await jobs.status({ serverId, jobId: 'not-a-guid' })).toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
  });

  test('an unknown server is NOT_FOUND', async () => {
    expect(await jobs.status({ serverId: 'gone', jobName: 'Good' })).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
