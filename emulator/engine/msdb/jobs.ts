/** sp_add_job, sp_update_job, sp_delete_job (checks of sp_verify_job, in its order). */
import { newGuid } from '../core/guid.js';
import type { ProcCall, ProcDef } from '../core/procedure.js';
import { agentLevel, isSysadmin, sameLogin } from '../core/security.js';
import { raise, SqlError } from '../core/sql-error.js';
import type { Job, State } from '../state/model.js';
import type { Session } from '../types.js';
import { findJobByName, requireOwnerOrSysadmin, touch, verifyJob } from './job-lookup.js';
import { name, num, numOr, passedNonNull, str } from './params.js';
import { AGENT_ROLES, msdbProc } from './registry-helpers.js';

const VERIFY = 'sp_verify_job';

function checkLevel(param: string, value: number): void {
  if ((value & 3) !== value) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", [param, '0, 1, 2, 3'], VERIFY);
}

function resolveCategory(state: State, categoryName: string | null): number {
  if (categoryName === null || categoryName === '[DEFAULT]') return 0;
  const cat = state.categories.find((c) => c.category_class === 1 && c.name.toLowerCase() === categoryName.toLowerCase());
  if (!cat) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", ['@category_name', 'sp_help_category'], VERIFY);
  if (cat.category_id === 1) throw raise(14267, "Cannot add a job to the '%s' job category.", [categoryName], VERIFY);
  return cat.category_id;
}

function resolveOwner(call: ProcCall, owner: string | null): string {
  if (owner === null) return call.session.login;
  const login = call.ctx.logins.get(owner.toLowerCase());
  if (!login) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", ['@owner_login_name', 'sp_helplogins [excluding Windows NT groups]'], VERIFY);
  return login.name;
}

function checkOperators(call: ProcCall): void {
  // The emulated msdb has no operators, so any operator name is unknown.
  for (const p of ['notify_email_operator_name', 'notify_netsend_operator_name', 'notify_page_operator_name']) {
    if (name(call, p) !== null) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", [`@${p}`, 'sp_help_operator'], VERIFY);
  }
}

function isAgentProgram(session: Session): boolean {
  return session.appName.toLowerCase().startsWith('sqlagent');
}

