import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineInstance } from '../types.js';
import { call, engineFor, errorOf, makeJob, rowsAsObjects, session } from './helpers.js';

let engine: EngineInstance;
beforeEach(async () => {
  engine = await engineFor();
});
afterEach(() => engine.close());

describe('sp_add_job / sp_add_jobstep / sp_add_jobserver', () => {
  it('creates a job the SSMS way and sp_help_job returns its four result sets', async () => {
    const s = session(engine);
    await call(engine, s, 'msdb.dbo.sp_add_category', { class: 'JOB', type: 'LOCAL', name: 'Deploy' });
    const add = await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'Load', category_name: 'Deploy', description: null }, ['job_id']);
    expect(add.returnStatus).toBe(0);
    const jobId = add.outputs.job_id as string;
    const step = await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: jobId, step_name: 'Run', subsystem: 'CmdExec', command: 'echo hi', database_name: 'master' }, ['step_uid']);
    expect(errorOf(step)).toBeUndefined();
    expect(step.outputs.step_uid).toMatch(/^[0-9A-F-]{36}$/);
    expect((await call(engine, s, 'msdb.dbo.sp_update_job', { job_id: jobId, start_step_id: 1 })).returnStatus).toBe(0);
    expect((await call(engine, s, 'msdb.dbo.sp_add_jobserver', { job_id: jobId, server_name: '(local)' })).returnStatus).toBe(0);

    const help = await call(engine, s, 'msdb.dbo.sp_help_job', { job_name: 'Load' });
    expect(help.resultSets).toHaveLength(4);
    const [job] = rowsAsObjects(help, 0);
    expect(job).toMatchObject({ job_id: jobId, name: 'Load', enabled: 1, description: 'No description available.', category: 'Deploy', owner: 'sa', notify_level_eventlog: 2, has_step: 1, has_target: 1, type: 1, current_execution_status: 4, last_run_outcome: 5, version_number: 3 });
    expect(help.resultSets[0]!.columns).toHaveLength(32);
    expect(rowsAsObjects(help, 1)).toEqual([expect.objectContaining({ step_id: 1, step_name: 'Run', subsystem: 'CmdExec', command: 'echo hi', flags: '0 ((normal))', on_success_action: '1 (quit with success)', on_fail_action: '2 (quit with failure)', os_run_priority: '0 (normal)' })]);
    expect(help.messages.filter((m) => m.number !== 0).map((m) => [m.number, m.message])).toEqual([[14213, 'Core Job Details:'], [14214, 'Job Steps:'], [14215, 'Job Schedules:'], [14216, 'Job Target Servers:']]);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_help_job', { job_name: 'Load', enabled: 1 }))?.number).toBe(14280);
    expect(help.resultSets[2]!.rows).toEqual([]);
    expect(rowsAsObjects(help, 3)[0]).toMatchObject({ server_id: 0, server_name: 'SRV1' });
    const servers = await call(engine, s, 'msdb.dbo.sp_help_jobserver', { job_name: 'Load' });
    expect(servers.resultSets[0]!.columns.map((c) => c.name)).toEqual(['server_id', 'server_name', 'enlist_date', 'last_poll_date']);
    expect(servers.resultSets[0]!.rows[0]![1]).toBe('SRV1');
    const list = await call(engine, s, 'msdb.dbo.sp_help_job');
    expect(list.resultSets).toHaveLength(1);
  });

  it('raises 14261 for a duplicate job name and step name, 14274 for a non-NULL @job_id', async () => {
    const s = session(engine);
    const id = await makeJob(engine, s, 'Dup');
    const dup = await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: ' dup ' });
    expect(errorOf(dup)).toMatchObject({ number: 14261, message: "The specified @name ('dup') already exists." });
    const step = await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: id, step_name: 'step 1', command: 'x' });
    expect(errorOf(step)).toMatchObject({ number: 14261, message: "The specified @step_name ('step 1') already exists." });
    const withId = await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'X', job_id: '6F9619FF-8B86-D011-B42D-00C04FC964FF' }, ['job_id']);
    expect(errorOf(withId)?.number).toBe(14274);
  });

  it('raises 14262 / 14294 for job identification, 14234 for an unknown category and for SSIS without dtexec', async () => {
    const s = session(engine);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_help_job', { job_name: 'Nope' }))).toMatchObject({ number: 14262, message: "The specified @job_name ('Nope') does not exist." });
    const id = await makeJob(engine, s, 'J');
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_update_job', { job_id: id, job_name: 'J', enabled: 0 }))).toMatchObject({ number: 14294, message: 'Supply either @job_id or @job_name to identify the job.' });
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'C', category_name: 'Missing' }))).toMatchObject({ number: 14234, message: "The specified '@category_name' is invalid (valid values are returned by sp_help_category)." });
    const ssis = await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: id, step_name: 'pkg', subsystem: 'SSIS', command: '/FILE "\\"x.dtsx\\""' });
    expect(errorOf(ssis)).toMatchObject({ number: 14234, message: "The specified '@subsystem' is invalid (valid values are returned by sp_enum_sqlagent_subsystems)." });
  });

  it('rolls a failed call back completely', async () => {
    const s = session(engine);
    const id = await makeJob(engine, s, 'Atomic');
    await call(engine, s, 'msdb.dbo.sp_update_job', { job_id: id, new_name: 'Renamed', enabled: 7 });
    const help = await call(engine, s, 'msdb.dbo.sp_help_job', { job_id: id, job_aspect: 'JOB' });
    expect(rowsAsObjects(help)[0]).toMatchObject({ name: 'Atomic', enabled: 1 });
  });

  it('inserts a step in the middle and renumbers, deletes steps, and validates actions', async () => {
    const s = session(engine);
    const id = await makeJob(engine, s, 'Steps');
    await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: id, step_name: 'Last', subsystem: 'CmdExec', command: 'true' });
    await call(engine, s, 'msdb.dbo.sp_update_jobstep', { job_id: id, step_id: 1, on_success_action: 4, on_success_step_id: 2 });
    await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: id, step_id: 2, step_name: 'Middle', subsystem: 'CmdExec', command: 'true' });
    const steps = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_jobstep', { job_id: id }));
    expect(steps[0]!.on_success_action).toBe(4);
    expect(steps.map((x) => [x.step_id, x.step_name])).toEqual([[1, 'Step 1'], [2, 'Middle'], [3, 'Last']]);
    expect(steps[0]!.on_success_step_id).toBe(3);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_update_jobstep', { job_id: id, step_id: 1, on_fail_action: 9 }))?.number).toBe(14266);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_add_jobstep', { job_id: id, step_id: 9, step_name: 'Far', command: 'x' }))).toMatchObject({ number: 14266, message: "The specified '@step_id' is invalid (valid values are: 1..4)." });
    await call(engine, s, 'msdb.dbo.sp_delete_jobstep', { job_id: id, step_id: 2 });
    const after = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_jobstep', { job_id: id }));
    expect(after.map((x) => x.step_name)).toEqual(['Step 1', 'Last']);
    // msdb's sp_delete_jobstep first moves references above the deleted step down, then resets references
    // equal to the deleted id, which catches the moved ones too: the go-to 3 becomes "quit with success".
    expect(after[0]).toMatchObject({ on_success_action: 1, on_success_step_id: 0 });
  });

  it('deletes jobs (14279 with nothing given)', async () => {
    const s = session(engine);
    await makeJob(engine, s, 'Gone');
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_delete_job', {}))?.number).toBe(14279);
    expect((await call(engine, s, 'msdb.dbo.sp_delete_job', { job_name: 'Gone' })).returnStatus).toBe(0);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_help_job', { job_name: 'Gone' }))?.number).toBe(14262);
  });
});

