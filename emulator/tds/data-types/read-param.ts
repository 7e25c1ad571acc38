/**
 * Reads a parameter's TYPE_INFO and value (RPC parameter data). Fixed-length types are normalised to their
 * nullable variants so that OUTPUT parameters can be echoed back (possibly as NULL) with the same type.
 */
import type { SqlValue, TableValue } from '../../engine/types.js';
import { ProtocolError, UnsupportedError, type Reader } from '../bytes.js';
import { guidFromWire } from './guid.js';
import { decimalFromWire, moneyFromWire } from './numeric.js';
import { dateFromDays, datetimeFromWire, smalldatetimeFromWire, timeLength, timeUnitsToMs } from './temporal.js';
import { MAX_LENGTH_MARKER, TypeId } from './type-ids.js';
import type { WireType } from './wire-type.js';

export interface TypedValue {
  readonly type: WireType;
  readonly value: SqlValue;
  /** Set for a table-valued parameter (then `value` is null). */
  readonly table?: TableValue;
}

/** Limits on what a single parameter may claim. */
export interface ValueLimits {
  readonly maxValueBytes: number;
  /** Cells (rows × columns) one table-valued parameter may hold; default 1,000,000. */
  readonly maxTableCells?: number;
}

const PLP_NULL = 0xffffffffffffffffn;
const PLP_UNKNOWN = 0xfffffffffffffffen;

function t(id: number, length: number, precision = 0, scale = 0, collation: Buffer | null = null): WireType {
  return { id, length, precision, scale, collation };
}

function readPlp(r: Reader, limits: ValueLimits): Buffer | null {
  const total = r.u64();
  if (total === PLP_NULL) return null;
  if (total !== PLP_UNKNOWN && total > BigInt(limits.maxValueBytes)) throw new ProtocolError('PLP value larger than the limit');
  const chunks: Buffer[] = [];
  let size = 0;
  for (;;) {
    const len = r.u32();
    if (len === 0) break;
    size += len;
    if (size > limits.maxValueBytes) throw new ProtocolError('PLP value larger than the limit');
    chunks.push(r.bytes(len));
  }
  return chunks.length === 1 ? Buffer.from(chunks[0]!) : Buffer.concat(chunks);
}

function readIntValue(r: Reader, len: number): SqlValue {
  switch (len) {
    case 0:
      return null;
    case 1:
      return r.u8();
    case 2:
      return r.i16();
    case 4:
      return r.i32();
    case 8: {
      const v = r.i64();
      return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : v;
    }
    default:
      throw new ProtocolError(`invalid integer length ${len}`);
  }
}

function readFloat(r: Reader, len: number): SqlValue {
  if (len === 0) return null;
  if (len === 4) return r.f32();
  if (len === 8) return r.f64();
  throw new ProtocolError(`invalid float length ${len}`);
}

function readDatetime(r: Reader, len: number): SqlValue {
  if (len === 0) return null;
  if (len === 8) {
    const days = r.i32();
    return datetimeFromWire(days, r.u32());
  }
  if (len === 4) {
    const days = r.u16();
    return smalldatetimeFromWire(days, r.u16());
  }
  throw new ProtocolError(`invalid datetime length ${len}`);
}

function readMoney(r: Reader, len: number): SqlValue {
  if (len === 0) return null;
  if (len === 8) {
    const high = r.i32();
    return moneyFromWire(high, r.u32());
  }
  if (len === 4) return r.i32() / 10_000;
  throw new ProtocolError(`invalid money length ${len}`);
}

function readText(r: Reader, id: number, bytes: Buffer): string {
  return id === TypeId.NVARCHAR || id === TypeId.NCHAR || id === TypeId.NTEXT || id === TypeId.XML ? bytes.toString('utf16le') : bytes.toString('latin1');
}

/**
 * A TYPE_INFO as sent: the type byte plus its declared length, precision, scale and collation, enough to
 * read a value of that type (an RPC parameter's value, or one TVP column of one row).
 */
export interface TypeInfo {
  /** The type byte exactly as sent (fixed-length types included). */
  readonly sent: number;
  /** The normalised (nullable) type that values of this TYPE_INFO are reported with. */
  readonly type: WireType;
}

