/** sp_help_job (its four result sets when one job is named) and sp_help_jobstep. */
import { date, datetime, guid, int, nvarchar, sysname, tinyint } from '../core/columns.js';
import type { ProcCall, ProcDef } from '../core/procedure.js';
import { raise, SqlError } from '../core/sql-error.js';
import type { Job, JobStep } from '../state/model.js';
import type { ColumnDef, ResultSet, SqlValue } from '../types.js';
import { verifyJob, visibleJobs } from './job-lookup.js';
import { name, num, str } from './params.js';
import { AGENT_ROLES, msdbProc } from './registry-helpers.js';
import { findSubsystem } from './subsystems.js';

const JOB_COLUMNS: ColumnDef[] = [
  guid('job_id'), nvarchar('originating_server', 30), sysname('name'), tinyint('enabled'), nvarchar('description', 512),
  int('start_step_id'), sysname('category'), sysname('owner'), int('notify_level_eventlog'), int('notify_level_email'),
  int('notify_level_netsend'), int('notify_level_page'), sysname('notify_email_operator'), sysname('notify_netsend_operator'),
  sysname('notify_page_operator'), int('delete_level'), datetime('date_created'), datetime('date_modified'), int('version_number'),
  int('last_run_date'), int('last_run_time'), int('last_run_outcome'), int('next_run_date'), int('next_run_time'),
  int('next_run_schedule_id'), int('current_execution_status'), sysname('current_execution_step'), int('current_retry_attempt'),
  int('has_step'), int('has_schedule'), int('has_target'), int('type'),
];

function stepColumns(commandLength: number, suffix: boolean): ColumnDef[] {
  // With @suffix = 1 (what sp_help_job asks for) flags, actions and priority come back as text.
  const coded = (name: string, type: () => ColumnDef): ColumnDef => (suffix ? nvarchar(name, 4000) : type());
  return [
    int('step_id'), sysname('step_name'), nvarchar('subsystem', 40), nvarchar('command', commandLength), coded('flags', () => int('flags')),
    int('cmdexec_success_code'), coded('on_success_action', () => tinyint('on_success_action')), int('on_success_step_id'),
    coded('on_fail_action', () => tinyint('on_fail_action')), int('on_fail_step_id'), sysname('server'), sysname('database_name'),
    sysname('database_user_name'), int('retry_attempts'), int('retry_interval'), coded('os_run_priority', () => int('os_run_priority')),
    nvarchar('output_file_name', 200), int('last_run_outcome'), int('last_run_duration'), int('last_run_retries'), int('last_run_date'),
    int('last_run_time'), int('proxy_id'),
  ];
}

const ACTION_TEXT: Record<number, string> = { 1: '(quit with success)', 2: '(quit with failure)', 3: '(goto next step)', 4: '(goto step)' };
const PRIORITY_TEXT: Record<number, string> = { [-15]: '(idle)', [-1]: '(below normal)', 0: '(normal)', 1: '(above normal)', 15: '(time critical)' };

function flagsText(flags: number): string {
  let t = '';
  if (flags === 0) t += '(normal)';
  if ((flags & 1) === 1) t += `(encrypted command)${flags > 1 ? ', ' : ''}`;
  if ((flags & 2) === 2) t += `(append output file)${flags > 3 ? ', ' : ''}`;
  if ((flags & 4) === 4) t += '(include results in history)';
  return `${flags} (${t})`;
}

const SCHEDULE_COLUMNS: ColumnDef[] = [
  int('schedule_id'), sysname('schedule_name'), int('enabled'), int('freq_type'), int('freq_interval'), int('freq_subday_type'),
  int('freq_subday_interval'), int('freq_relative_interval'), int('freq_recurrence_factor'), int('active_start_date'),
  int('active_end_date'), int('active_start_time'), int('active_end_time'), datetime('date_created'),
  nvarchar('schedule_description', 4000), int('next_run_date'), int('next_run_time'), guid('schedule_uid'), int('job_count'),
];

