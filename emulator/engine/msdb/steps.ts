/** sp_add_jobstep, sp_update_jobstep, sp_delete_jobstep (checks of sp_verify_jobstep, in its order). */
import { newGuid } from '../core/guid.js';
import type { ParamSpec, ProcCall, ProcDef } from '../core/procedure.js';
import { isSysadmin } from '../core/security.js';
import { raise, SqlError } from '../core/sql-error.js';
import type { Job, JobStep, Proxy } from '../state/model.js';
import { requireOwnerOrSysadmin, touch, verifyJob } from './job-lookup.js';
import { name, num, str } from './params.js';
import { ownerMayUseProxy, proxyGrantedToSubsystem } from './proxy-access.js';
import { AGENT_ROLES, msdbProc } from './registry-helpers.js';
import { findSubsystem } from './subsystems.js';

const VERIFY = 'sp_verify_jobstep';
const DATABASES = ['master', 'msdb', 'SSISDB', 'tempdb', 'model'];

/** The step attributes sp_add_jobstep and sp_update_jobstep share, in signature order. */
function stepParams(defaults: boolean): ParamSpec[] {
  const d = (v: string | number | null): { default: string | number | null } => ({ default: defaults ? v : null });
  return [
    { name: 'subsystem', type: 'nvarchar', length: 40, ...d('TSQL') },
    { name: 'command', type: 'nvarchar', length: -1, default: null },
    { name: 'additional_parameters', type: 'nvarchar', length: -1, default: null },
    { name: 'cmdexec_success_code', type: 'int', ...d(0) },
    { name: 'on_success_action', type: 'tinyint', ...d(1) },
    { name: 'on_success_step_id', type: 'int', ...d(0) },
    { name: 'on_fail_action', type: 'tinyint', ...d(2) },
    { name: 'on_fail_step_id', type: 'int', ...d(0) },
    { name: 'server', type: 'nvarchar', length: 128, default: null },
    { name: 'database_name', type: 'nvarchar', length: 128, default: null },
    { name: 'database_user_name', type: 'nvarchar', length: 128, default: null },
    { name: 'retry_attempts', type: 'int', ...d(0) },
    { name: 'retry_interval', type: 'int', ...d(0) },
    { name: 'os_run_priority', type: 'int', ...d(0) },
    { name: 'output_file_name', type: 'nvarchar', length: 200, default: null },
    { name: 'flags', type: 'int', ...d(0) },
    { name: 'proxy_id', type: 'int', default: null },
    { name: 'proxy_name', type: 'nvarchar', length: 128, default: null },
  ];
}

function findProxy(call: ProcCall): Proxy | null {
  const id = num(call, 'proxy_id');
  const pname = name(call, 'proxy_name');
  if (id === null && pname === null) return null;
  if (id !== null && pname !== null) throw raise(14371, 'There are two or more %s; specify %s to identify one.', ['proxies', '@proxy_id or @proxy_name'], 'sp_verify_proxy_identifiers');
  const proxies = call.ctx.store.state.proxies;
  const p = id !== null ? proxies.find((x) => x.proxy_id === id) : proxies.find((x) => x.name.toLowerCase() === pname!.toLowerCase());
  if (!p) throw raise(14262, "The specified %s ('%s') does not exist.", id !== null ? ['@proxy_id', id] : ['@proxy_name', pname!], 'sp_verify_proxy_identifiers');
  return p;
}

