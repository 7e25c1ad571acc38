/**
 * Registered SQL Servers and what the Servers pane shows of them (like SSMS Object Explorer).
 * Produced by electron/services/servers from the servers themselves; read-only everywhere else.
 * No password is ever part of these types: secrets live in electron/services/secrets only.
 */

export type ServerAuthentication = 'sql' | 'windows' | 'entra-password';
/** 'optional': encrypt the login only; 'mandatory': TLS for everything; 'strict': TDS 8 (TLS first, always validated). */
export type ServerEncryption = 'mandatory' | 'optional' | 'strict';

export const SERVER_AUTHENTICATIONS: readonly ServerAuthentication[] = ['sql', 'windows', 'entra-password'];
export const SERVER_ENCRYPTIONS: readonly ServerEncryption[] = ['mandatory', 'optional', 'strict'];

/** What the user types in the Add Server dialog (everything but the password). */
export interface ServerDraft {
  readonly displayName: string;
  /** `host` or `host\instance` (the instance is resolved through SQL Server Browser unless a port is given). */
  readonly host: string;
  /** null: 1433, or the named instance's port from SQL Server Browser. */
  readonly port: number | null;
  readonly authentication: ServerAuthentication;
  /** SQL login; `DOMAIN\user` for Windows; `user@tenant` for Microsoft Entra. */
  readonly userName: string;
  readonly encrypt: ServerEncryption;
  /** Accept the server's certificate without validating it (ignored with 'strict', as in SQL Server's drivers). */
  readonly trustServerCertificate: boolean;
  /** Optional CA/self-signed certificate (PEM) to validate the server's certificate against; public, not a secret. */
  readonly certificatePem?: string | null;
}

export interface ServerRegistration extends ServerDraft {
  readonly id: string;
}

/** A registration as the list shows it: whether a password is saved, so the UI knows to ask for one. */
export interface ServerListEntry extends ServerRegistration {
  readonly passwordSaved: boolean;
  /**
   * A local emulated SQL Server that `npm start` (or Servers → Start Local Emulators) started and registered
   * for this session only: it is not saved in the server list and its password is held in memory.
   * Absent or false for servers the user registered.
   */
  readonly localEmulator?: boolean;
}

export type SecretStoreKind = 'safeStorage' | 'libsecret' | 'memory';

export interface ServerList {
  readonly servers: readonly ServerListEntry[];
  /** Where passwords go; 'memory' means they are asked again at the next start (say so in the dialog). */
  readonly secretStore: { readonly kind: SecretStoreKind; readonly persistent: boolean };
}

/** The caller's roles that decide what the app may do there; null = the server could not tell. */
export interface ServerRoles {
  readonly sysadmin: boolean | null;
  readonly sqlAgentUserRole: boolean | null;
  readonly sqlAgentReaderRole: boolean | null;
  readonly sqlAgentOperatorRole: boolean | null;
  readonly dbSsisAdmin: boolean | null;
  readonly dbSsisLtdUser: boolean | null;
  readonly dbSsisOperator: boolean | null;
}

export type AgentServiceState = 'running' | 'stopped' | 'unknown';

/** What Test Connection shows. */
export interface ServerInfo {
  /** @@SERVERNAME. */
  readonly serverName: string;
  /** SERVERPROPERTY('ProductVersion'), e.g. 16.0.1000.6. */
  readonly productVersion: string;
  readonly majorVersion: number | null;
  /** SERVERPROPERTY('Edition'). */
  readonly edition: string;
  /** @@VERSION (first line). */
  readonly versionText: string;
  /** The login the server sees (SUSER_SNAME()). */
  readonly login: string;
  readonly agent: AgentServiceState;
  /** Why `agent` is 'unknown' (e.g. no VIEW SERVER STATE); null otherwise. */
  readonly agentDetail: string | null;
  /** SSISDB exists (true), does not (false), or could not be checked (null). */
  readonly ssisdb: boolean | null;
  /** msdb's Agent lists the SSIS subsystem (Integration Services installed); null = not visible to this login. */
  readonly ssisSubsystem: boolean | null;
  readonly roles: ServerRoles;
  /** Round trip of the checks, for the dialog. */
  readonly elapsedMs: number;
}

// ---- Stored Packages → MSDB ----

export interface MsdbPackage {
  readonly name: string;
  /** The package's DTSID. */
  readonly id: string;
  readonly folderId: string;
  readonly description: string | null;
  readonly createDate: string | null;
  readonly sizeBytes: number | null;
  /** "major.minor.build". */
  readonly version: string;
  readonly versionComments: string | null;
  readonly versionId: string | null;
}