export const spAddJob: ProcDef = msdbProc({
  name: 'sp_add_job',
  writes: true,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_name', type: 'nvarchar', length: 128 },
    { name: 'enabled', type: 'tinyint', default: 1 },
    { name: 'description', type: 'nvarchar', length: 512, default: null },
    { name: 'start_step_id', type: 'int', default: 1 },
    { name: 'category_name', type: 'nvarchar', length: 128, default: null },
    { name: 'category_id', type: 'int', default: null },
    { name: 'owner_login_name', type: 'nvarchar', length: 128, default: null },
    { name: 'notify_level_eventlog', type: 'int', default: 2 },
    { name: 'notify_level_email', type: 'int', default: 0 },
    { name: 'notify_level_netsend', type: 'int', default: 0 },
    { name: 'notify_level_page', type: 'int', default: 0 },
    { name: 'notify_email_operator_name', type: 'nvarchar', length: 128, default: null },
    { name: 'notify_netsend_operator_name', type: 'nvarchar', length: 128, default: null },
    { name: 'notify_page_operator_name', type: 'nvarchar', length: 128, default: null },
    { name: 'delete_level', type: 'int', default: 0 },
    { name: 'job_id', type: 'uniqueidentifier', default: null, output: true },
    { name: 'originating_server', type: 'nvarchar', length: 128, default: null },
  ],
  run(call) {
    // Checks in the order of sp_add_job and sp_verify_job.
    const state = call.ctx.store.state;
    const ownerName = name(call, 'owner_login_name');
    if (ownerName !== null && !isSysadmin(call.session) && !sameLogin(ownerName, call.session.login)) {
      throw new SqlError(14515, 'Only a member of the sysadmin server role can add a job for a different owner with @owner_login_name.', 16, 1, 'sp_add_job');
    }
    const jobName = name(call, 'job_name');
    if (jobName !== null && findJobByName(state.jobs, jobName).length > 0) throw raise(14261, "The specified %s ('%s') already exists.", ['@name', jobName], VERIFY);
    const enabled = numOr(call, 'enabled', 1);
    if (enabled !== 0 && enabled !== 1) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@enabled', '0, 1'], VERIFY);
    if (numOr(call, 'start_step_id', 1) !== 1) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@start_step_id', '1'], VERIFY);
    let categoryId: number;
    const catId = num(call, 'category_id');
    if (catId !== null) {
      const cat = state.categories.find((c) => c.category_class === 1 && c.category_id === catId);
      if (!cat) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", ['@category_id', 'sp_help_category'], 'sp_verify_category_identifiers');
      categoryId = catId;
    } else categoryId = resolveCategory(state, name(call, 'category_name'));
    const owner = resolveOwner(call, ownerName);
    const levels = ['notify_level_eventlog', 'notify_level_email', 'notify_level_netsend', 'notify_level_page'].map((p) => {
      const v = numOr(call, p, 0);
      checkLevel(`@${p}`, v);
      return v;
    });
    checkOperators(call);
    const deleteLevel = numOr(call, 'delete_level', 0);
    checkLevel('@delete_level', deleteLevel);
    if (call.args.get('job_id') !== null && !isAgentProgram(call.session)) {
      throw new SqlError(14274, 'Cannot add, update, or delete a job (or its steps or schedules) that originated from an MSX server.', 16, 1, 'sp_add_job');
    }
    if (jobName === null) {
      throw new SqlError(515, "Cannot insert the value NULL into column 'name', table 'msdb.dbo.sysjobs'; column does not allow nulls. INSERT fails.", 16, 2, 'sp_add_job');
    }
    const now = call.ctx.now().toISOString();
    const job: Job = {
      job_id: newGuid(),
      originating_server_id: 0,
      name: jobName,
      enabled,
      description: name(call, 'description') ?? 'No description available.',
      start_step_id: 1,
      category_id: categoryId,
      owner,
      notify_level_eventlog: levels[0]!,
      notify_level_email: 0,
      notify_level_netsend: 0,
      notify_level_page: 0,
      delete_level: deleteLevel,
      date_created: now,
      date_modified: now,
      version_number: 1,
      servers: [],
      steps: [],
      last_run_date: 0,
      last_run_time: 0,
      last_run_outcome: 5,
      last_run_duration: 0,
      last_outcome_message: '',
    };
    state.jobs.push(job);
    call.reply.output('job_id', job.job_id);
  },
});

