import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineInstance } from '../types.js';
import { call, engineFor, errorOf, makeJob, query, rowsAsObjects, session, tempDir, waitFor } from './helpers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function start(opts: Parameters<typeof engineFor>[0] = {}): Promise<EngineInstance> {
  const e = await engineFor(opts);
  cleanups.push(() => e.close());
  return e;
}

async function outcomeOf(engine: EngineInstance, jobId: string) {
  const s = session(engine);
  return waitFor(async () => {
    const rows = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_jobhistory', { job_id: jobId, mode: 'FULL', oldest_first: 1 }));
    return rows.some((r) => r.step_id === 0) ? rows : null;
  });
}

describe('the Agent runs jobs', () => {
  it('starts asynchronously with 14243 and writes step and outcome history with SQL Server encodings', async () => {
    const engine = await start();
    const s = session(engine);
    const jobId = await makeJob(engine, s, 'Echo', { command: 'echo hello-from-step; sleep 0.2' });
    const started = await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'Echo' });
    expect(started.returnStatus).toBe(0);
    expect(started.messages).toEqual([expect.objectContaining({ number: 14243, severity: 0, message: "Job 'Echo' started successfully." })]);
    const again = await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'Echo' });
    expect(errorOf(again)).toMatchObject({ number: 22022, message: 'SQLServerAgent Error: Request to run job Echo (from User sa) refused because the job is already running from a request by User sa.' });
    const running = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job', { job_id: jobId, job_aspect: 'JOB' }))[0]!;
    expect(running.current_execution_status).toBe(1);

    const rows = await outcomeOf(engine, jobId);
    expect(rows.map((r) => [r.step_id, r.run_status])).toEqual([[1, 1], [0, 1]]);
    expect(rows[0]!.message).toContain('hello-from-step');
    expect(rows[0]!.message).toContain('Process Exit Code 0.  The step succeeded.');
    expect(rows[1]!.message).toBe('The job succeeded.  The Job was invoked by User sa.  The last step to run was step 1 (Step 1).');
    const now = new Date();
    const expectedDate = now.getFullYear() * 10000 + (now.getMonth() + 1) * 100 + now.getDate();
    expect(rows[1]!.run_date).toBe(expectedDate);
    expect(rows[1]!.run_time as number).toBeLessThan(240000);
    expect(rows[1]!.run_duration as number).toBeLessThan(10);

    const summary = await call(engine, s, 'msdb.dbo.sp_help_jobhistory', { job_name: 'Echo' });
    expect(summary.resultSets[0]!.columns.map((c) => c.name)).toEqual(['job_id', 'job_name', 'run_status', 'run_date', 'run_time', 'run_duration', 'operator_emailed', 'operator_netsent', 'operator_paged', 'retries_attempted', 'server']);
    expect(summary.resultSets[0]!.rows.map((r) => r[2])).toEqual([1, 1]);
    const job = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job', { job_id: jobId, job_aspect: 'JOB' }))[0]!;
    expect(job).toMatchObject({ last_run_outcome: 1, current_execution_status: 4, last_run_date: expectedDate });
    const act = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_jobactivity', { job_id: jobId }))[0]!;
    expect(act.stop_execution_date).toBeInstanceOf(Date);
    expect(act.run_status).toBe(1);
    const outcomeRow = rows.find((r) => r.step_id === 0)!;
    expect(act.job_history_id).toBe(outcomeRow.instance_id);

    // The start-and-wait recipe of sqlserver.md 1.12 through query().
    const sess = await query(engine, s, 'SELECT MAX(session_id) FROM msdb.dbo.syssessions');
    const sessionId = sess.resultSets[0]!.rows[0]![0];
    const poll = await query(engine, s, 'SELECT job_history_id, stop_execution_date FROM msdb.dbo.sysjobactivity WHERE job_id = @id AND session_id = @sess', { id: jobId, sess: sessionId as number });
    expect(poll.resultSets[0]!.rows[0]![0]).toBe(outcomeRow.instance_id);
    const hist = await query(engine, s, 'SELECT run_status FROM msdb.dbo.sysjobhistory WHERE instance_id = @h', { h: outcomeRow.instance_id as number });
    expect(hist.resultSets[0]!.rows).toEqual([[1]]);
  });

  it("shows the running job's current step (sp_help_job) and its last finished step (sp_help_jobactivity)", async () => {
    const engine = await start();
    const s = session(engine);
    const jobId = await makeJob(engine, s, 'Two steps', { step_name: 'Prepare', command: 'sleep 0.3', on_success_action: 3 });
    await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: jobId, step_name: 'Load', subsystem: 'CmdExec', command: 'sleep 1' });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_id: jobId });
    const job = async () => rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job', { job_id: jobId, job_aspect: 'JOB' }))[0]!;
    const first = await waitFor(async () => ((await job()).current_execution_step === '1 (Prepare)' ? job() : null));
    expect(first).toMatchObject({ current_execution_status: 1, current_retry_attempt: 0 });
    const second = await waitFor(async () => {
      const j = await job();
      return j.current_execution_step === '2 (Load)' ? j : null;
    });
    expect(second.current_execution_status).toBe(1);
    const act = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_jobactivity', { job_id: jobId }))[0]!;
    expect(act).toMatchObject({ last_executed_step_id: 1, stop_execution_date: null });
    expect(act.start_execution_date).toBeInstanceOf(Date);
    const executing = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job', { execution_status: 1 })).map((r) => r.name);
    expect(executing).toEqual(['Two steps']);
    await outcomeOf(engine, jobId);
    expect(await job()).toMatchObject({ current_execution_status: 4, current_execution_step: '0 (unknown)' });
  });

  it('reports status 3 (between retries) with the retry attempt while a failed step waits to retry', async () => {
    const engine = await start();
    const s = session(engine);
    const jobId = await makeJob(engine, s, 'Retry', { step_name: 'Flaky', command: 'exit 1', retry_attempts: 2, retry_interval: 1 });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_id: jobId });
    const waiting = await waitFor(async () => {
      const j = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job', { job_id: jobId, job_aspect: 'JOB' }))[0]!;
      return j.current_execution_status === 3 ? j : null;
    });
    expect(waiting).toMatchObject({ current_execution_step: '1 (Flaky)', current_retry_attempt: 1 });
    expect(rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_job', { execution_status: 3 })).map((r) => r.name)).toEqual(['Retry']);
    await call(engine, s, 'msdb.dbo.sp_stop_job', { job_id: jobId });
    const rows = await outcomeOf(engine, jobId);
    expect(rows.map((r) => [r.step_id, r.run_status])).toEqual([[1, 2], [1, 3], [0, 3]]);
  });

  it('follows on-failure actions: fail → go to step 3, which succeeds', async () => {
    const engine = await start();
    const s = session(engine);
    const jobId = await makeJob(engine, s, 'Flow', { command: 'exit 3', on_fail_action: 4, on_fail_step_id: 3 });
    await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: jobId, step_name: 'Skipped', subsystem: 'CmdExec', command: 'exit 1' });
    await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: jobId, step_name: 'Recover', subsystem: 'CmdExec', command: 'exit 0' });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_id: jobId });
    const rows = await outcomeOf(engine, jobId);
    expect(rows.map((r) => [r.step_id, r.run_status])).toEqual([[1, 0], [3, 1], [0, 1]]);
    expect(rows[0]!.message).toContain('Process Exit Code 3.  The step failed.');
  });

  it('sp_stop_job kills the process and records run_status 3; stopping an idle job is 22022', async () => {
    const engine = await start();
    const s = session(engine);
    const jobId = await makeJob(engine, s, 'Long', { command: 'sleep 30' });
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_stop_job', { job_name: 'Long' }))).toMatchObject({ number: 22022, message: 'SQLServerAgent Error: Request to stop job Long (from User sa) refused because the job is not currently running.' });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'Long' });
    await new Promise((r) => setTimeout(r, 200));
    const t0 = Date.now();
    const stop = await call(engine, s, 'msdb.dbo.sp_stop_job', { job_name: 'Long' });
    expect(stop.messages).toEqual([expect.objectContaining({ number: 14254, message: "Job 'Long' stopped successfully." })]);
    const rows = await outcomeOf(engine, jobId);
    expect(Date.now() - t0).toBeLessThan(5000);
    expect(rows.map((r) => [r.step_id, r.run_status])).toEqual([[1, 3], [0, 3]]);
    expect(rows[1]!.message).toBe('The job was stopped prior to completion by User sa.  The Job was invoked by User sa.  The last step to run was step 1 (Step 1).');
  });

  it('runs SSIS steps by spawning the configured dtexec with the step command', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const script = join(t.dir, 'dtexec.sh');
    writeFileSync(script, 'echo "ARGS:$*"; case "$*" in *Bad*) exit 1;; esac; exit 0\n');
    const engine = await start({ dtexec: `/bin/sh ${script}` });
    const s = session(engine);
    const jobId = await makeJob(engine, s, 'Pkg', { subsystem: 'SSIS', command: '/FILE "\\"C:\\pkgs\\Child.dtsx\\"" /CHECKPOINTING OFF /REPORTING E' });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'Pkg' });
    const rows = await outcomeOf(engine, jobId);
    expect(rows[0]!.run_status).toBe(1);
    expect(rows[0]!.message).toContain('ARGS:/FILE "C:\\pkgs\\Child.dtsx" /CHECKPOINTING OFF /REPORTING E');
    const badId = await makeJob(engine, s, 'BadPkg', { subsystem: 'SSIS', command: '/FILE "\\"Bad.dtsx\\""' });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'BadPkg' });
    const bad = await outcomeOf(engine, badId);
    expect(bad.map((r) => r.run_status)).toEqual([0, 0]);
    expect(bad[1]!.message).toMatch(/^The job failed\./);
  });

  it('hands dtexec the arguments DTExec.exe would get from SSMS\'s /ISSERVER command (Windows rules, no shell)', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const script = join(t.dir, 'dtexec.cjs');
    writeFileSync(script, 'console.log("ARGV" + JSON.stringify(process.argv.slice(2)));\n');
    const engine = await start({ dtexec: `${JSON.stringify(process.execPath)} ${JSON.stringify(script)}` });
    const s = session(engine);
    const command =
      '/ISSERVER "\\"\\SSISDB\\ETL\\Loader\\Child 1.dtsx\\"" /SERVER "\\"SRV1\\"" /Par "\\"$ServerOption::LOGGING_LEVEL(Int16)\\"";1 ' +
      '/Par "\\"$ServerOption::SYNCHRONIZED(Boolean)\\"";True /Par "\\"$Project::Env\\"";"\\"PROD; $HOME\\"" /CALLERINFO SQLAGENT /REPORTING E';
    const jobId = await makeJob(engine, s, 'IsServer', { subsystem: 'SSIS', command });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_id: jobId });
    const rows = await outcomeOf(engine, jobId);
    const argv = JSON.parse(/ARGV(\[.*\])/.exec(String(rows[0]!.message))![1]!) as string[];
    expect(argv).toEqual([
      '/ISSERVER', '"\\SSISDB\\ETL\\Loader\\Child 1.dtsx"', '/SERVER', '"SRV1"',
      '/Par', '"$ServerOption::LOGGING_LEVEL(Int16)";1', '/Par', '"$ServerOption::SYNCHRONIZED(Boolean)";True',
      '/Par', '"$Project::Env";"PROD; $HOME"', '/CALLERINFO', 'SQLAGENT', '/REPORTING', 'E',
    ]);
  });

  it('fails an SSIS step at run time when SSIS is no longer installed, and non-sysadmin steps without a proxy', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const first = await engineFor({ dataDir: t.dir, dtexec: '/bin/true' });
    const s1 = session(first);
    const jobId = await makeJob(first, s1, 'Pkg', { subsystem: 'SSIS', command: '/FILE "\\"x.dtsx\\""' });
    await first.close();
    const engine = await start({ dataDir: t.dir, dtexec: null });
    await call(engine, session(engine), 'msdb.dbo.sp_start_job', { job_id: jobId });
    const rows = await outcomeOf(engine, jobId);
    expect(rows[0]).toMatchObject({ run_status: 0, message: 'Unable to start execution of step 1 (reason: The SSIS subsystem failed to load [see the SQLAGENT.OUT file for details]; The job has been suspended).  The step failed.' });

    const alice = session(engine, 'alice');
    const aliceJob = await makeJob(engine, alice, 'AliceCmd', { command: 'true' });
    await call(engine, alice, 'msdb.dbo.sp_start_job', { job_name: 'AliceCmd' });
    const arows = await outcomeOf(engine, aliceJob);
    expect(arows[0]!.message).toBe('Non-SysAdmins have been denied permission to run CmdExec job steps without a proxy account.  The step failed.');
  });
});