/** Validates a complete step (after defaults or updates are applied) in the order of sp_verify_jobstep. */
function verifyStep(call: ProcCall, job: Job, step: JobStep, maxStep: number, proxy: Proxy | null, exceptId: number | null): void {
  const ssis = call.ctx.options.dtexec != null;
  const sub = findSubsystem(step.subsystem, ssis);
  if (!sub) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", ['@subsystem', 'sp_enum_sqlagent_subsystems'], 'sp_verify_subsystem');
  step.subsystem = sub.name;
  if (proxy) {
    if (sub.id === 1) throw new SqlError(14517, 'A proxy account is not allowed for a Transact-SQL subsystem.', 16, 1, 'sp_verify_proxy_permissions');
    const state = call.ctx.store.state;
    if (!proxyGrantedToSubsystem(state, proxy.proxy_id, sub.id) || !ownerMayUseProxy(call.ctx, state, proxy, job.owner)) {
      throw raise(14516, 'Proxy (%d) is not allowed for subsystem "%s" and user "%s". Grant permission by calling sp_grant_proxy_to_subsystem or sp_grant_login_to_proxy.', [proxy.proxy_id, sub.name, job.owner], 'sp_verify_proxy_permissions');
    }
    step.proxy_id = proxy.proxy_id;
  }
  if (step.output_file_name !== null && !isSysadmin(call.session)) {
    throw new SqlError(14582, "Only a sysadmin can specify '@output_file_name' parameter for a jobstep.", 16, 1, VERIFY);
  }
  checkStepName(job, step.step_name, exceptId);
  for (const [action, target, actionName, targetName] of [
    ['on_success_action', 'on_success_step_id', '@on_success_action', '@on_success_step'],
    ['on_fail_action', 'on_fail_step_id', '@on_failure_action', '@on_failure_step'],
  ] as const) {
    const a = step[action];
    if (a < 1 || a > 4) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", [actionName, '1, 2, 3, 4'], VERIFY);
    if (a === 4 && (step[target] < 1 || step[target] === step.step_id)) {
      throw raise(14235, "The specified '%s' is invalid (valid values are greater than 0 but excluding %ld).", [targetName, step.step_id], VERIFY);
    }
  }
  // Forward references are allowed, with a warning.
  if (step.on_success_action === 4 && step.on_success_step_id > maxStep) call.reply.info(14236, 'Warning: Non-existent step referenced by @on_success_step_id.', VERIFY);
  if (step.on_fail_action === 4 && step.on_fail_step_id > maxStep) call.reply.info(14236, 'Warning: Non-existent step referenced by @on_fail_step_id.', VERIFY);
  if (step.server !== null && sub.id !== 9 && sub.id !== 10) {
    // Only the local server is in sys.servers on an emulated instance.
    const srv = step.server.split(',')[0]!.trim();
    if (srv.toLowerCase() !== call.ctx.serverName.toLowerCase()) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", ['@srv', 'sp_helpserver'], VERIFY);
  }
  if ((sub.id === 9 || sub.id === 10) && step.server === null) throw raise(14262, "The specified %s ('%s') does not exist.", ['@server', ''], VERIFY);
  if (![-15, -1, 0, 1, 15].includes(step.os_run_priority)) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@os_run_priority', '-15, -1, 0, 1, 15'], VERIFY);
  if (step.flags < 0 || step.flags > 114) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@flags', '0..114'], VERIFY);
  if (((step.flags & 4) !== 0 && sub.id !== 1) || ((step.flags & 8) !== 0 && (step.flags & 16) !== 0) || ((step.flags & 64) !== 0 && sub.id !== 3)) {
    throw raise(14545, "The %s parameter is not valid for a job step of type '%s'.", ['@flags', sub.name], VERIFY);
  }
  const withOutput = [1, 3, 9, 10, 11, 12].includes(sub.id);
  if (step.output_file_name !== null && !withOutput) throw raise(14545, "The %s parameter is not valid for a job step of type '%s'.", ['@output_file_name', sub.name], VERIFY);
  if ((step.flags & 24) !== 0 && !withOutput) throw raise(14545, "The %s parameter is not valid for a job step of type '%s'.", ['@flags', sub.name], VERIFY);
  if (sub.id === 3) step.database_name = null;
  if (sub.id !== 1) step.database_user_name = null;
  if (sub.id === 1) {
    step.server = null;
    const db = step.database_name ?? 'master';
    const known = DATABASES.find((d) => d.toLowerCase() === db.toLowerCase());
    if (!known) throw raise(14262, "The specified %s ('%s') does not exist.", ['@database_name', db], VERIFY);
    step.database_name = known;
    if (!isSysadmin(call.session)) step.database_user_name = null;
  }
}

function checkStepName(job: Job, stepName: string | null, exceptId: number | null): string {
  if (stepName === null) throw new SqlError(515, "Cannot insert the value NULL into column 'step_name', table 'msdb.dbo.sysjobsteps'; column does not allow nulls. INSERT fails.", 16, 2, 'sp_add_jobstep_internal');
  if (job.steps.some((s) => s.step_id !== exceptId && s.step_name.toLowerCase() === stepName.toLowerCase())) {
    throw raise(14261, "The specified %s ('%s') already exists.", ['@step_name', stepName], VERIFY);
  }
  return stepName;
}

export const spAddJobstep: ProcDef = msdbProc({
  name: 'sp_add_jobstep',
  writes: true,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'step_id', type: 'int', default: null },
    { name: 'step_name', type: 'nvarchar', length: 128 },
    ...stepParams(true),
    { name: 'step_uid', type: 'uniqueidentifier', default: null, output: true },
  ],
  run(call) {
    const job = verifyJob(call);
    requireOwnerOrSysadmin(call, job);
    const max = job.steps.length;
    const stepId = num(call, 'step_id') ?? max + 1;
    if (stepId < 1 || stepId > max + 1) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@step_id', `1..${max + 1}`], VERIFY);
    const stepName = name(call, 'step_name');
    const step: JobStep = {
      step_id: stepId,
      step_uid: newGuid(),
      step_name: stepName as string,
      subsystem: str(call, 'subsystem') ?? 'TSQL',
      command: str(call, 'command'),
      additional_parameters: str(call, 'additional_parameters'),
      cmdexec_success_code: num(call, 'cmdexec_success_code') ?? 0,
      on_success_action: num(call, 'on_success_action') ?? 1,
      on_success_step_id: num(call, 'on_success_step_id') ?? 0,
      on_fail_action: num(call, 'on_fail_action') ?? 2,
      on_fail_step_id: num(call, 'on_fail_step_id') ?? 0,
      server: name(call, 'server'),
      database_name: name(call, 'database_name'),
      database_user_name: name(call, 'database_user_name'),
      retry_attempts: num(call, 'retry_attempts') ?? 0,
      retry_interval: num(call, 'retry_interval') ?? 0,
      os_run_priority: num(call, 'os_run_priority') ?? 0,
      output_file_name: name(call, 'output_file_name'),
      flags: num(call, 'flags') ?? 0,
      proxy_id: null,
      last_run_outcome: 0,
      last_run_duration: 0,
      last_run_retries: 0,
      last_run_date: 0,
      last_run_time: 0,
    };
    if (stepName === null) checkStepName(job, null, null);
    verifyStep(call, job, step, max, findProxy(call), null);
    // Inserting before existing steps renumbers them and their go-to targets.
    for (const s of stepId <= max ? job.steps : []) {
      if (s.step_id >= stepId) s.step_id++;
      if (s.on_success_action === 4 && s.on_success_step_id >= stepId) s.on_success_step_id++;
      if (s.on_fail_action === 4 && s.on_fail_step_id >= stepId) s.on_fail_step_id++;
    }
    job.steps.push(step);
    job.steps.sort((a, b) => a.step_id - b.step_id);
    touch(job, call.ctx.now());
    call.reply.output('step_uid', step.step_uid);
  },
});