export interface MsdbFolder {
  readonly folderId: string;
  /** Empty for the root ("MSDB"). */
  readonly name: string;
  /** Path from the root as the job command writes it, e.g. "\\Sales\\Daily" ("" for the root). */
  readonly path: string;
  readonly folders: readonly MsdbFolder[];
  readonly packages: readonly MsdbPackage[];
}

// ---- Integration Services Catalogs → SSISDB ----

export interface CatalogPackage {
  readonly packageId: number;
  /** With the .dtsx suffix, as the catalog stores it. */
  readonly name: string;
  readonly entryPoint: boolean;
  readonly description: string | null;
  readonly version: string;
}

/** A project of Integration Services Catalogs → SSISDB, by its folder's name and its own. */
export interface CatalogProjectRef {
  readonly folder: string;
  readonly project: string;
}

export interface CatalogProject {
  readonly projectId: number;
  readonly name: string;
  readonly description: string | null;
  readonly lastDeployedTime: string | null;
  readonly deployedBy: string | null;
  readonly packages: readonly CatalogPackage[];
}

export interface CatalogFolder {
  readonly folderId: number;
  readonly name: string;
  readonly description: string | null;
  readonly projects: readonly CatalogProject[];
}

export interface CatalogTree {
  /** false: there is no SSISDB on this server (the node shows "not created"). */
  readonly present: boolean;
  readonly folders: readonly CatalogFolder[];
  /** Set when SSISDB exists but this login cannot read it. */
  readonly detail: string | null;
}

// ---- SQL Server Agent → Jobs ----

export type JobOutcome = 'failed' | 'succeeded' | 'retry' | 'canceled' | 'in-progress' | 'unknown';
export type JobExecutionStatus =
  | 'executing'
  | 'waiting-for-thread'
  | 'between-retries'
  | 'idle'
  | 'suspended'
  | 'obsolete'
  | 'performing-completion-actions'
  | 'unknown';

export interface AgentJob {
  readonly jobId: string;
  readonly name: string;
  readonly enabled: boolean;
  readonly description: string | null;
  readonly category: string | null;
  readonly owner: string | null;
  /** null: the job never ran. */
  readonly lastOutcome: JobOutcome | null;
  /** Server local time, ISO 8601 without offset (SQL Server Agent stores no time zone); null = never ran. */
  readonly lastRunAt: string | null;
  readonly currentStatus: JobExecutionStatus;
  /** Name of the running step, when executing. */
  readonly currentStep: string | null;
  readonly hasSteps: boolean;
  readonly hasTarget: boolean;
  readonly dateCreated: string | null;
  readonly dateModified: string | null;
}

export interface JobHistoryRow {
  readonly instanceId: number;
  /** 0 = the job-outcome row. */
  readonly stepId: number;
  readonly stepName: string | null;
  readonly outcome: JobOutcome;
  /** Start of the step or job, server local time, ISO 8601 without offset. */
  readonly runAt: string | null;
  readonly durationSeconds: number;
  readonly message: string;
  readonly sqlMessageId: number;
  readonly sqlSeverity: number;
  readonly retriesAttempted: number;
  readonly server: string | null;
}

// ---- SQL Server Agent → Proxies ----

export interface AgentProxy {
  readonly proxyId: number;
  readonly name: string;
  /** The credential's name; null when this login may not see it. */
  readonly credentialName: string | null;
  /** The Windows identity; returned only to sysadmin. */
  readonly credentialIdentity: string | null;
  readonly enabled: boolean;
  readonly description: string | null;
  /** Subsystem names granted (e.g. "SSIS"); null when this login may not see the grants. */
  readonly subsystems: readonly string[] | null;
}

export type BrowseNode = 'msdb' | 'catalog' | 'jobs' | 'proxies';

export type BrowseResult =
  | { readonly node: 'msdb'; readonly root: MsdbFolder }
  | { readonly node: 'catalog'; readonly catalog: CatalogTree }
  | { readonly node: 'jobs'; readonly jobs: readonly AgentJob[] }
  | { readonly node: 'proxies'; readonly proxies: readonly AgentProxy[] };

/** The msdb package store's root folder id (sqlserver.md §2.1). */
export const MSDB_ROOT_FOLDER_ID = '00000000-0000-0000-0000-000000000000';
