/** sp_help_jobhistory (SUMMARY and FULL) and sp_help_jobactivity. */
import { date, datetime, guid, int, nvarchar, sysname } from '../core/columns.js';
import type { ProcDef } from '../core/procedure.js';
import { raise } from '../core/sql-error.js';
import type { ColumnDef } from '../types.js';
import { verifyJob, visibleJobs } from './job-lookup.js';
import { name, num } from './params.js';
import { AGENT_ROLES, msdbProc } from './registry-helpers.js';

const FULL: ColumnDef[] = [
  int('instance_id'), guid('job_id'), sysname('job_name'), int('step_id'), sysname('step_name'), int('sql_message_id'),
  int('sql_severity'), nvarchar('message', 4000), int('run_status'), int('run_date'), int('run_time'), int('run_duration'),
  sysname('operator_emailed'), sysname('operator_netsent'), sysname('operator_paged'), int('retries_attempted'), sysname('server'),
];

const SUMMARY: ColumnDef[] = [
  guid('job_id'), sysname('job_name'), int('run_status'), int('run_date'), int('run_time'), int('run_duration'),
  nvarchar('operator_emailed', 20), nvarchar('operator_netsent', 20), nvarchar('operator_paged', 20), int('retries_attempted'), sysname('server'),
];

export const spHelpJobhistory: ProcDef = msdbProc({
  name: 'sp_help_jobhistory',
  writes: false,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'step_id', type: 'int', default: null },
    { name: 'sql_message_id', type: 'int', default: null },
    { name: 'sql_severity', type: 'int', default: null },
    { name: 'start_run_date', type: 'int', default: null },
    { name: 'end_run_date', type: 'int', default: null },
    { name: 'start_run_time', type: 'int', default: null },
    { name: 'end_run_time', type: 'int', default: null },
    { name: 'minimum_run_duration', type: 'int', default: null },
    { name: 'run_status', type: 'int', default: null },
    { name: 'minimum_retries', type: 'int', default: null },
    { name: 'oldest_first', type: 'int', default: 0 },
    { name: 'server', type: 'nvarchar', length: 128, default: null },
    { name: 'mode', type: 'varchar', length: 7, default: 'SUMMARY' },
  ],
  run(call) {
    const mode = (name(call, 'mode') ?? 'SUMMARY').toUpperCase();
    if (mode !== 'SUMMARY' && mode !== 'FULL' && mode !== 'SEM') {
      throw raise(14266, "The specified '%s' is invalid (valid values are: %s).", ['@mode', 'SUMMARY, FULL, SEM'], 'sp_help_jobhistory');
    }
    const rs = num(call, 'run_status');
    if (rs !== null && (rs < 0 || rs > 5)) throw raise(14198, "The specified '%s' is invalid (valid values are: %s).", ['@run_status', '0..5'], 'sp_help_jobhistory');
    const state = call.ctx.store.state;
    const visible = new Map(visibleJobs(state.jobs, call.session).map((j) => [j.job_id, j]));
    let jobFilter: string | null = null;
    if (call.args.get('job_id') !== null || name(call, 'job_name') !== null) jobFilter = verifyJob(call).job_id;
    const f = (k: string) => num(call, k);
    let rows = state.history.filter((h) => visible.has(h.job_id) && (jobFilter === null || h.job_id === jobFilter));
    const eq = (k: 'step_id' | 'sql_message_id' | 'sql_severity' | 'run_status') => {
      const v = f(k);
      if (v !== null) rows = rows.filter((h) => h[k] === v);
    };
    (['step_id', 'sql_message_id', 'sql_severity', 'run_status'] as const).forEach(eq);
    if (f('start_run_date') !== null) rows = rows.filter((h) => h.run_date >= f('start_run_date')!);
    if (f('end_run_date') !== null) rows = rows.filter((h) => h.run_date <= f('end_run_date')!);
    if (f('start_run_time') !== null) rows = rows.filter((h) => h.run_time >= f('start_run_time')!);
    if (f('end_run_time') !== null) rows = rows.filter((h) => h.run_time <= f('end_run_time')!);
    if (f('minimum_run_duration') !== null) rows = rows.filter((h) => h.run_duration >= f('minimum_run_duration')!);
    if (f('minimum_retries') !== null) rows = rows.filter((h) => h.retries_attempted >= f('minimum_retries')!);
    const server = name(call, 'server');
    if (server !== null) rows = rows.filter((h) => h.server.toLowerCase() === server.toLowerCase());
    rows = [...rows].sort((a, b) => (f('oldest_first') ? a.instance_id - b.instance_id : b.instance_id - a.instance_id));
    const jobName = (id: string) => visible.get(id)?.name ?? null;
    if (mode === 'SUMMARY') {
      // SUMMARY has the same WHERE clause as FULL, only a shorter select list (sp_help_jobhistory_summary).
      call.reply.resultSet({
        columns: SUMMARY,
        rows: rows.map((h) => [h.job_id, jobName(h.job_id), h.run_status, h.run_date, h.run_time, h.run_duration, null, null, null, h.retries_attempted, h.server]),
      });
      return;
    }
    call.reply.resultSet({
      columns: FULL,
      rows: rows.map((h) => [
        h.instance_id, h.job_id, jobName(h.job_id), h.step_id, h.step_name, h.sql_message_id, h.sql_severity,
        h.message, h.run_status, h.run_date, h.run_time, h.run_duration, null, null, null, h.retries_attempted, h.server,
      ]),
    });
  },
});