const TARGET_COLUMNS: ColumnDef[] = [
  int('server_id'), nvarchar('server_name', 30), datetime('enlist_date'), datetime('last_poll_date'), int('last_run_date'),
  int('last_run_time'), int('last_run_duration'), tinyint('last_run_outcome'), nvarchar('last_outcome_message', 1024),
];

function jobRow(call: ProcCall, job: Job): SqlValue[] {
  const state = call.ctx.store.state;
  const category = state.categories.find((c) => c.category_id === job.category_id)?.name ?? null;
  const run = call.ctx.agent.runState(job.job_id);
  const currentStep = run === null ? '0 (unknown)' : `${run.step} (${job.steps.find((s) => s.step_id === run.step)?.step_name ?? 'unknown'})`;
  return [
    job.job_id, call.ctx.serverName, job.name, job.enabled, job.description, job.start_step_id, category, job.owner,
    job.notify_level_eventlog, job.notify_level_email, job.notify_level_netsend, job.notify_level_page, null, null, null,
    job.delete_level, date(job.date_created), date(job.date_modified), job.version_number, job.last_run_date,
    job.last_run_time, job.last_run_outcome, 0, 0, 0, run === null ? 4 : run.status, currentStep, run?.retryAttempt ?? 0, job.steps.length, 0,
    job.servers.length, job.servers.includes(0) ? 1 : 0,
  ];
}

export function stepRow(s: JobStep, suffix = false): SqlValue[] {
  const action = (a: number) => (suffix ? `${a} ${ACTION_TEXT[a] ?? '(unknown)'}` : a);
  return [
    s.step_id, s.step_name, s.subsystem, s.command, suffix ? flagsText(s.flags) : s.flags, s.cmdexec_success_code, action(s.on_success_action),
    s.on_success_step_id, action(s.on_fail_action), s.on_fail_step_id, s.server, s.database_name, s.database_user_name, s.retry_attempts,
    s.retry_interval, suffix ? `${s.os_run_priority} ${PRIORITY_TEXT[s.os_run_priority] ?? '(unknown)'}` : s.os_run_priority, s.output_file_name,
    s.last_run_outcome, s.last_run_duration, s.last_run_retries, s.last_run_date, s.last_run_time, s.proxy_id,
  ];
}

function like(value: string, pattern: string): boolean {
  const re = pattern.replace(/[.*+?^${}()|\\]/g, '\\$&').replace(/%/g, '.*').replace(/_/g, '.').replace(/\[([^\]]*)\]/g, '[$1]');
  return new RegExp(`^${re}$`, 'is').test(value);
}