describe('sp_stop_job by originating server', () => {
  it('stops every running job from this server (operators and sysadmin only); 14268 for another server', async () => {
    const engine = await start();
    const s = session(engine);
    await makeJob(engine, s, 'A', { command: 'sleep 30' });
    await makeJob(engine, s, 'B', { command: 'sleep 30' });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'A' });
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_stop_job', { originating_server: 'ELSEWHERE' }))?.number).toBe(14268);
    expect(errorOf(await call(engine, session(engine, 'alice'), 'msdb.dbo.sp_stop_job', { originating_server: 'srv1' }))?.number).toBe(14393);
    const o = await call(engine, s, 'msdb.dbo.sp_stop_job', { originating_server: 'srv1' });
    expect(o.messages).toEqual([expect.objectContaining({ number: 14253, message: '1 (of 2) job(s) stopped successfully.' })]);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_stop_job', { job_name: 'A', job_id: '6F9619FF-8B86-D011-B42D-00C04FC964FF' }))?.number).toBe(14232);
  });
});

describe('TSQL job steps', () => {
  it('run EXEC statements as the owner and record the messages the Agent way', async () => {
    const engine = await start();
    const s = session(engine);
    const childId = await makeJob(engine, s, 'Child', { command: 'echo child' });
    const parentId = await makeJob(engine, s, 'Parent', { subsystem: 'TSQL', database_name: 'msdb', command: "EXEC dbo.sp_start_job @job_name = N'Child'" });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'Parent' });
    const parent = await outcomeOf(engine, parentId);
    expect(parent[0]).toMatchObject({ step_id: 1, run_status: 1, message: "Executed as user: NT SERVICE\\SQLSERVERAGENT. Job 'Child' started successfully. [SQLSTATE 01000] (Message 14243).  The step succeeded." });
    const child = await outcomeOf(engine, childId);
    expect(child.map((r) => r.run_status)).toEqual([1, 1]);

    const badId = await makeJob(engine, s, 'Bad', { subsystem: 'TSQL', command: "EXEC msdb.dbo.sp_start_job @job_name = N'Missing'" });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'Bad' });
    const bad = await outcomeOf(engine, badId);
    expect(bad[0]).toMatchObject({ run_status: 0, message: "Executed as user: NT SERVICE\\SQLSERVERAGENT. The specified @job_name ('Missing') does not exist. [SQLSTATE 42000] (Error 14262).  The step failed." });

    const unsupportedId = await makeJob(engine, s, 'Odd', { subsystem: 'TSQL', command: 'UPDATE t SET x = 1' });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'Odd' });
    const odd = await outcomeOf(engine, unsupportedId);
    expect(odd[0]!.message).toMatch(/not supported by the SQL Server Agent emulator.*\(Error 50000\)\. {2}The step failed\.$/);
  });
});

describe('deleting a running job', () => {
  it('stops it and leaves no history', async () => {
    const engine = await start();
    const s = session(engine);
    const id = await makeJob(engine, s, 'Doomed', { command: 'sleep 30' });
    await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'Doomed' });
    await new Promise((r) => setTimeout(r, 150));
    expect((await call(engine, s, 'msdb.dbo.sp_delete_job', { job_name: 'Doomed' })).returnStatus).toBe(0);
    await new Promise((r) => setTimeout(r, 300));
    const rows = await query(engine, s, 'SELECT COUNT(*) FROM msdb.dbo.sysjobhistory WHERE job_id = @id', { id });
    expect(rows.resultSets[0]!.rows).toEqual([[0]]);
  });
});
