/** What a procedure is: its SQL Server signature and its body. */
import type { Outcome, ResultSet, Session, SqlMessage, SqlValue } from '../types.js';
import type { ParamType } from './convert.js';
import type { EngineContext } from '../context.js';
import type { BoundTable, TableType } from './table-param.js';

export interface ParamSpec {
  /** Lower-case, without '@'. */
  readonly name: string;
  /** 'table' = a READONLY table-valued parameter of `tableType` (its default is always an empty table). */
  readonly type: ParamType | 'table';
  readonly tableType?: TableType;
  /** Characters or bytes; -1 = (max). */
  readonly length?: number;
  /** Absent means the parameter has no default (201 when not supplied). */
  readonly default?: SqlValue;
  readonly output?: boolean;
}

export interface ProcDef {
  readonly database: 'msdb' | 'SSISDB';
  readonly schema: 'dbo' | 'catalog';
  /** Lower-case name. */
  readonly name: string;
  readonly params: readonly ParamSpec[];
  /** Changes state: runs under the write lock with a snapshot to undo a failed call. */
  readonly writes: boolean;
  /** Who has EXECUTE permission (others get 229); absent = everyone. */
  readonly allowed?: (session: Session) => boolean;
  run(call: ProcCall): void | Promise<void>;
}

/** A bound call: typed arguments, what the caller actually passed, and the reply being built. */
export interface ProcCall {
  readonly session: Session;
  readonly ctx: EngineContext;
  readonly args: ReadonlyMap<string, SqlValue>;
  /** Table-valued parameters, bound to their table type (absent ones are empty). */
  readonly tables: ReadonlyMap<string, BoundTable>;
  /** Names of parameters the caller passed (so "not passed" differs from "passed NULL"). */
  readonly passed: ReadonlySet<string>;
  readonly procName: string;
  readonly signal: AbortSignal;
  readonly reply: Reply;
}

/** Collects what a procedure returns; errors are thrown as SqlError instead. */
export class Reply {
  readonly resultSets: ResultSet[] = [];
  readonly messages: SqlMessage[] = [];
  readonly outputs = new Map<string, SqlValue>();
  returnStatus = 0;
  /** Rows affected, for statements sent through query(). */
  rowCount: number | null = null;
  /** Work to await after the write lock is released (e.g. a SYNCHRONIZED catalog execution). */
  after: (() => Promise<void>) | null = null;

  resultSet(rs: ResultSet): void {
    this.resultSets.push(rs);
  }

  /** An informational RAISERROR; msdb raises its success messages with severity 0 (RAISERROR(n, 0, 1)). */
  info(number: number, message: string, procName?: string, severity = 0): void {
    this.messages.push({ number, severity, state: 1, message, ...(procName ? { procName } : {}) });
  }

  /** PRINT output and severity-0 RAISERROR messages. */
  print(message: string, number = 0): void {
    this.messages.push({ number, severity: 0, state: 1, message });
  }

  output(name: string, value: SqlValue): void {
    this.outputs.set(name, value);
  }
}

export type { Outcome };