export function readTypeInfo(r: Reader): TypeInfo {
  const id = r.u8();
  const info = (type: WireType): TypeInfo => ({ sent: id, type });
  switch (id) {
    case TypeId.NULL:
    case TypeId.INT4:
      return info(t(TypeId.INTN, 4));
    case TypeId.INT1:
      return info(t(TypeId.INTN, 1));
    case TypeId.INT2:
      return info(t(TypeId.INTN, 2));
    case TypeId.INT8:
      return info(t(TypeId.INTN, 8));
    case TypeId.BIT:
      return info(t(TypeId.BITN, 1));
    case TypeId.FLT4:
      return info(t(TypeId.FLTN, 4));
    case TypeId.FLT8:
      return info(t(TypeId.FLTN, 8));
    case TypeId.DATETIME:
      return info(t(TypeId.DATETIMN, 8));
    case TypeId.DATETIM4:
      return info(t(TypeId.DATETIMN, 4));
    case TypeId.MONEY:
      return info(t(TypeId.MONEYN, 8));
    case TypeId.MONEY4:
      return info(t(TypeId.MONEYN, 4));
    case TypeId.INTN: {
      const max = r.u8();
      if (![1, 2, 4, 8].includes(max)) throw new ProtocolError(`invalid INTN length ${max}`);
      return info(t(TypeId.INTN, max));
    }
    case TypeId.BITN:
      r.u8();
      return info(t(TypeId.BITN, 1));
    case TypeId.FLTN: {
      const max = r.u8();
      if (max !== 4 && max !== 8) throw new ProtocolError(`invalid FLTN length ${max}`);
      return info(t(TypeId.FLTN, max));
    }
    case TypeId.DATETIMN: {
      const max = r.u8();
      if (max !== 4 && max !== 8) throw new ProtocolError(`invalid DATETIMN length ${max}`);
      return info(t(TypeId.DATETIMN, max));
    }
    case TypeId.MONEYN: {
      const max = r.u8();
      if (max !== 4 && max !== 8) throw new ProtocolError(`invalid MONEYN length ${max}`);
      return info(t(TypeId.MONEYN, max));
    }
    case TypeId.GUID: {
      const max = r.u8();
      if (max !== 16) throw new ProtocolError(`invalid GUID length ${max}`);
      return info(t(TypeId.GUID, 16));
    }
    case TypeId.DECIMALN:
    case TypeId.NUMERICN:
    case TypeId.DECIMAL:
    case TypeId.NUMERIC: {
      const max = r.u8();
      const precision = r.u8();
      const scale = r.u8();
      if (precision < 1 || precision > 38 || scale > precision || max > 17) throw new ProtocolError('invalid DECIMAL type info');
      return info(t(TypeId.DECIMALN, max, precision, scale));
    }
    case TypeId.DATEN:
      return info(t(TypeId.DATEN, 3));
    case TypeId.TIMEN:
    case TypeId.DATETIME2N:
    case TypeId.DATETIMEOFFSETN: {
      const scale = r.u8();
      if (scale > 7) throw new ProtocolError(`invalid time scale ${scale}`);
      return info(t(id, 0, 0, scale));
    }
    case TypeId.NVARCHAR:
    case TypeId.NCHAR:
    case TypeId.BIGVARCHAR:
    case TypeId.BIGCHAR: {
      const max = r.u16();
      const collation = Buffer.from(r.bytes(5));
      if (max !== MAX_LENGTH_MARKER && max > 8000) throw new ProtocolError(`invalid character max length ${max}`);
      return info(t(id, max, 0, 0, collation));
    }
    case TypeId.BIGVARBINARY:
    case TypeId.BIGBINARY: {
      const max = r.u16();
      if (max !== MAX_LENGTH_MARKER && max > 8000) throw new ProtocolError(`invalid binary max length ${max}`);
      return info(t(id, max));
    }
    case TypeId.NTEXT:
    case TypeId.TEXT:
    case TypeId.IMAGE: {
      // Legacy LOB parameters: max length i32, then a collation for the text types.
      r.u32();
      const collation = id === TypeId.IMAGE ? null : Buffer.from(r.bytes(5));
      const normal = id === TypeId.NTEXT ? TypeId.NVARCHAR : id === TypeId.TEXT ? TypeId.BIGVARCHAR : TypeId.BIGVARBINARY;
      return info(t(normal, MAX_LENGTH_MARKER, 0, 0, collation));
    }
    case TypeId.XML: {
      const schemaPresent = r.u8();
      if (schemaPresent) throw new UnsupportedError('XML parameters bound to a schema collection are not supported by the SQL Server Agent emulator');
      return info(t(TypeId.NVARCHAR, MAX_LENGTH_MARKER, 0, 0, Buffer.alloc(5)));
    }
    default:
      throw new UnsupportedError(`parameter data type 0x${id.toString(16)} is not supported by the SQL Server Agent emulator`);
  }
}

