/**
 * The msdb tables, SSISDB catalog views and sys.credentials that query() can read, with SQL Server's
 * column names and types. Each view produces its rows from the state for the calling session.
 */
import { bigint, bit, col, date, datetime, datetimeoffset, guid, int, nvarchar, smallint, sysname, tinyint, varbinary } from '../core/columns.js';
import { agentLevel, isSysadmin, sidOf } from '../core/security.js';
import type { EngineContext } from '../context.js';
import { visibleJobs } from '../msdb/job-lookup.js';
import { subsystems } from '../msdb/subsystems.js';
import { SqlError } from '../core/sql-error.js';
import type { ColumnDef, Session, SqlValue } from '../types.js';

export interface View {
  readonly database: 'msdb' | 'SSISDB' | '*';
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly ColumnDef[];
  /** Who may SELECT (others get 229, or `denied`). */
  readonly allowed?: (s: Session) => boolean;
  /** The error for a caller `allowed` refuses, when it is not 229 (server-scoped DMVs answer 300). */
  readonly denied?: () => SqlError;
  rows(ctx: EngineContext, session: Session): SqlValue[][];
}

const agent = (s: Session) => agentLevel(s) !== null;
const sysadmin = (s: Session) => isSysadmin(s);
const dto = (iso: string | null) => date(iso);

const JOB_COLS = [
  guid('job_id'), int('originating_server_id'), sysname('name'), tinyint('enabled'), nvarchar('description', 512), int('start_step_id'),
  int('category_id'), varbinary('owner_sid', 85), int('notify_level_eventlog'), int('notify_level_email'), int('notify_level_netsend'),
  int('notify_level_page'), int('notify_email_operator_id'), int('notify_netsend_operator_id'), int('notify_page_operator_id'),
  int('delete_level'), datetime('date_created'), datetime('date_modified'), int('version_number'),
];

function jobRows(ctx: EngineContext, session: Session): SqlValue[][] {
  return visibleJobs(ctx.store.state.jobs, session).map((j) => [
    j.job_id, 0, j.name, j.enabled, j.description, j.start_step_id, j.category_id, sidOf(j.owner), j.notify_level_eventlog,
    j.notify_level_email, j.notify_level_netsend, j.notify_level_page, 0, 0, 0, j.delete_level, date(j.date_created),
    date(j.date_modified), j.version_number,
  ]);
}