export const spUpdateJob: ProcDef = msdbProc({
  name: 'sp_update_job',
  writes: true,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'new_name', type: 'nvarchar', length: 128, default: null },
    { name: 'enabled', type: 'tinyint', default: null },
    { name: 'description', type: 'nvarchar', length: 512, default: null },
    { name: 'start_step_id', type: 'int', default: null },
    { name: 'category_name', type: 'nvarchar', length: 128, default: null },
    { name: 'owner_login_name', type: 'nvarchar', length: 128, default: null },
    { name: 'notify_level_eventlog', type: 'int', default: null },
    { name: 'notify_level_email', type: 'int', default: null },
    { name: 'notify_level_netsend', type: 'int', default: null },
    { name: 'notify_level_page', type: 'int', default: null },
    { name: 'notify_email_operator_name', type: 'nvarchar', length: 128, default: null },
    { name: 'notify_netsend_operator_name', type: 'nvarchar', length: 128, default: null },
    { name: 'notify_page_operator_name', type: 'nvarchar', length: 128, default: null },
    { name: 'delete_level', type: 'int', default: null },
    { name: 'automatic_post', type: 'bit', default: 1 },
  ],
  run(call) {
    const state = call.ctx.store.state;
    const job = verifyJob(call);
    const changes = [...call.passed].filter((p) => p !== 'job_id' && p !== 'job_name' && p !== 'automatic_post' && call.args.get(p) !== null);
    const level = agentLevel(call.session);
    const owns = sameLogin(job.owner, call.session.login);
    if (level !== 'sysadmin' && !owns) {
      // SQLAgentOperatorRole may only enable or disable jobs it does not own.
      if (!(level === 'operator' && changes.every((p) => p === 'enabled'))) requireOwnerOrSysadmin(call, job);
    }
    const newName = name(call, 'new_name');
    if (newName !== null && findJobByName(state.jobs, newName).some((j) => j.job_id !== job.job_id)) {
      throw raise(14261, "The specified %s ('%s') already exists.", ['@name', newName], VERIFY);
    }
    const enabled = num(call, 'enabled');
    if (enabled !== null && enabled !== 0 && enabled !== 1) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@enabled', '0, 1'], VERIFY);
    const start = num(call, 'start_step_id');
    if (start !== null && (start < 1 || start > job.steps.length + 1)) {
      throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@start_step_id', `1..${job.steps.length + 1}`], VERIFY);
    }
    const categoryName = name(call, 'category_name');
    const categoryId = categoryName !== null ? resolveCategory(state, categoryName) : null;
    const ownerName = name(call, 'owner_login_name');
    let owner: string | null = null;
    if (ownerName !== null) {
      // sp_update_job only warns a non-sysadmin (14242) and keeps the current owner.
      if (!isSysadmin(call.session)) call.reply.info(14242, 'Only a system administrator can reassign ownership of a job.', 'sp_update_job', 10);
      else owner = resolveOwner(call, ownerName);
    }
    for (const p of ['notify_level_eventlog', 'notify_level_email', 'notify_level_netsend', 'notify_level_page', 'delete_level']) {
      const v = num(call, p);
      if (v !== null) checkLevel(`@${p}`, v);
    }
    checkOperators(call);
    if (newName !== null) job.name = newName;
    if (enabled !== null) job.enabled = enabled;
    if (passedNonNull(call, 'description')) job.description = str(call, 'description')!;
    if (start !== null) job.start_step_id = start;
    if (categoryId !== null) job.category_id = categoryId;
    if (owner !== null) job.owner = owner;
    const eventlog = num(call, 'notify_level_eventlog');
    if (eventlog !== null) job.notify_level_eventlog = eventlog;
    const del = num(call, 'delete_level');
    if (del !== null) job.delete_level = del;
    touch(job, call.ctx.now());
  },
});

export const spDeleteJob: ProcDef = msdbProc({
  name: 'sp_delete_job',
  writes: true,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'originating_server', type: 'nvarchar', length: 128, default: null },
    { name: 'delete_history', type: 'bit', default: 1 },
    { name: 'delete_unused_schedule', type: 'bit', default: 1 },
  ],
  run(call) {
    // The order of sp_delete_job: identify, then "name or server, not both", then the MSX rule, then ownership.
    const named = call.args.get('job_id') !== null || name(call, 'job_name') !== null;
    const job = named ? verifyJob(call) : null;
    const origin = name(call, 'originating_server');
    if ((job === null) === (origin === null)) throw new SqlError(14279, 'Supply either @job_name, @job_id or @originating_server.', 16, 1, 'sp_delete_job');
    const local = (o: string) => o.toUpperCase() === '(LOCAL)' || o.toUpperCase() === call.ctx.serverName.toUpperCase();
    if (origin !== null && !local(origin) && !isAgentProgram(call.session)) {
      throw new SqlError(14274, 'Cannot add, update, or delete a job (or its steps or schedules) that originated from an MSX server.', 16, 1, 'sp_delete_job');
    }
    // Deleting "all jobs from this server's MSX" finds none: no job here came from a master server.
    if (job === null) return;
    requireOwnerOrSysadmin(call, job);
    deleteJob(call.ctx.store.state, job.job_id, numOr(call, 'delete_history', 1) === 1);
    call.ctx.agent.forget(job.job_id);
  },
});

export function deleteJob(state: State, jobId: string, deleteHistory: boolean): void {
  state.jobs = state.jobs.filter((j) => j.job_id !== jobId);
  state.activity = state.activity.filter((a) => a.job_id !== jobId);
  if (deleteHistory) state.history = state.history.filter((h) => h.job_id !== jobId);
}