export const spUpdateJobstep: ProcDef = msdbProc({
  name: 'sp_update_jobstep',
  writes: true,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'step_id', type: 'int' },
    { name: 'step_name', type: 'nvarchar', length: 128, default: null },
    ...stepParams(false),
  ],
  run(call) {
    const job = verifyJob(call);
    requireOwnerOrSysadmin(call, job);
    const stepId = num(call, 'step_id');
    const current = job.steps.find((s) => s.step_id === stepId);
    if (!current) throw raise(14262, "The specified %s ('%s') does not exist.", ['@step_id', String(stepId)], 'sp_update_jobstep');
    const next: JobStep = { ...current };
    const newName = name(call, 'step_name');
    if (newName !== null) next.step_name = newName;
    const setNum = (k: 'cmdexec_success_code' | 'on_success_action' | 'on_success_step_id' | 'on_fail_action' | 'on_fail_step_id' | 'retry_attempts' | 'retry_interval' | 'os_run_priority' | 'flags') => {
      const v = num(call, k);
      if (v !== null) next[k] = v;
    };
    (['cmdexec_success_code', 'on_success_action', 'on_success_step_id', 'on_fail_action', 'on_fail_step_id', 'retry_attempts', 'retry_interval', 'os_run_priority', 'flags'] as const).forEach(setNum);
    const sub = str(call, 'subsystem');
    if (sub !== null) next.subsystem = sub;
    if (str(call, 'command') !== null) next.command = str(call, 'command');
    if (str(call, 'additional_parameters') !== null) next.additional_parameters = str(call, 'additional_parameters');
    if (name(call, 'server') !== null) next.server = name(call, 'server');
    if (name(call, 'database_name') !== null) next.database_name = name(call, 'database_name');
    if (name(call, 'database_user_name') !== null) next.database_user_name = name(call, 'database_user_name');
    const out = str(call, 'output_file_name');
    // ' ' clears the output file (documented).
    if (out !== null) next.output_file_name = out.trim() === '' ? null : out;
    const proxy = findProxy(call);
    if (proxy === null && next.proxy_id !== null) {
      const keep = call.ctx.store.state.proxies.find((p) => p.proxy_id === next.proxy_id) ?? null;
      next.proxy_id = null;
      verifyStep(call, job, next, job.steps.length, keep, current.step_id);
    } else verifyStep(call, job, next, job.steps.length, proxy, current.step_id);
    Object.assign(current, next);
    touch(job, call.ctx.now());
  },
});

export const spDeleteJobstep: ProcDef = msdbProc({
  name: 'sp_delete_jobstep',
  writes: true,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'step_id', type: 'int' },
  ],
  run(call) {
    const job = verifyJob(call);
    requireOwnerOrSysadmin(call, job);
    const stepId = num(call, 'step_id');
    const max = job.steps.length;
    if (stepId === null || stepId < 0 || stepId > max) {
      throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@step_id', `0 (all steps) .. ${max}`], 'sp_delete_jobstep');
    }
    if (stepId === 0) {
      job.steps = [];
    } else {
      // The renumbering of sp_delete_jobstep, in its order: later steps and references above the deleted
      // step move down, then references equal to the deleted id (including those just moved) fall back to
      // quit with success / failure.
      job.steps = job.steps.filter((s) => s.step_id !== stepId);
      for (const s of job.steps) {
        if (s.step_id > stepId) s.step_id--;
        if (s.on_success_step_id > stepId) s.on_success_step_id--;
        if (s.on_fail_step_id > stepId) s.on_fail_step_id--;
        if (s.on_success_step_id === stepId) {
          s.on_success_step_id = 0;
          s.on_success_action = 1;
        }
        if (s.on_fail_step_id === stepId) {
          s.on_fail_step_id = 0;
          s.on_fail_action = 2;
        }
      }
    }
    touch(job, call.ctx.now());
  },
});