const ACTIVITY: ColumnDef[] = [
  int('session_id'), guid('job_id'), sysname('job_name'), datetime('run_requested_date'), sysname('run_requested_source'),
  datetime('queued_date'), datetime('start_execution_date'), int('last_executed_step_id'), datetime('last_executed_step_date'),
  datetime('stop_execution_date'), datetime('next_scheduled_run_date'), int('job_history_id'), nvarchar('message', 4000),
  int('run_status'), int('operator_id_emailed'), int('operator_id_netsent'), int('operator_id_paged'),
];

export const spHelpJobactivity: ProcDef = msdbProc({
  name: 'sp_help_jobactivity',
  writes: false,
  roles: AGENT_ROLES,
  params: [
    { name: 'job_id', type: 'uniqueidentifier', default: null },
    { name: 'job_name', type: 'nvarchar', length: 128, default: null },
    { name: 'session_id', type: 'int', default: null },
  ],
  run(call) {
    const state = call.ctx.store.state;
    // Rows come through sysjobs_view, so the caller sees the jobs it may see (its own for SQLAgentUserRole).
    let jobs = visibleJobs(state.jobs, call.session);
    if (call.args.get('job_id') !== null || name(call, 'job_name') !== null) {
      const job = verifyJob(call);
      jobs = jobs.filter((j) => j.job_id === job.job_id);
    }
    let session = num(call, 'session_id');
    if (session === null) {
      const latest = [...state.agentSessions].sort((a, b) => b.agent_start_date.localeCompare(a.agent_start_date))[0];
      session = latest?.session_id ?? null;
    } else if (!state.agentSessions.some((x) => x.session_id === session)) {
      throw raise(14262, "The specified %s ('%s') does not exist.", ['@session_id', String(session)], 'sp_help_jobactivity');
    }
    const byId = new Map(jobs.map((j) => [j.job_id, j]));
    const rows = state.activity
      .filter((a) => a.session_id === session && byId.has(a.job_id))
      .map((a) => {
        const h = a.job_history_id === null ? undefined : state.history.find((x) => x.instance_id === a.job_history_id);
        return [
          a.session_id, a.job_id, byId.get(a.job_id)!.name, date(a.run_requested_date), a.run_requested_source, date(a.queued_date),
          date(a.start_execution_date), a.last_executed_step_id, date(a.last_executed_step_date), date(a.stop_execution_date),
          date(a.next_scheduled_run_date), a.job_history_id, h ? h.message : null, h ? h.run_status : null,
          h ? h.operator_id_emailed : null, h ? h.operator_id_netsent : null, h ? h.operator_id_paged : null,
        ];
      });
    call.reply.resultSet({ columns: ACTIVITY, rows });
  },
});