export const VIEWS: readonly View[] = [
  { database: 'msdb', schema: 'dbo', name: 'sysjobs', columns: JOB_COLS, allowed: agent, rows: jobRows },
  { database: 'msdb', schema: 'dbo', name: 'sysjobs_view', columns: JOB_COLS, allowed: agent, rows: jobRows },
  {
    database: 'msdb', schema: 'dbo', name: 'sysjobsteps', allowed: agent,
    columns: [
      guid('job_id'), int('step_id'), sysname('step_name'), nvarchar('subsystem', 40), nvarchar('command', -1), int('flags'),
      nvarchar('additional_parameters', -1), int('cmdexec_success_code'), tinyint('on_success_action'), int('on_success_step_id'),
      tinyint('on_fail_action'), int('on_fail_step_id'), sysname('server'), sysname('database_name'), sysname('database_user_name'),
      int('retry_attempts'), int('retry_interval'), int('os_run_priority'), nvarchar('output_file_name', 200), int('last_run_outcome'),
      int('last_run_duration'), int('last_run_retries'), int('last_run_date'), int('last_run_time'), int('proxy_id'), guid('step_uid'),
    ],
    rows: (ctx, s) => visibleJobs(ctx.store.state.jobs, s).flatMap((j) => j.steps.map((t) => [
      j.job_id, t.step_id, t.step_name, t.subsystem, t.command, t.flags, t.additional_parameters, t.cmdexec_success_code,
      t.on_success_action, t.on_success_step_id, t.on_fail_action, t.on_fail_step_id, t.server, t.database_name,
      t.database_user_name, t.retry_attempts, t.retry_interval, t.os_run_priority, t.output_file_name, t.last_run_outcome,
      t.last_run_duration, t.last_run_retries, t.last_run_date, t.last_run_time, t.proxy_id, t.step_uid,
    ])),
  },
  {
    database: 'msdb', schema: 'dbo', name: 'sysjobservers', allowed: agent,
    columns: [guid('job_id'), int('server_id'), int('last_run_outcome'), nvarchar('last_outcome_message', 4000), int('last_run_date'), int('last_run_time'), int('last_run_duration')],
    rows: (ctx, s) => visibleJobs(ctx.store.state.jobs, s).flatMap((j) => j.servers.map((id) => [j.job_id, id, j.last_run_outcome, j.last_outcome_message || null, j.last_run_date, j.last_run_time, j.last_run_duration])),
  },
  {
    database: 'msdb', schema: 'dbo', name: 'sysjobhistory', allowed: agent,
    columns: [
      int('instance_id'), guid('job_id'), int('step_id'), sysname('step_name'), int('sql_message_id'), int('sql_severity'),
      nvarchar('message', 4000), int('run_status'), int('run_date'), int('run_time'), int('run_duration'), int('operator_id_emailed'),
      int('operator_id_netsent'), int('operator_id_paged'), int('retries_attempted'), sysname('server'),
    ],
    rows: (ctx, s) => {
      const ids = new Set(visibleJobs(ctx.store.state.jobs, s).map((j) => j.job_id));
      return ctx.store.state.history.filter((h) => isSysadmin(s) || ids.has(h.job_id)).map((h) => [
        h.instance_id, h.job_id, h.step_id, h.step_name, h.sql_message_id, h.sql_severity, h.message, h.run_status, h.run_date,
        h.run_time, h.run_duration, h.operator_id_emailed, h.operator_id_netsent, h.operator_id_paged, h.retries_attempted, h.server,
      ]);
    },
  },
  {
    database: 'msdb', schema: 'dbo', name: 'sysjobactivity', allowed: agent,
    columns: [
      int('session_id'), guid('job_id'), datetime('run_requested_date'), sysname('run_requested_source'), datetime('queued_date'),
      datetime('start_execution_date'), int('last_executed_step_id'), datetime('last_executed_step_date'), datetime('stop_execution_date'),
      int('job_history_id'), datetime('next_scheduled_run_date'),
    ],
    rows: (ctx, s) => {
      const ids = new Set(visibleJobs(ctx.store.state.jobs, s).map((j) => j.job_id));
      return ctx.store.state.activity.filter((a) => ids.has(a.job_id)).map((a) => [
        a.session_id, a.job_id, date(a.run_requested_date), a.run_requested_source, date(a.queued_date), date(a.start_execution_date),
        a.last_executed_step_id, date(a.last_executed_step_date), date(a.stop_execution_date), a.job_history_id, date(a.next_scheduled_run_date),
      ]);
    },
  },
  {
    database: 'msdb', schema: 'dbo', name: 'syssessions', allowed: agent,
    columns: [int('session_id'), datetime('agent_start_date')],
    rows: (ctx) => ctx.store.state.agentSessions.map((x) => [x.session_id, date(x.agent_start_date)]),
  },
  {
    database: 'msdb', schema: 'dbo', name: 'syscategories', allowed: agent,
    columns: [int('category_id'), int('category_class'), tinyint('category_type'), sysname('name')],
    rows: (ctx) => ctx.store.state.categories.map((c) => [c.category_id, c.category_class, c.category_type, c.name]),
  },
  {
    database: 'msdb', schema: 'dbo', name: 'syssubsystems', allowed: agent,
    columns: [int('subsystem_id'), nvarchar('subsystem', 40), int('description_id')],
    rows: (ctx) => subsystems(ctx.options.dtexec != null).map((x) => [x.id, x.name, null]),
  },
  {
    database: 'msdb', schema: 'dbo', name: 'sysproxies', allowed: sysadmin,
    columns: [int('proxy_id'), sysname('name'), int('credential_id'), tinyint('enabled'), nvarchar('description', 512), varbinary('user_sid', 85), datetime('credential_date_created')],
    rows: (ctx) => ctx.store.state.proxies.map((p) => [p.proxy_id, p.name, p.credential_id, p.enabled, p.description, Buffer.from(p.user_sid, 'hex'), date(p.credential_date_created)]),
  },
  {
    database: 'msdb', schema: 'dbo', name: 'sysproxysubsystem', allowed: sysadmin,
    columns: [int('subsystem_id'), int('proxy_id')],
    rows: (ctx) => ctx.store.state.proxySubsystems.map((g) => [g.subsystem_id, g.proxy_id]),
  },
  {
    database: 'msdb', schema: 'dbo', name: 'sysssispackagefolders',
    columns: [guid('folderid'), guid('parentfolderid'), sysname('foldername')],
    rows: (ctx) => ctx.store.state.packageFolders.map((f) => [f.folderid, f.parentfolderid, f.foldername]),
  },
  {
    database: 'msdb', schema: 'dbo', name: 'sysssispackages',
    columns: [
      sysname('name'), guid('id'), nvarchar('description', 1024), datetime('createdate'), guid('folderid'), varbinary('ownersid', 85),
      varbinary('packagedata', -1), int('packageformat'), int('packagetype'), int('vermajor'), int('verminor'), int('verbuild'),
      nvarchar('vercomments', 1024), guid('verid'), bit('isencrypted'), varbinary('readrolesid', 85), varbinary('writerolesid', 85),
    ],
    rows: (ctx) => ctx.store.state.packages.map((p) => [
      p.name, p.id, p.description, date(p.createdate), p.folderid, sidOf(p.owner), ctx.store.blobs.get(p.blob), p.packageformat,
      p.packagetype, p.vermajor, p.verminor, p.verbuild, p.vercomments, p.verid, p.isencrypted, null, null,
    ]),
  },
  {
    database: '*', schema: 'sys', name: 'credentials',
    columns: [int('credential_id'), sysname('name'), nvarchar('credential_identity', 4000), datetime('create_date'), datetime('modify_date'), nvarchar('target_type', 100), int('target_id')],
    rows: (ctx) => ctx.store.state.credentials.map((c) => [c.credential_id, c.name, c.credential_identity, date(c.create_date), date(c.modify_date), null, null]),
  },
  {
    // SQL Server and SQL Server Agent as services; the Agent row follows the instance's agent option.
    database: '*', schema: 'sys', name: 'dm_server_services', allowed: sysadmin,
    denied: () => new SqlError(300, "VIEW SERVER STATE permission was denied on object 'server', database 'master'.", 14, 1),
    columns: [
      nvarchar('servicename', 256), int('startup_type'), nvarchar('startup_type_desc', 256), int('status'), nvarchar('status_desc', 256),
      int('process_id'), datetimeoffset('last_startup_time'), nvarchar('service_account', 256), nvarchar('filename', 256),
      nvarchar('is_clustered', 1), nvarchar('cluster_nodename', 256), nvarchar('instant_file_initialization_enabled', 1),
    ],
    rows: (ctx) => {
      const started = ctx.store.state.agentSessions.at(-1)?.agent_start_date ?? null;
      const agentRunning = ctx.options.agent !== 'stopped';
      return [
        ['SQL Server (MSSQLSERVER)', 2, 'Automatic', 4, 'Running', process.pid, dto(started), 'NT Service\\MSSQLSERVER', '/opt/mssql/bin/sqlservr', 'N', null, 'Y'],
        [
          'SQL Server Agent (MSSQLSERVER)', 2, 'Automatic', agentRunning ? 4 : 1, agentRunning ? 'Running' : 'Stopped', agentRunning ? process.pid : null,
          agentRunning ? dto(started) : null, 'NT Service\\SQLSERVERAGENT', '/opt/mssql/bin/sqlagent', 'N', null, 'N',
        ],
      ];
    },
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'folders',
    columns: [bigint('folder_id'), sysname('name'), nvarchar('description', 1024), varbinary('created_by_sid', 85), nvarchar('created_by_name', 128), datetimeoffset('created_time')],
    rows: (ctx) => ctx.store.state.catalog.folders.map((f) => [f.folder_id, f.name, f.description, sidOf(f.created_by_name), f.created_by_name, dto(f.created_time)]),
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'projects',
    columns: [
      bigint('project_id'), bigint('folder_id'), sysname('name'), nvarchar('description', 1024), int('project_format_version'),
      varbinary('deployed_by_sid', 85), nvarchar('deployed_by_name', 128), datetimeoffset('last_deployed_time'), datetimeoffset('created_time'),
      bigint('object_version_lsn'), col('validation_status', 'varchar', 1), datetimeoffset('last_validation_time'),
    ],
    rows: (ctx) => ctx.store.state.catalog.projects.map((p) => [
      p.project_id, p.folder_id, p.name, p.description, p.project_format_version, sidOf(p.deployed_by_name), p.deployed_by_name,
      dto(p.last_deployed_time), dto(p.created_time), p.object_version_lsn, 'N', null,
    ]),
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'packages',
    columns: [
      bigint('package_id'), nvarchar('name', 260), guid('package_guid'), nvarchar('description', 1024), int('package_format_version'),
      int('version_major'), int('version_minor'), int('version_build'), nvarchar('version_comments', 1024), guid('version_guid'),
      bigint('project_id'), bit('entry_point'), col('validation_status', 'varchar', 1), datetimeoffset('last_validation_time'),
    ],
    rows: (ctx) => ctx.store.state.catalog.projects.flatMap((p) => p.packages.map((k) => [
      k.package_id, k.name, k.package_guid, k.description, k.package_format_version ?? 8, k.version_major, k.version_minor, k.version_build,
      k.version_comments ?? null, k.version_guid ?? null,
      p.project_id, k.entry_point, 'N', null,
    ])),
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'object_parameters',
    columns: [
      bigint('parameter_id'), bigint('project_id'), smallint('object_type'), nvarchar('object_name', 260), sysname('parameter_name'),
      sysname('data_type'), bit('required'), bit('sensitive'), nvarchar('design_default_value', -1),
    ],
    rows: (ctx) => ctx.store.state.catalog.projects.flatMap((p) => p.parameters.map((x, i) => [
      p.project_id * 1000 + i, p.project_id, x.object_type, x.object_name, x.parameter_name, x.data_type, x.required, x.sensitive, x.design_default_value,
    ])),
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'operations',
    columns: [
      bigint('operation_id'), smallint('operation_type'), datetimeoffset('created_time'), smallint('object_type'), bigint('object_id'),
      nvarchar('object_name', 260), int('status'), datetimeoffset('start_time'), datetimeoffset('end_time'), varbinary('caller_sid', 85),
      nvarchar('caller_name', 128), int('process_id'), varbinary('stopped_by_sid', 85), nvarchar('stopped_by_name', 128),
      nvarchar('server_name', 128), nvarchar('machine_name', 128),
    ],
    rows: (ctx) => ctx.store.state.catalog.operations.map((o) => [
      o.operation_id, o.operation_type, dto(o.created_time), o.object_type, o.object_id, o.object_name, o.status, dto(o.start_time),
      dto(o.end_time), sidOf(o.caller_name), o.caller_name, o.process_id, null, o.stopped_by_name, o.server_name, o.machine_name,
    ]),
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'executions',
    columns: [
      bigint('execution_id'), nvarchar('folder_name', 128), nvarchar('project_name', 128), nvarchar('package_name', 260), bigint('reference_id'),
      col('reference_type', 'varchar', 1), nvarchar('environment_folder_name', 128), nvarchar('environment_name', 128), bigint('project_lsn'),
      varbinary('executed_as_sid', 85), nvarchar('executed_as_name', 128), bit('use32bitruntime'), smallint('object_type'), bigint('object_id'),
      int('status'), datetimeoffset('start_time'), datetimeoffset('end_time'), varbinary('caller_sid', 85), nvarchar('caller_name', 128),
      int('process_id'), varbinary('stopped_by_sid', 85), nvarchar('stopped_by_name', 128), nvarchar('server_name', 128), nvarchar('machine_name', 128),
    ],
    rows: (ctx) => ctx.store.state.catalog.executions.map((e) => {
      const o = ctx.store.state.catalog.operations.find((x) => x.operation_id === e.execution_id)!;
      return [
        e.execution_id, e.folder_name, e.project_name, e.package_name, e.reference_id, null, null, null, e.project_lsn, sidOf(o.caller_name),
        o.caller_name, e.use32bitruntime, 20, e.project_id, o.status, dto(o.start_time), dto(o.end_time), sidOf(o.caller_name), o.caller_name,
        o.process_id, null, o.stopped_by_name, o.server_name, o.machine_name,
      ];
    }),
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'execution_parameter_values',
    columns: [bigint('execution_parameter_id'), bigint('execution_id'), smallint('object_type'), sysname('parameter_data_type'), sysname('parameter_name'), col('parameter_value', 'nvarchar', 4000)],
    rows: (ctx) => ctx.store.state.catalog.executions.flatMap((e) => e.parameters.map((p, i) => [e.execution_id * 1000 + i, e.execution_id, p.object_type, p.data_type, p.parameter_name, p.value === null ? null : String(p.value)])),
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'operation_messages',
    columns: [bigint('operation_message_id'), bigint('operation_id'), datetimeoffset('message_time'), smallint('message_type'), smallint('message_source_type'), nvarchar('message', -1), bigint('extended_info_id')],
    rows: (ctx) => ctx.store.state.catalog.messages.map((m) => [m.operation_message_id, m.operation_id, dto(m.message_time), m.message_type, m.message_source_type, m.message, null]),
  },
  {
    database: 'SSISDB', schema: 'catalog', name: 'event_messages',
    columns: [
      bigint('event_message_id'), bigint('operation_id'), datetimeoffset('message_time'), smallint('message_type'), smallint('message_source_type'),
      nvarchar('message', -1), bigint('extended_info_id'), nvarchar('package_name', 260), nvarchar('event_name', 1024),
      nvarchar('message_source_name', 4000), nvarchar('message_source_id', 38), nvarchar('subcomponent_name', 4000), nvarchar('package_path', -1),
      nvarchar('execution_path', -1), int('threadID'), int('message_code'),
    ],
    rows: (ctx) => ctx.store.state.catalog.messages.filter((m) => m.package_name !== null).map((m) => [
      m.operation_message_id, m.operation_id, dto(m.message_time), m.message_type, m.message_source_type, m.message, null, m.package_name,
      m.event_name, m.message_source_name, null, null, null, null, null, null,
    ]),
  },
];

export function findView(database: string, schema: string, name: string): View | null {
  const d = database.toLowerCase();
  const s = schema.toLowerCase();
  const n = name.toLowerCase();
  return VIEWS.find((v) => v.name === n && v.schema === s && (v.database === '*' || v.database.toLowerCase() === d)) ?? null;
}