/** Reads one value of a TYPE_INFO read before (TYPE_VARBYTE: the length prefix its type uses, then the bytes). */
export function readValue(r: Reader, info: TypeInfo, limits: ValueLimits): SqlValue {
  const { sent, type } = info;
  switch (sent) {
    case TypeId.NULL:
      return null;
    case TypeId.INT1:
    case TypeId.INT2:
    case TypeId.INT4:
    case TypeId.INT8:
      return readIntValue(r, type.length);
    case TypeId.BIT:
      return r.u8() !== 0;
    case TypeId.FLT4:
    case TypeId.FLT8:
      return readFloat(r, type.length);
    case TypeId.DATETIME:
    case TypeId.DATETIM4:
      return readDatetime(r, type.length);
    case TypeId.MONEY:
    case TypeId.MONEY4:
      return readMoney(r, type.length);
    case TypeId.INTN: {
      const len = r.u8();
      if (len !== 0 && len !== type.length) throw new ProtocolError(`INTN value length ${len} differs from ${type.length}`);
      return readIntValue(r, len);
    }
    case TypeId.BITN: {
      const len = r.u8();
      if (len > 1) throw new ProtocolError(`invalid BITN length ${len}`);
      return len === 0 ? null : r.u8() !== 0;
    }
    case TypeId.FLTN:
      return readFloat(r, r.u8());
    case TypeId.DATETIMN:
      return readDatetime(r, r.u8());
    case TypeId.MONEYN:
      return readMoney(r, r.u8());
    case TypeId.GUID: {
      const len = r.u8();
      if (len !== 0 && len !== 16) throw new ProtocolError(`invalid GUID value length ${len}`);
      return len === 0 ? null : guidFromWire(r.bytes(16));
    }
    case TypeId.DECIMALN:
    case TypeId.NUMERICN:
    case TypeId.DECIMAL:
    case TypeId.NUMERIC: {
      const len = r.u8();
      if (len === 0) return null;
      if (len > 17 || len < 2) throw new ProtocolError(`invalid DECIMAL value length ${len}`);
      const sign = r.u8();
      return decimalFromWire(sign === 1, r.bytes(len - 1), type.scale);
    }
    case TypeId.DATEN: {
      const len = r.u8();
      if (len !== 0 && len !== 3) throw new ProtocolError(`invalid DATE length ${len}`);
      return len === 0 ? null : dateFromDays(r.uintN(3));
    }
    case TypeId.TIMEN:
    case TypeId.DATETIME2N:
    case TypeId.DATETIMEOFFSETN: {
      const len = r.u8();
      if (len === 0) return null;
      const tl = timeLength(type.scale);
      const expected = tl + (sent === TypeId.TIMEN ? 0 : 3) + (sent === TypeId.DATETIMEOFFSETN ? 2 : 0);
      if (len !== expected) throw new ProtocolError(`invalid time value length ${len}`);
      const ms = timeUnitsToMs(r.uintN(tl), type.scale);
      if (sent === TypeId.TIMEN) return new Date(ms);
      const day = dateFromDays(r.uintN(3));
      if (sent === TypeId.DATETIMEOFFSETN) r.i16(); // the instant is already UTC; the offset only affects display
      return new Date(day.getTime() + ms);
    }
    case TypeId.NVARCHAR:
    case TypeId.NCHAR:
    case TypeId.BIGVARCHAR:
    case TypeId.BIGCHAR: {
      if (type.length === MAX_LENGTH_MARKER) {
        const bytes = readPlp(r, limits);
        return bytes === null ? null : readText(r, sent, bytes);
      }
      const len = r.u16();
      if (len === 0xffff) return null;
      if (len > type.length) throw new ProtocolError(`character value longer than its declared length`);
      return readText(r, sent, r.bytes(len));
    }
    case TypeId.BIGVARBINARY:
    case TypeId.BIGBINARY: {
      if (type.length === MAX_LENGTH_MARKER) return readPlp(r, limits);
      const len = r.u16();
      if (len === 0xffff) return null;
      if (len > type.length) throw new ProtocolError(`binary value longer than its declared length`);
      return Buffer.from(r.bytes(len));
    }
    case TypeId.NTEXT:
    case TypeId.TEXT:
    case TypeId.IMAGE: {
      const len = r.u32();
      if (len === 0xffffffff) return null;
      if (len > limits.maxValueBytes) throw new ProtocolError('LOB value larger than the limit');
      const bytes = r.bytes(len);
      return sent === TypeId.IMAGE ? Buffer.from(bytes) : readText(r, sent, bytes);
    }
    case TypeId.XML: {
      const bytes = readPlp(r, limits);
      // XML travels as UTF-16 with a BOM; strip it.
      return bytes === null ? null : bytes.toString('utf16le').replace(/^\uFEFF/, '');
    }
    default:
      throw new ProtocolError(`no value reader for type 0x${sent.toString(16)}`);
  }
}