export const spHelpJob: ProcDef = msdbProc({
  name: 'sp_help_job',
  writes: false,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'job_aspect', type: 'varchar', length: 9, default: null },
    { name: 'job_type', type: 'varchar', length: 12, default: null },
    { name: 'owner_login_name', type: 'nvarchar', length: 128, default: null },
    { name: 'subsystem', type: 'nvarchar', length: 40, default: null },
    { name: 'category_name', type: 'nvarchar', length: 128, default: null },
    { name: 'enabled', type: 'tinyint', default: null },
    { name: 'execution_status', type: 'int', default: null },
    { name: 'date_comparator', type: 'char', length: 1, default: null },
    { name: 'date_created', type: 'datetime', default: null },
    { name: 'date_last_modified', type: 'datetime', default: null },
    { name: 'description', type: 'nvarchar', length: 512, default: null },
  ],
  run(call) {
    const named = call.args.get('job_id') !== null || name(call, 'job_name') !== null;
    const aspectArg = name(call, 'job_aspect');
    const filters = ['job_type', 'owner_login_name', 'subsystem', 'category_name', 'enabled', 'date_comparator', 'date_created', 'date_last_modified'].some((p) => call.args.get(p) !== null && (typeof call.args.get(p) !== 'string' || (call.args.get(p) as string).trim() !== ''));
    if ((named && filters) || (!named && aspectArg !== null)) {
      throw new SqlError(14280, 'Supply either a job name (and job aspect), or one or more job filter parameters.', 16, 1, 'sp_help_job');
    }
    if (named) {
      const job = verifyJob(call);
      const aspect = (aspectArg ?? 'ALL').toUpperCase();
      if (!['ALL', 'JOB', 'SCHEDULES', 'STEPS', 'TARGETS'].includes(aspect)) {
        throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@job_aspect', 'JOB, STEPS, SCHEDULES, TARGETS, ALL'], 'sp_help_job');
      }
      const all = aspect === 'ALL';
      // SQL Server prints a heading before each section of ALL (messages 14213-14216 and a '=' rule).
      const heading = (n: number, text: string, first: boolean) => {
        if (!all) return;
        if (!first) call.reply.print('');
        call.reply.print(text, n);
        call.reply.print('='.repeat(text.length));
      };
      if (all || aspect === 'JOB') {
        heading(14213, 'Core Job Details:', true);
        call.reply.resultSet({ columns: JOB_COLUMNS, rows: [jobRow(call, job)] });
      }
      if (all || aspect === 'STEPS') {
        heading(14214, 'Job Steps:', false);
        call.reply.resultSet({ columns: stepColumns(-1, true), rows: job.steps.map((st) => stepRow(st, true)) });
      }
      if (all || aspect === 'SCHEDULES') {
        heading(14215, 'Job Schedules:', false);
        call.reply.resultSet({ columns: SCHEDULE_COLUMNS, rows: [] });
      }
      if (all || aspect === 'TARGETS') {
        heading(14216, 'Job Target Servers:', false);
        const rows = job.servers.map((id) => [id, call.ctx.serverName, date(job.date_created), call.ctx.now(), job.last_run_date, job.last_run_time, job.last_run_duration, job.last_run_outcome, job.last_outcome_message || null]);
        call.reply.resultSet({ columns: TARGET_COLUMNS, rows });
      }
      return;
    }
    const state = call.ctx.store.state;
    let jobs = visibleJobs(state.jobs, call.session);
    const jobType = name(call, 'job_type');
    if (jobType !== null) {
      const t = jobType.toUpperCase();
      if (t !== 'LOCAL' && t !== 'MULTI-SERVER') throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@job_type', 'LOCAL, MULTI-SERVER'], 'sp_help_job');
      if (t === 'MULTI-SERVER') jobs = [];
    }
    const owner = name(call, 'owner_login_name');
    if (owner !== null) {
      if (!call.ctx.logins.has(owner.toLowerCase())) throw raise(14262, "The specified %s ('%s') does not exist.", ['@owner_login_name', owner], 'sp_help_job');
      jobs = jobs.filter((j) => j.owner.toLowerCase() === owner.toLowerCase());
    }
    const sub = name(call, 'subsystem');
    if (sub !== null) {
      if (!findSubsystem(sub, call.ctx.options.dtexec != null)) throw raise(14234, "The specified '%s' is invalid (valid values are returned by %s).", ['@subsystem', 'sp_enum_sqlagent_subsystems'], 'sp_verify_subsystem');
      jobs = jobs.filter((j) => j.steps.some((s) => s.subsystem.toLowerCase() === sub.toLowerCase()));
    }
    const cat = name(call, 'category_name');
    if (cat !== null) {
      const c = state.categories.find((x) => x.category_class === 1 && x.name.toLowerCase() === cat.toLowerCase());
      if (!c) throw raise(14262, "The specified %s ('%s') does not exist.", ['@category_name', cat], 'sp_help_job');
      jobs = jobs.filter((j) => j.category_id === c.category_id);
    }
    const enabled = num(call, 'enabled');
    if (enabled !== null && enabled !== 0 && enabled !== 1) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@enabled', '0, 1'], 'sp_help_job');
    if (enabled !== null) jobs = jobs.filter((j) => j.enabled === enabled);
    const status = num(call, 'execution_status');
    if (status !== null && ![0, 1, 2, 3, 4, 5, 7].includes(status)) {
      throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@execution_status', '0, 1, 2, 3, 4, 5, 7'], 'sp_help_job');
    }
    if (status !== null) {
      jobs = jobs.filter((j) => {
        // 0 = every job that is not idle; otherwise the job's own current status (4 idle, 1 executing, 3 between retries).
        const run = call.ctx.agent.runState(j.job_id);
        return status === 0 ? run !== null : (run?.status ?? 4) === status;
      });
    }
    const comparator = str(call, 'date_comparator');
    const created = call.args.get('date_created') as Date | null;
    const modified = call.args.get('date_last_modified') as Date | null;
    if ((comparator !== null && created !== null && modified !== null) || (comparator === null && (created !== null || modified !== null))) {
      throw new SqlError(14282, 'Date comparator must be specified with one of the dates (@date_created or @date_last_modified), not both.', 16, 1, 'sp_help_job');
    }
    if (comparator !== null && !['=', '<', '>'].includes(comparator)) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@date_comparator', '=, >, <'], 'sp_help_job');
    if (comparator !== null && (created !== null || modified !== null)) {
      const cmp = (iso: string, d: Date) => {
        const a = new Date(iso).getTime();
        return comparator === '=' ? a === d.getTime() : comparator === '<' ? a < d.getTime() : a > d.getTime();
      };
      if (created) jobs = jobs.filter((j) => cmp(j.date_created, created));
      if (modified) jobs = jobs.filter((j) => cmp(j.date_modified, modified));
    }
    const desc = str(call, 'description');
    if (desc !== null) jobs = jobs.filter((j) => like(j.description, desc));
    jobs.sort((a, b) => a.name.toLowerCase().localeCompare(b.name.toLowerCase()));
    const rs: ResultSet = { columns: JOB_COLUMNS, rows: jobs.map((j) => jobRow(call, j)) };
    call.reply.resultSet(rs);
  },
});

