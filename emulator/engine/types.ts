/**
 * The seam between the TDS protocol layer (emulator/tds, emulator/server) and the SQL Server it emulates
 * (emulator/engine: msdb, SSISDB, the Agent). The protocol layer decodes requests into these shapes and
 * encodes the outcome as TDS tokens; the engine never sees bytes.
 */

/** A value as it travels in a parameter or a row. bigint columns may be given as bigint or number. */
export type SqlValue = null | string | number | bigint | boolean | Buffer | Date;

/** The SQL Server types the emulator speaks (text is always sent as NVARCHAR). */
export type SqlType =
  | 'nvarchar'
  | 'varchar'
  | 'int'
  | 'bigint'
  | 'smallint'
  | 'tinyint'
  | 'bit'
  | 'uniqueidentifier'
  | 'varbinary'
  | 'datetime'
  | 'datetime2'
  | 'datetimeoffset'
  | 'float'
  | 'decimal';

export interface ColumnDef {
  readonly name: string;
  readonly type: SqlType;
  /** Characters for nvarchar/varchar, bytes for varbinary; -1 means (max). */
  readonly length?: number;
  readonly nullable?: boolean;
  readonly precision?: number;
  readonly scale?: number;
}

export interface ResultSet {
  readonly columns: readonly ColumnDef[];
  readonly rows: readonly (readonly SqlValue[])[];
}

/** An INFO (severity <= 10) or ERROR (severity > 10) message, in the order the server raised it. */
export interface SqlMessage {
  readonly number: number;
  readonly severity: number;
  readonly state: number;
  readonly message: string;
  readonly procName?: string;
  readonly lineNumber?: number;
}

/** One column of a table-valued parameter as the client described it. */
export interface TableColumn {
  readonly type: SqlType;
  /** Characters for nvarchar/varchar, bytes for varbinary; -1 means (max). */
  readonly length?: number;
  /** fDefault: the client sends no values for this column; the table type's default applies. */
  readonly isDefault: boolean;
}

/** A table-valued parameter (TDS type 0xF3) as the client sent it. */
export interface TableValue {
  /** TVP_TYPENAME as sent; '' for parts the client left out (a stored procedure call may omit them all). */
  readonly typeName: { readonly database: string; readonly schema: string; readonly name: string };
  /** null for TVP_NULL_TOKEN: the parameter takes its default, an empty table. */
  readonly columns: readonly TableColumn[] | null;
  /** Values in column order (null where a column is fDefault). */
  readonly rows: readonly (readonly SqlValue[])[];
}

/** A parameter as the client sent it. `name` is without '@' and lower-cased; null for positional ones. */
export interface ProcParam {
  readonly name: string | null;
  readonly value: SqlValue;
  readonly output: boolean;
  /** The type the client declared, when known (RPC always; T-SQL literals are inferred). */
  readonly type?: SqlType;
  /** Set for a table-valued parameter; `value` is then null. */
  readonly table?: TableValue;
}

/** What a procedure or statement produced; the protocol layer turns it into tokens. */
export interface Outcome {
  readonly resultSets: readonly ResultSet[];
  readonly messages: readonly SqlMessage[];
  /** RETURN value; procedures return 0 on success and 1 on failure (Agent convention). */
  readonly returnStatus: number;
  /** OUTPUT parameter values by parameter name (lower-case, without '@'). */
  readonly outputs: Readonly<Record<string, SqlValue>>;
  /** Rows affected, for DONE counts (optional). */
  readonly rowCount?: number;
}

/** Who is calling: built at login and carried per connection. */
export interface Session {
  readonly id: number;
  readonly serverName: string;
  readonly login: string;
  /** Server roles (sysadmin) and msdb/SSISDB roles (SQLAgentUserRole, db_ssisadmin, ssis_admin ...). */
  readonly roles: ReadonlySet<string>;
  /** True for SQL Server authentication (every login here); the SSISDB catalog refuses those by default. */
  readonly isSqlLogin: boolean;
  readonly appName: string;
  database: string;
  /** Set while the client holds an open transaction (TDS transaction manager requests). */
  transaction: TransactionHandle | null;
}

/** Opaque to the protocol layer; the engine keeps whatever it needs to roll back. */
export interface TransactionHandle {
  readonly descriptor: bigint;
}

/**
 * The emulated SQL Server instance. One per `--listen NAME=HOST:PORT`. Every method resolves (never
 * rejects) for SQL-level failures: those are ERROR messages in the Outcome. A rejection is an emulator bug
 * and the protocol layer reports it as error 50000 without crashing.
 */
export interface EngineInstance {
  readonly serverName: string;
  /**
   * Checks a SQL login; returns null when the name or password is wrong (protocol answers 18456).
   * `windows` marks the one-time logins of Agent steps and catalog runs, which stand in for Windows
   * identities (the Agent service account, a proxy, the caller): their sessions are not SQL logins.
   */
  authenticate(login: string, password: string): { login: string; roles: ReadonlySet<string>; windows?: boolean } | null;
  /** Where clients reach this instance ("host,port"), told by the listener once it listens. */
  setListenAddress?(host: string, port: number): void;
  /**
   * Runs a procedure. `name` is as the client wrote it (brackets, any case, with or without db/schema);
   * the engine normalises it and binds named and positional parameters with the procedure's signature.
   * Unknown procedures answer error 2812.
   */
  callProcedure(session: Session, name: string, params: readonly ProcParam[], signal: AbortSignal): Promise<Outcome>;
  /**
   * Runs a statement the T-SQL front end could not handle itself (a parameterized SELECT against a
   * view or table). Unsupported text answers a clear "not supported by the emulator" error.
   */
  query(session: Session, text: string, params: readonly ProcParam[], signal: AbortSignal): Promise<Outcome>;
  /** Transaction manager requests from the client. */
  begin(session: Session): Promise<TransactionHandle>;
  commit(session: Session): Promise<void>;
  rollback(session: Session): Promise<void>;
  /** Values for @@VERSION, SERVERPROPERTY('ProductVersion') and the like. */
  readonly version: { readonly product: string; readonly major: number; readonly versionString: string };
  close(): Promise<void>;
}

/** A login declared for an emulated server (besides `sa`, which is always sysadmin). */
export interface LoginConfig {
  readonly name: string;
  readonly password: string;
  /** e.g. ['SQLAgentUserRole'], ['SQLAgentOperatorRole', 'db_ssisadmin'], ['sysadmin'], ['ssis_admin']. */
  readonly roles: readonly string[];
}

export interface EngineOptions {
  /** @@SERVERNAME. */
  readonly serverName: string;
  readonly saPassword: string;
  readonly logins?: readonly LoginConfig[];
  /** Where this instance keeps its state; null/undefined keeps it in memory. */
  readonly dataDir?: string | null;
  /** 'stopped' makes sp_start_job answer 22022 as when the Agent service is not running. */
  readonly agent?: 'running' | 'stopped';
  /** Command that SSIS job steps spawn with the step's command line appended; null = SSIS not installed. */
  readonly dtexec?: string | null;
  /** SQL Server refuses SQL logins on catalog procedures (27123); true lifts that for tests and demos. */
  readonly allowSqlLoginsForCatalog?: boolean;
  readonly log?: (line: string) => void;
}

/** emulator/engine/index.ts exports `createEngine` with this type. */
export type CreateEngine = (options: EngineOptions) => Promise<EngineInstance>;
