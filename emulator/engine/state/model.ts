/**
 * The instance's persistent state: msdb (Agent, proxies, package store), server credentials and SSISDB.
 * Plain JSON-safe data (dates as ISO text, large binaries as blob hashes) so that a transaction snapshot
 * is a plain deep copy and persistence is one JSON file.
 */
export interface JobStep {
  step_id: number;
  step_uid: string;
  step_name: string;
  subsystem: string;
  command: string | null;
  additional_parameters: string | null;
  cmdexec_success_code: number;
  on_success_action: number;
  on_success_step_id: number;
  on_fail_action: number;
  on_fail_step_id: number;
  server: string | null;
  database_name: string | null;
  database_user_name: string | null;
  retry_attempts: number;
  retry_interval: number;
  os_run_priority: number;
  output_file_name: string | null;
  flags: number;
  proxy_id: number | null;
  last_run_outcome: number;
  last_run_duration: number;
  last_run_retries: number;
  last_run_date: number;
  last_run_time: number;
}

export interface Job {
  job_id: string;
  originating_server_id: number;
  name: string;
  enabled: number;
  description: string;
  start_step_id: number;
  category_id: number;
  owner: string;
  notify_level_eventlog: number;
  notify_level_email: number;
  notify_level_netsend: number;
  notify_level_page: number;
  delete_level: number;
  date_created: string;
  date_modified: string;
  version_number: number;
  /** Target servers (0 = local). */
  servers: number[];
  steps: JobStep[];
  last_run_date: number;
  last_run_time: number;
  last_run_outcome: number;
  last_run_duration: number;
  last_outcome_message: string;
}

export interface Category {
  category_id: number;
  category_class: number;
  category_type: number;
  name: string;
}

export interface HistoryRow {
  instance_id: number;
  job_id: string;
  step_id: number;
  step_name: string;
  sql_message_id: number;
  sql_severity: number;
  message: string;
  run_status: number;
  run_date: number;
  run_time: number;
  run_duration: number;
  operator_id_emailed: number;
  operator_id_netsent: number;
  operator_id_paged: number;
  retries_attempted: number;
  server: string;
}

export interface ActivityRow {
  session_id: number;
  job_id: string;
  run_requested_date: string | null;
  run_requested_source: string | null;
  queued_date: string | null;
  start_execution_date: string | null;
  last_executed_step_id: number | null;
  last_executed_step_date: string | null;
  stop_execution_date: string | null;
  job_history_id: number | null;
  next_scheduled_run_date: string | null;
}

export interface AgentSession {
  session_id: number;
  agent_start_date: string;
}

export interface Credential {
  credential_id: number;
  name: string;
  credential_identity: string;
  /** scrypt of the secret with a per-credential salt; the secret itself is never kept. */
  secret_hash: string | null;
  secret_salt: string | null;
  create_date: string;
  modify_date: string;
}

export interface Proxy {
  proxy_id: number;
  name: string;
  credential_id: number;
  enabled: number;
  description: string | null;
  user_sid: string;
  credential_date_created: string;
}

export interface ProxyLogin {
  proxy_id: number;
  name: string;
  /** 0 login, 1 fixed server role, 2 msdb role. */
  flags: number;
}

export interface PackageFolder {
  folderid: string;
  parentfolderid: string | null;
  foldername: string;
}

export interface StoredPackage {
  name: string;
  id: string;
  description: string | null;
  createdate: string | null;
  folderid: string;
  owner: string;
  blob: string;
  size: number;
  packageformat: number;
  packagetype: number;
  vermajor: number;
  verminor: number;
  verbuild: number;
  vercomments: string | null;
  verid: string;
  isencrypted: number;
  readrole: string | null;
  writerole: string | null;
}

export interface CatalogFolder {
  folder_id: number;
  name: string;
  description: string | null;
  created_by_name: string;
  created_time: string;
}

export interface CatalogPackage {
  package_id: number;
  name: string;
  package_guid: string;
  description: string | null;
  entry_point: number;
  version_major: number;
  version_minor: number;
  version_build: number;
  /** Absent in state written before the emulator recorded them. */
  version_comments?: string | null;
  version_guid?: string | null;
  package_format_version?: number;
}

export interface CatalogParameter {
  object_type: number;
  object_name: string;
  parameter_name: string;
  data_type: string;
  required: number;
  sensitive: number;
  design_default_value: string | null;
}

