/** A TDS TYPE_INFO in normalised (nullable) form, plus how it maps to the engine's SqlType. */
import type { ColumnDef, SqlType, SqlValue } from '../../engine/types.js';
import { MAX_LENGTH_MARKER, TypeId } from './type-ids.js';

export interface WireType {
  /** Nullable TDS type byte: INTN, BITN, FLTN, DATETIMN, MONEYN, GUID, DECIMALN, the date family, (N)VARCHAR ... */
  readonly id: number;
  /** Byte length for INTN/FLTN/...; max bytes for (N)VARCHAR/VARBINARY; MAX_LENGTH_MARKER for (max). */
  readonly length: number;
  readonly precision: number;
  readonly scale: number;
  /** 5 collation bytes for character types. */
  readonly collation: Buffer | null;
}

/** SQL_Latin1_General_CP1_CI_AS: LCID 0x0409, flags 0xD0 (CI, AS, KS? width), sort id 52. */
export const DEFAULT_COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);

export function isPlp(t: WireType): boolean {
  return (
    t.length === MAX_LENGTH_MARKER &&
    (t.id === TypeId.NVARCHAR || t.id === TypeId.BIGVARCHAR || t.id === TypeId.BIGVARBINARY || t.id === TypeId.NCHAR || t.id === TypeId.BIGCHAR || t.id === TypeId.BIGBINARY)
  ) || t.id === TypeId.XML;
}

function wire(id: number, length: number, extra: Partial<WireType> = {}): WireType {
  return { id, length, precision: extra.precision ?? 0, scale: extra.scale ?? 0, collation: extra.collation ?? null };
}

export const Wire = {
  int: (bytes: 1 | 2 | 4 | 8) => wire(TypeId.INTN, bytes),
  bit: () => wire(TypeId.BITN, 1),
  float: (bytes: 4 | 8 = 8) => wire(TypeId.FLTN, bytes),
  guid: () => wire(TypeId.GUID, 16),
  datetime: () => wire(TypeId.DATETIMN, 8),
  datetime2: (scale = 7) => wire(TypeId.DATETIME2N, 0, { scale }),
  datetimeoffset: (scale = 7) => wire(TypeId.DATETIMEOFFSETN, 0, { scale }),
  decimal: (precision = 18, scale = 0) => wire(TypeId.DECIMALN, 1 + (precision <= 9 ? 4 : precision <= 19 ? 8 : precision <= 28 ? 12 : 16), { precision, scale }),
  /** chars = -1 for nvarchar(max). */
  nvarchar: (chars: number) => wire(TypeId.NVARCHAR, chars < 0 || chars > 4000 ? MAX_LENGTH_MARKER : Math.max(1, chars) * 2, { collation: DEFAULT_COLLATION }),
  /** bytes = -1 for varbinary(max). */
  varbinary: (bytes: number) => wire(TypeId.BIGVARBINARY, bytes < 0 || bytes > 8000 ? MAX_LENGTH_MARKER : Math.max(1, bytes)),
};

/** The engine-facing type of a wire type. */
export function sqlTypeOf(t: WireType): SqlType {
  switch (t.id) {
    case TypeId.INTN:
      return t.length === 1 ? 'tinyint' : t.length === 2 ? 'smallint' : t.length === 8 ? 'bigint' : 'int';
    case TypeId.BITN:
      return 'bit';
    case TypeId.FLTN:
      return 'float';
    case TypeId.GUID:
      return 'uniqueidentifier';
    case TypeId.DATETIMN:
      return 'datetime';
    case TypeId.DATEN:
    case TypeId.TIMEN:
    case TypeId.DATETIME2N:
      return 'datetime2';
    case TypeId.DATETIMEOFFSETN:
      return 'datetimeoffset';
    case TypeId.DECIMALN:
    case TypeId.NUMERICN:
    case TypeId.MONEYN:
      return 'decimal';
    case TypeId.BIGVARCHAR:
    case TypeId.BIGCHAR:
      return 'varchar';
    case TypeId.BIGVARBINARY:
    case TypeId.BIGBINARY:
      return 'varbinary';
    default:
      return 'nvarchar';
  }
}

/** A result column's wire type; text is always NVARCHAR, and a declared length too short for the data grows to (max). */
export function wireTypeOfColumn(col: ColumnDef, values: Iterable<SqlValue>): WireType {
  switch (col.type) {
    case 'int':
      return Wire.int(4);
    case 'bigint':
      return Wire.int(8);
    case 'smallint':
      return Wire.int(2);
    case 'tinyint':
      return Wire.int(1);
    case 'bit':
      return Wire.bit();
    case 'float':
      return Wire.float(8);
    case 'uniqueidentifier':
      return Wire.guid();
    case 'datetime':
      return Wire.datetime();
    case 'datetime2':
      return Wire.datetime2(col.scale ?? 7);
    case 'datetimeoffset':
      return Wire.datetimeoffset(col.scale ?? 7);
    case 'decimal':
      return Wire.decimal(col.precision ?? 18, col.scale ?? 0);
    case 'varbinary': {
      let bytes = col.length ?? 8000;
      if (bytes >= 0) for (const v of values) if (Buffer.isBuffer(v) && v.length > bytes) bytes = -1;
      return Wire.varbinary(bytes);
    }
    case 'nvarchar':
    case 'varchar': {
      let chars = col.length ?? 4000;
      if (chars >= 0) for (const v of values) if (v !== null && String(v).length > chars) chars = -1;
      return Wire.nvarchar(chars);
    }
  }
}
