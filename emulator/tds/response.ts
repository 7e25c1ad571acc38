/**
 * Composes one reply message out of tokens. Tracks whether an ERROR token was written since the last DONE
 * so the next DONE* carries the ERROR bit (tedious needs the token; the bit keeps FreeTDS and others right).
 */
import type { ResultSet, SqlMessage, SqlValue } from '../engine/types.js';
import { Writer } from './bytes.js';
import { wireTypeOfColumn, type WireType } from './data-types/wire-type.js';
import { writeColMetadata, type ColumnMeta } from './tokens/colmetadata.js';
import { CurCmd, DoneStatus, writeDone, type DoneKind } from './tokens/done.js';
import { descriptorBytes, EnvChangeType, writeEnvChangeBytes, writeEnvChangeText } from './tokens/envchange.js';
import { writeMessage } from './tokens/message.js';
import { writeReturnStatus } from './tokens/return-status.js';
import { writeReturnValue } from './tokens/return-value.js';
import { writeRow } from './tokens/row.js';

/** Error number for failures inside the emulator itself (an engine exception, a value that can't be encoded). */
export const EMULATOR_ERROR = 50000;

export class ResponseBuilder {
  readonly w = new Writer(1024);
  private errorPending = false;
  /** Any ERROR token in the whole reply. */
  hadError = false;
  lastErrorNumber = 0;

  constructor(private readonly serverName: string) {}

  message(m: SqlMessage): void {
    writeMessage(this.w, {
      number: m.number,
      state: m.state,
      severity: m.severity,
      message: m.message,
      serverName: this.serverName,
      procName: m.procName,
      lineNumber: m.lineNumber,
    });
    if (m.severity > 10) {
      this.errorPending = true;
      this.hadError = true;
      this.lastErrorNumber = m.number;
    }
  }

  messages(ms: readonly SqlMessage[]): void {
    for (const m of ms) this.message(m);
  }

  error(number: number, message: string, severity = 16, state = 1, procName?: string): void {
    this.message({ number, severity, state, message, procName });
  }

  info(number: number, message: string): void {
    this.message({ number, severity: 0, state: 1, message });
  }

  /**
   * COLMETADATA, ROWs and the closing DONE/DONEINPROC with the row count. A value that cannot be encoded
   * replaces the whole result set with error 50000.
   */
  resultSet(rs: ResultSet, doneKind: DoneKind): void {
    const mark = this.w.length;
    try {
      const columns: ColumnMeta[] = rs.columns.map((c, i) => ({
        name: c.name,
        nullable: c.nullable ?? true,
        type: wireTypeOfColumn(c, rowValues(rs, i)),
      }));
      writeColMetadata(this.w, columns);
      for (const row of rs.rows) writeRow(this.w, columns, row);
      this.done(doneKind, DoneStatus.MORE | DoneStatus.COUNT, CurCmd.SELECT, rs.rows.length);
    } catch (e) {
      this.w.truncate(mark);
      this.error(EMULATOR_ERROR, `The SQL Server Agent emulator could not encode a result set: ${errorText(e)}`);
      this.done(doneKind, DoneStatus.MORE, CurCmd.SELECT);
    }
  }

  returnStatus(status: number): void {
    writeReturnStatus(this.w, status);
  }

  /** Returns false (and writes nothing) when the value does not fit the parameter's type. */
  returnValue(ordinal: number, name: string, type: WireType, value: SqlValue): boolean {
    const mark = this.w.length;
    try {
      writeReturnValue(this.w, ordinal, name, type, value);
      return true;
    } catch (e) {
      this.w.truncate(mark);
      this.error(EMULATOR_ERROR, `The SQL Server Agent emulator could not return ${name}: ${errorText(e)}`);
      return false;
    }
  }

  done(kind: DoneKind, status: number, curCmd: number = CurCmd.NONE, rowCount = 0): void {
    let s = status;
    if (this.errorPending) s |= DoneStatus.ERROR;
    this.errorPending = false;
    writeDone(this.w, kind, s, curCmd, rowCount);
  }

  databaseChange(next: string, prev: string): void {
    writeEnvChangeText(this.w, EnvChangeType.DATABASE, next, prev);
  }

  beginTransaction(descriptor: bigint): void {
    writeEnvChangeBytes(this.w, EnvChangeType.BEGIN_TRAN, descriptorBytes(descriptor), Buffer.alloc(0));
  }

  endTransaction(kind: 'commit' | 'rollback', descriptor: bigint): void {
    writeEnvChangeBytes(this.w, kind === 'commit' ? EnvChangeType.COMMIT_TRAN : EnvChangeType.ROLLBACK_TRAN, Buffer.alloc(0), descriptorBytes(descriptor));
  }

  toBuffer(): Buffer {
    return this.w.toBuffer();
  }
}

function* rowValues(rs: ResultSet, i: number): Iterable<SqlValue> {
  for (const row of rs.rows) yield row[i] ?? null;
}

export function errorText(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