export interface CatalogProject {
  project_id: number;
  folder_id: number;
  name: string;
  description: string | null;
  project_format_version: number;
  deployed_by_name: string;
  last_deployed_time: string;
  created_time: string;
  object_version_lsn: number;
  blob: string;
  packages: CatalogPackage[];
  parameters: CatalogParameter[];
}

export interface Operation {
  operation_id: number;
  operation_type: number;
  created_time: string;
  object_type: number;
  object_id: number;
  object_name: string;
  status: number;
  start_time: string | null;
  end_time: string | null;
  caller_name: string;
  process_id: number | null;
  stopped_by_name: string | null;
  server_name: string;
  machine_name: string;
}

export interface ExecutionParameter {
  object_type: number;
  parameter_name: string;
  value: string | number | boolean | null;
  data_type: string;
}

export interface Execution {
  execution_id: number;
  folder_name: string;
  project_name: string;
  package_name: string;
  reference_id: number | null;
  use32bitruntime: number;
  project_id: number;
  project_lsn: number;
  parameters: ExecutionParameter[];
}

export interface OperationMessage {
  operation_message_id: number;
  operation_id: number;
  message_time: string;
  message_type: number;
  message_source_type: number;
  message: string;
  package_name: string | null;
  event_name: string | null;
  message_source_name: string | null;
}

export interface State {
  version: 1;
  counters: Record<'history' | 'category' | 'credential' | 'proxy' | 'session' | 'catalogFolder' | 'project' | 'package' | 'operation' | 'message' | 'lsn', number>;
  jobs: Job[];
  categories: Category[];
  history: HistoryRow[];
  activity: ActivityRow[];
  agentSessions: AgentSession[];
  credentials: Credential[];
  proxies: Proxy[];
  proxySubsystems: { proxy_id: number; subsystem_id: number }[];
  proxyLogins: ProxyLogin[];
  packageFolders: PackageFolder[];
  packages: StoredPackage[];
  catalog: {
    folders: CatalogFolder[];
    projects: CatalogProject[];
    operations: Operation[];
    executions: Execution[];
    messages: OperationMessage[];
  };
}

export const ROOT_FOLDER = '00000000-0000-0000-0000-000000000000';
export const MAINTENANCE_PLANS_FOLDER = '08AA12D5-8F98-4DAB-A4FC-980B150A5DC8';

export function initialState(): State {
  return {
    version: 1,
    counters: { history: 0, category: 100, credential: 100, proxy: 0, session: 0, catalogFolder: 0, project: 0, package: 0, operation: 0, message: 0, lsn: 0 },
    jobs: [],
    // The job categories a fresh msdb has (class 1 = job; type 1 local, 2 multiserver).
    categories: [
      { category_id: 0, category_class: 1, category_type: 1, name: '[Uncategorized (Local)]' },
      { category_id: 1, category_class: 1, category_type: 1, name: 'Jobs from MSX' },
      { category_id: 2, category_class: 1, category_type: 2, name: '[Uncategorized (Multi-Server)]' },
      { category_id: 3, category_class: 1, category_type: 1, name: 'Database Maintenance' },
      { category_id: 4, category_class: 1, category_type: 1, name: 'Full-Text' },
      { category_id: 5, category_class: 1, category_type: 1, name: 'Log Shipping' },
      { category_id: 6, category_class: 1, category_type: 1, name: 'Database Engine Tuning Advisor' },
      { category_id: 7, category_class: 1, category_type: 1, name: 'Data Collector' },
      { category_id: 98, category_class: 2, category_type: 3, name: '[Uncategorized]' },
      { category_id: 99, category_class: 3, category_type: 3, name: '[Uncategorized]' },
    ],
    history: [],
    activity: [],
    agentSessions: [],
    credentials: [],
    proxies: [],
    proxySubsystems: [],
    proxyLogins: [],
    packageFolders: [
      { folderid: ROOT_FOLDER, parentfolderid: null, foldername: '' },
      { folderid: MAINTENANCE_PLANS_FOLDER, parentfolderid: ROOT_FOLDER, foldername: 'Maintenance Plans' },
    ],
    packages: [],
    catalog: { folders: [], projects: [], operations: [], executions: [], messages: [] },
  };
}
