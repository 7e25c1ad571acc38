/**
 * Table-valued parameters: a procedure parameter of a user-defined table type (READONLY, never OUTPUT,
 * an empty table when not passed) and how a client's TVP binds to it, with SQL Server's errors: 2715 for
 * a type name it cannot find, 500 for a column count that differs, 515 for NULL in a NOT NULL column,
 * 2628 for a value longer than its column, and the usual conversion errors.
 */
import type { SqlValue, TableValue } from '../types.js';
import { convertParam, type ParamType } from './convert.js';
import type { SqlError } from './sql-error.js';
import { raise } from './sql-error.js';

export interface TableTypeColumn {
  readonly name: string;
  readonly type: ParamType;
  /** Characters or bytes; -1 = (max). */
  readonly length: number;
  readonly nullable: boolean;
}

export interface TableType {
  readonly schema: string;
  readonly name: string;
  readonly columns: readonly TableTypeColumn[];
}

/** Rows in the table type's column order, converted to its column types. */
export type BoundTable = readonly (readonly SqlValue[])[];

function display(t: TableValue['typeName']): string {
  return t.schema ? `${t.schema}.${t.name}` : t.name;
}

/** The name a TVP's type is known by in errors (what the client sent, else the parameter's type). */
export function tableTypeLabel(value: TableValue, type?: TableType): string {
  return value.typeName.name ? display(value.typeName) : (type?.name ?? 'table type');
}

/**
 * Binds a client's TVP to `type`. `ordinal` is the parameter's 1-based position in the procedure and
 * `param` its name (without '@'), as SQL Server's messages cite them.
 */
export function bindTable(value: TableValue, type: TableType, ordinal: number, param: string, proc: string): BoundTable {
  const sent = value.typeName;
  // A stored procedure call may leave the type name out; a name given resolves in dbo when it has no schema.
  if (sent.name !== '') {
    const schema = sent.schema === '' ? 'dbo' : sent.schema;
    if (schema.toLowerCase() !== type.schema.toLowerCase() || sent.name.toLowerCase() !== type.name.toLowerCase()) {
      throw raise(2715, 'Column, parameter, or variable #%d: Cannot find data type %ls.', [ordinal, display(sent)], proc, 16, 6);
    }
  }
  if (value.columns === null) return [];
  if (value.columns.length !== type.columns.length) {
    throw raise(500, 'Trying to pass a table-valued parameter with %d column(s) where the corresponding user-defined table type requires %d column(s).', [value.columns.length, type.columns.length], proc);
  }
  const table = `@${param}`;
  return value.rows.map((row) =>
    type.columns.map((col, i) => {
      const v = convertParam(row[i] ?? null, col.type, undefined, value.columns![i]!.type);
      if (v === null) {
        if (!col.nullable) throw raise(515, "Cannot insert the value NULL into column '%ls', table '%ls'; column does not allow nulls. INSERT fails.", [col.name, table], proc, 16, 2);
        return null;
      }
      const size = typeof v === 'string' ? v.length : Buffer.isBuffer(v) ? v.length : 0;
      if (col.length >= 0 && size > col.length) {
        const shown = typeof v === 'string' ? v.slice(0, col.length) : '';
        throw raise(2628, "String or binary data would be truncated in table '%ls', column '%ls'. Truncated value: '%ls'.", [table, col.name, shown], proc, 16, 1);
      }
      return v;
    }),
  );
}

/** SQL Server's 206 for a scalar passed to a table parameter or a table passed to a scalar one. */
export function operandClash(from: string, to: string, proc: string): SqlError {
  return raise(206, 'Operand type clash: %ls is incompatible with %ls', [from, to], proc, 16, 2);
}