export const spHelpJobstep: ProcDef = msdbProc({
  name: 'sp_help_jobstep',
  writes: false,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'step_id', type: 'int', default: null },
    { name: 'step_name', type: 'nvarchar', length: 128, default: null },
    { name: 'suffix', type: 'bit', default: 0 },
  ],
  run(call) {
    const job = verifyJob(call);
    let steps = job.steps;
    const id = num(call, 'step_id');
    if (id !== null) {
      if (steps.length === 0) throw raise(14528, "Job \"%s\" has no steps.", [job.name], 'sp_help_jobstep');
      if (id < 1 || id > steps.length) throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@step_id', `1..${steps.length}`], 'sp_help_jobstep');
      steps = steps.filter((s) => s.step_id === id);
    } else {
      const sn = name(call, 'step_name');
      if (sn !== null) {
        steps = steps.filter((s) => s.step_name.toLowerCase() === sn.toLowerCase());
        if (steps.length === 0) throw raise(14262, "The specified %s ('%s') does not exist.", ['@step_name', sn], 'sp_help_jobstep');
      }
    }
    const suffix = (num(call, 'suffix') ?? 0) !== 0;
    call.reply.resultSet({ columns: stepColumns(-1, suffix), rows: steps.map((s) => stepRow(s, suffix)) });
  },
});

export const spHelpJobserver: ProcDef = msdbProc({
  name: 'sp_help_jobserver',
  writes: false,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'show_last_run_details', type: 'tinyint', default: 0 },
  ],
  run(call) {
    const job = verifyJob(call);
    const details = (num(call, 'show_last_run_details') ?? 0) !== 0;
    const rows = job.servers.map((id) => {
      const base: SqlValue[] = [id, call.ctx.serverName, date(job.date_created), call.ctx.now()];
      return details ? [...base, job.last_run_date, job.last_run_time, job.last_run_duration, job.last_run_outcome, job.last_outcome_message || null] : base;
    });
    call.reply.resultSet({ columns: details ? TARGET_COLUMNS : TARGET_COLUMNS.slice(0, 4), rows });
  },
});
