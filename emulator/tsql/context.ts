/** What statements run against: the engine, the caller's session, the reply being built and the variables. */
import type { EngineInstance, Session, SqlValue, TableValue } from '../engine/types.js';
import type { ResponseBuilder } from '../tds/response.js';
import type { TypeSpec } from './ast.js';

export interface Variable {
  readonly type: TypeSpec;
  value: SqlValue;
  /** An sp_executesql OUTPUT parameter (or a DECLAREd variable): the engine may assign it. */
  readonly output: boolean;
  /** A READONLY table-valued parameter of sp_executesql: passed on as is by EXEC. */
  readonly table?: TableValue;
}

/** Per-connection state the statements change. */
export interface ConnectionState {
  /** BEGIN TRAN nesting (@@TRANCOUNT). */
  tranCount: number;
}

export interface ExecutionContext {
  readonly engine: EngineInstance;
  readonly session: Session;
  readonly signal: AbortSignal;
  readonly out: ResponseBuilder;
  /** 'batch': a SQL_BATCH; 'rpc': the statements of an sp_executesql call. */
  readonly mode: 'batch' | 'rpc';
  readonly vars: Map<string, Variable>;
  readonly connection: ConnectionState;
  /** @@ERROR and @@ROWCOUNT of the last statement. */
  lastError: number;
  rowCount: number;
}

/** Databases an emulated instance has (USE and the login database are checked against these). */
export const DATABASES = ['master', 'msdb', 'SSISDB', 'tempdb', 'model'] as const;

export function canonicalDatabase(name: string): string | null {
  const bare = name.replace(/^\[(.*)\]$/, '$1');
  return DATABASES.find((d) => d.toLowerCase() === bare.toLowerCase()) ?? null;
}
