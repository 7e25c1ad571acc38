/**
 * `ssisd job start` / `ssisd job history` / `ssisd job enable|disable|delete` through main(), against an emulated server over TCP, with the
 * servers given by a --servers file and the password by an environment variable.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../emulator/start.js';
import { addJob } from '../services/jobs/tests/job-setup.js';
import { saPool } from '../services/servers/tests/emulator-setup.js';
import { runCli as run } from './run-cli.js';

const SA_PASSWORD = 'Cli!Jobs-1';
let emu: RunningEmulator;
let dir: string;
let serversFile: string;
let sa: sql.ConnectionPool;

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'CLIAGENT', host: '127.0.0.5' }], saPassword: SA_PASSWORD });
  const s = emu.servers[0]!;
  dir = await mkdtemp(join(tmpdir(), 'ssisd-job-'));
  serversFile = join(dir, 'servers.json');
  await writeFile(
    serversFile,
    JSON.stringify({ servers: [{ displayName: 'Agent One', host: s.host, port: s.port, userName: 'sa', encrypt: 'optional', trustServerCertificate: true, passwordEnv: 'SSISD_TEST_JOB_PW' }] }),
  );
  process.env.SSISD_TEST_JOB_PW = SA_PASSWORD;
  sa = await saPool(s.host, s.port, SA_PASSWORD);
  await addJob(sa, 'Nightly Load', [{ name: 'Extract', command: 'echo extracted 42 rows' }, { name: 'Publish', command: 'exit 0' }]);
  await addJob(sa, 'Broken', [{ name: 'Fail hard', command: 'echo cannot open file >&2; exit 5' }]);
  await addJob(sa, 'Queued', [{ name: 'Fail later', command: 'exit 1' }]);
  await addJob(sa, 'Long', [{ name: 'Sleep', command: 'sleep 20' }]);
  await addJob(sa, 'Maintenance', [{ name: 'Tidy', command: 'exit 0' }]);
});

afterAll(async () => {
  delete process.env.SSISD_TEST_JOB_PW;
  await sa?.close();
  await emu?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

describe('ssisd job start', () => {
  it('without --wait says the run is only queued and exits 0', async () => {
    const r = await run('job', 'start', '--server', 'agent one', '--job', 'Queued', '--servers', serversFile);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain("agent one: Job 'Queued' started successfully.");
    expect(r.out).toContain('its outcome is not known yet');
  });

  it('--wait on a job that succeeds exits 0 with the step rows and the outcome', async () => {
    const r = await run('job', 'start', '--server', 'Agent One', '--job', 'Nightly Load', '--wait', '--timeout', '20', '--servers', serversFile);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('Step 1 (Extract): Succeeded');
    expect(r.out).toContain('extracted 42 rows');
    expect(r.out).toContain('Step 2 (Publish): Succeeded');
    expect(r.out).toMatch(/The job succeeded\. {2}The Job was invoked by User sa\./);
    expect(r.out.trimEnd().endsWith('Outcome: Succeeded')).toBe(true);
  });

  it('--wait on a job that fails exits 1 with the failing step\'s message', async () => {
    const r = await run('job', 'start', '--server', 'Agent One', '--job', 'Broken', '--wait', '--servers', serversFile);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/Step 1 \(Fail hard\): Failed\n\s+Executed as user: .*cannot open file.*Process Exit Code 5\. {2}The step failed\./);
    expect(r.out.trimEnd().endsWith('Outcome: Failed')).toBe(true);
  });

  it('--timeout while the job runs: a clear message, exit 124, and the job is left running', async () => {
    const r = await run('job', 'start', '--server', 'Agent One', '--job', 'Long', '--wait', '--timeout', '2', '--servers', serversFile);
    expect(r.code).toBe(124);
    expect(r.out).toContain('Executing step 1 (Sleep)');
    expect(r.err).toBe("ssisd: timed out after 2 s waiting for job 'Long' on Agent One; it is still running (Executing step 1 (Sleep)) and was not stopped.\n");
    await sa.request().input('job_name', 'Long').execute('msdb.dbo.sp_stop_job');
  });

  it('unknown job and unknown server are one clear line', async () => {
    const noJob = await run('job', 'start', '--server', 'Agent One', '--job', 'Missing', '--servers', serversFile);
    expect(noJob).toMatchObject({ code: 1, err: "ssisd: Agent One: there is no job 'Missing' (or this login may not see it).\n" });
    const noServer = await run('job', 'start', '--server', 'Elsewhere', '--job', 'Missing', '--servers', serversFile);
    expect(noServer.code).toBe(2);
    expect(noServer.err).toContain('no server named "Elsewhere" (registered: Agent One in');
    const bad = await run('job', 'start', '--server', 'Agent One', '--servers', serversFile);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('--job is required');
  });
});

describe('servers registered with ssisd server add', () => {
  it('job start --wait finds the server in the user-data folder and its password in the named variable', async () => {
    const s = emu.servers[0]!;
    process.env.SSISD_USER_DATA = join(dir, 'user-data');
    try {
      const added = await run('server', 'add', 'Registered', '--host', s.host, '--port', String(s.port), '--user', 'sa', '--password-env', 'SSISD_TEST_JOB_PW', '--encrypt', 'optional', '--trust-server-certificate');
      expect(added.code).toBe(0);
      const r = await run('job', 'start', '--server', 'Registered', '--job', 'Nightly Load', '--wait');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
    } finally {
      delete process.env.SSISD_USER_DATA;
    }
  });
});

describe('ssisd job history', () => {
  it('prints runs as the Log File Viewer shows them, and --json has the grouped rows', async () => {
    const text = await run('job', 'history', '--server', 'Agent One', '--job', 'Nightly Load', '--servers', serversFile);
    expect(text.code).toBe(0);
    const lines = text.out.split('\n');
    expect(lines[0]).toBe("Job 'Nightly Load' on Agent One: 2 runs in the history");
    expect(lines[1]).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d {2}Succeeded {2}Job outcome {2}\(00:00:0\d\)$/);
    expect(lines[3]).toMatch(/^ {2}.* {2}Succeeded {2}Step 1 \(Extract\)/);

    const json = await run('job', 'history', '--server', 'Agent One', '--job', 'Broken', '--json', '--servers', serversFile);
    expect(json.code).toBe(0);
    const h = JSON.parse(json.out);
    expect(h.jobName).toBe('Broken');
    expect(h.runs.length).toBe(1);
    expect(h.runs[0].job).toMatchObject({ stepId: 0, outcome: 'failed' });
    expect(h.runs[0].steps[0]).toMatchObject({ stepId: 1, stepName: 'Fail hard', outcome: 'failed' });
  });
});

describe('ssisd job enable / disable / delete', () => {
  const enabled = async (name: string) => (await sa.request().input('n', sql.NVarChar(128), name).query<{ enabled: number }>('SELECT enabled FROM msdb.dbo.sysjobs WHERE name = @n')).recordset.map((r) => r.enabled);

  it('disables and enables a job on the server, then deletes it; a job that is not there is an error', async () => {
    const off = await run('job', 'disable', '--server', 'Agent One', '--job', 'Maintenance', '--servers', serversFile);
    expect([off.code, off.out]).toEqual([0, "Agent One: Job 'Maintenance' disabled.\n"]);
    expect(await enabled('Maintenance')).toEqual([0]);
    const on = await run('job', 'enable', '--server', 'Agent One', '--job', 'Maintenance', '--servers', serversFile);
    expect([on.code, on.out]).toEqual([0, "Agent One: Job 'Maintenance' enabled.\n"]);
    expect(await enabled('Maintenance')).toEqual([1]);
    const gone = await run('job', 'delete', '--server', 'Agent One', '--job', 'Maintenance', '--servers', serversFile);
    expect([gone.code, gone.out]).toEqual([0, "Agent One: Job 'Maintenance' and its history deleted.\n"]);
    expect(await enabled('Maintenance')).toEqual([]);
    const again = await run('job', 'delete', '--server', 'Agent One', '--job', 'Maintenance', '--servers', serversFile);
    expect(again.code).toBe(1);
    expect(again.err).toBe("ssisd: Agent One: there is no job 'Maintenance' (or this login may not see it).\n");
    const usage = await run('job', 'disable', '--server', 'Agent One', '--servers', serversFile);
    expect(usage.code).toBe(2);
    expect(usage.err).toContain('usage: ssisd job disable --server S --job J [--servers FILE]');
  });
});