describe('role rules', () => {
  it('SQLAgentUserRole sees and changes only its own jobs; cannot name another owner', async () => {
    const alice = session(engine, 'alice');
    const bob = session(engine, 'bob');
    await makeJob(engine, alice, 'AliceJob');
    expect(errorOf(await call(engine, bob, 'msdb.dbo.sp_help_job', { job_name: 'AliceJob' }))?.number).toBe(14262);
    expect(errorOf(await call(engine, bob, 'msdb.dbo.sp_start_job', { job_name: 'AliceJob' }))?.number).toBe(14262);
    expect(rowsAsObjects(await call(engine, bob, 'msdb.dbo.sp_help_job'))).toEqual([]);
    expect(errorOf(await call(engine, bob, 'msdb.dbo.sp_add_job', { job_name: 'X', owner_login_name: 'alice' }))?.number).toBe(14515);
    expect(errorOf(await call(engine, bob, 'msdb.dbo.sp_add_category', { name: 'c' }))?.number).toBe(229);
  });

  it('operators may enable/disable others\' jobs only with @enabled; readers see all but cannot change', async () => {
    const alice = session(engine, 'alice');
    await makeJob(engine, alice, 'AliceJob');
    const oper = session(engine, 'oper');
    expect((await call(engine, oper, 'msdb.dbo.sp_update_job', { job_name: 'AliceJob', enabled: 0 })).returnStatus).toBe(0);
    expect(errorOf(await call(engine, oper, 'msdb.dbo.sp_update_job', { job_name: 'AliceJob', description: 'x' }))?.number).toBe(14525);
    const reader = session(engine, 'reader');
    expect(rowsAsObjects(await call(engine, reader, 'msdb.dbo.sp_help_job')).map((j) => j.name)).toEqual(['AliceJob']);
    expect(errorOf(await call(engine, reader, 'msdb.dbo.sp_delete_job', { job_name: 'AliceJob' }))?.number).toBe(14525);
    expect(errorOf(await call(engine, reader, 'msdb.dbo.sp_start_job', { job_name: 'AliceJob' }))?.number).toBe(14393);
  });

  it('sysadmin may set an owner; an unknown owner is 14234', async () => {
    const s = session(engine);
    expect((await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'ForAlice', owner_login_name: 'alice' })).returnStatus).toBe(0);
    expect(rowsAsObjects(await call(engine, session(engine, 'alice'), 'msdb.dbo.sp_help_job')).map((j) => j.name)).toEqual(['ForAlice']);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'Y', owner_login_name: 'ghost' }))).toMatchObject({ number: 14234, message: "The specified '@owner_login_name' is invalid (valid values are returned by sp_helplogins [excluding Windows NT groups])." });
  });
});

