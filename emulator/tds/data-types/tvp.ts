/**
 * Table-valued parameters (MS-TDS 2.2.5.5.5): TVPTYPE 0xF3, TVP_TYPENAME (three B_VARCHARs), the column
 * metadata (a count, or 0xFFFF for a NULL table), optional ORDER_UNIQUE / COLUMN_ORDERING tokens, then
 * TVP_ROW tokens (0x01 + one TYPE_VARBYTE per column without fDefault) until TVP_END_TOKEN (0x00).
 */
import type { SqlValue, TableColumn, TableValue } from '../../engine/types.js';
import { ProtocolError, type Reader } from '../bytes.js';
import { readTypeInfo, readValue, type TypeInfo, type ValueLimits } from './read-param.js';
import { TypeId } from './type-ids.js';
import { sqlTypeOf, type WireType } from './wire-type.js';

const TVP_NULL_TOKEN = 0xffff;
const TVP_END_TOKEN = 0x00;
const TVP_ROW_TOKEN = 0x01;
const TVP_ORDER_UNIQUE_TOKEN = 0x10;
const TVP_COLUMN_ORDERING_TOKEN = 0x11;
/** TVP_COLMETADATA flag: the column takes its default and has no values in the rows. */
const F_DEFAULT = 0x0200;
/** SQL Server's limit on columns in a table type. */
const MAX_COLUMNS = 1024;
const DEFAULT_MAX_CELLS = 1_000_000;

function lengthOf(type: WireType): number | undefined {
  if (type.id === TypeId.NVARCHAR || type.id === TypeId.NCHAR) return type.length === 0xffff ? -1 : type.length / 2;
  if (type.id === TypeId.BIGVARCHAR || type.id === TypeId.BIGCHAR || type.id === TypeId.BIGVARBINARY || type.id === TypeId.BIGBINARY) {
    return type.length === 0xffff ? -1 : type.length;
  }
  return undefined;
}

/** Reads what follows the 0xF3 type byte. */
export function readTvp(r: Reader, limits: ValueLimits): TableValue {
  const typeName = { database: r.bVarchar(), schema: r.bVarchar(), name: r.bVarchar() };
  if (typeName.database !== '') throw new ProtocolError('a table-valued parameter type name must not name a database (MS-TDS: DbName is empty)');
  const count = r.u16();
  if (count === TVP_NULL_TOKEN) {
    // A NULL table still ends with the metadata and row terminators.
    if (r.u8() !== TVP_END_TOKEN || r.u8() !== TVP_END_TOKEN) throw new ProtocolError('a NULL table-valued parameter must end with two TVP_END_TOKENs');
    return { typeName, columns: null, rows: [] };
  }
  if (count === 0 || count > MAX_COLUMNS) throw new ProtocolError(`invalid table-valued parameter column count ${count}`);
  const infos: TypeInfo[] = [];
  const columns: TableColumn[] = [];
  for (let i = 0; i < count; i++) {
    r.u32(); // UserType
    const flags = r.u16();
    if (r.buf[r.offset] === TypeId.TVP) throw new ProtocolError('a table-valued parameter column cannot itself be a table');
    const info = readTypeInfo(r);
    r.bVarchar(); // ColName: always empty on the wire
    infos.push(info);
    const length = lengthOf(info.type);
    columns.push({ type: sqlTypeOf(info.type), ...(length !== undefined ? { length } : {}), isDefault: (flags & F_DEFAULT) !== 0 });
  }
  readOptionalTokens(r, count);
  const maxCells = limits.maxTableCells ?? DEFAULT_MAX_CELLS;
  const rows: SqlValue[][] = [];
  for (;;) {
    const token = r.u8();
    if (token === TVP_END_TOKEN) break;
    if (token !== TVP_ROW_TOKEN) throw new ProtocolError(`unexpected token 0x${token.toString(16)} in table-valued parameter rows`);
    if ((rows.length + 1) * count > maxCells) throw new ProtocolError(`table-valued parameter holds more than ${maxCells} values`);
    rows.push(infos.map((info, i) => (columns[i]!.isDefault ? null : readValue(r, info, limits))));
  }
  return { typeName, columns, rows };
}

/** TVP_ORDER_UNIQUE and TVP_COLUMN_ORDERING (at most one each) until the TVP_END_TOKEN of the metadata. */
function readOptionalTokens(r: Reader, columns: number): void {
  const seen = new Set<number>();
  for (;;) {
    const token = r.u8();
    if (token === TVP_END_TOKEN) return;
    if ((token !== TVP_ORDER_UNIQUE_TOKEN && token !== TVP_COLUMN_ORDERING_TOKEN) || seen.has(token)) {
      throw new ProtocolError(`unexpected token 0x${token.toString(16)} in table-valued parameter metadata`);
    }
    seen.add(token);
    const n = r.u16();
    if (n > columns) throw new ProtocolError('table-valued parameter ordering names more columns than the table has');
    for (let i = 0; i < n; i++) {
      const col = r.u16();
      if (col < 1 || col > columns) throw new ProtocolError(`table-valued parameter ordering names column ${col}`);
      if (token === TVP_ORDER_UNIQUE_TOKEN) r.u8();
    }
  }
}