describe('sp_start_job errors', () => {
  it('raises 14256 without a job server and 14262 for an unknown step', async () => {
    const s = session(engine);
    const add = await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'NoServer' }, ['job_id']);
    const o = await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'NoServer' });
    expect(errorOf(o)).toMatchObject({ number: 14256, message: `Cannot start the job "NoServer" (ID ${add.outputs.job_id}) because it does not have any job server or servers defined. Associate the job with a job server by calling sp_add_jobserver.` });
    await makeJob(engine, s, 'WithServer');
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_start_job', { job_name: 'WithServer', step_name: 'nope' }))?.number).toBe(14262);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_add_jobserver', { job_name: 'WithServer' }))).toMatchObject({ number: 14269, message: "Job 'WithServer' is already targeted at server 'SRV1'." });
  });

  it('answers 22022 when the Agent is stopped', async () => {
    const stopped = await engineFor({ agent: 'stopped' });
    try {
      const s = session(stopped);
      await makeJob(stopped, s, 'J');
      const o = await call(stopped, s, 'msdb.dbo.sp_start_job', { job_name: 'J' });
      expect(errorOf(o)).toMatchObject({ number: 22022, message: 'SQLServerAgent is not currently running so it cannot be notified of this action.' });
      expect(o.returnStatus).toBe(1);
    } finally {
      await stopped.close();
    }
  });
});
