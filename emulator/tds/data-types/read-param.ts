/**
 * Reads a parameter's TYPE_INFO and value (RPC parameter data). Fixed-length types are normalised to their
 * nullable variants so that OUTPUT parameters can be echoed back (possibly as NULL) with the same type.
 */
import type { SqlValue } from '../../engine/types.js';
import { ProtocolError, UnsupportedError, type Reader } from '../bytes.js';
import { guidFromWire } from './guid.js';
import { decimalFromWire, moneyFromWire } from './numeric.js';
import { dateFromDays, datetimeFromWire, smalldatetimeFromWire, timeLength, timeUnitsToMs } from './temporal.js';
import { MAX_LENGTH_MARKER, TypeId } from './type-ids.js';
import type { WireType } from './wire-type.js';

export interface TypedValue {
  readonly type: WireType;
  readonly value: SqlValue;
}

/** Limits on what a single parameter may claim. */
export interface ValueLimits {
  readonly maxValueBytes: number;
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

export function readTypedValue(r: Reader, limits: ValueLimits): TypedValue {
  const id = r.u8();
  switch (id) {
    case TypeId.NULL:
      return { type: t(TypeId.INTN, 4), value: null };
    case TypeId.INT1:
      return { type: t(TypeId.INTN, 1), value: readIntValue(r, 1) };
    case TypeId.INT2:
      return { type: t(TypeId.INTN, 2), value: readIntValue(r, 2) };
    case TypeId.INT4:
      return { type: t(TypeId.INTN, 4), value: readIntValue(r, 4) };
    case TypeId.INT8:
      return { type: t(TypeId.INTN, 8), value: readIntValue(r, 8) };
    case TypeId.BIT:
      return { type: t(TypeId.BITN, 1), value: r.u8() !== 0 };
    case TypeId.FLT4:
      return { type: t(TypeId.FLTN, 4), value: readFloat(r, 4) };
    case TypeId.FLT8:
      return { type: t(TypeId.FLTN, 8), value: readFloat(r, 8) };
    case TypeId.DATETIME:
      return { type: t(TypeId.DATETIMN, 8), value: readDatetime(r, 8) };
    case TypeId.DATETIM4:
      return { type: t(TypeId.DATETIMN, 4), value: readDatetime(r, 4) };
    case TypeId.MONEY:
      return { type: t(TypeId.MONEYN, 8), value: readMoney(r, 8) };
    case TypeId.MONEY4:
      return { type: t(TypeId.MONEYN, 4), value: readMoney(r, 4) };
    case TypeId.INTN: {
      const max = r.u8();
      if (![1, 2, 4, 8].includes(max)) throw new ProtocolError(`invalid INTN length ${max}`);
      const len = r.u8();
      if (len !== 0 && len !== max) throw new ProtocolError(`INTN value length ${len} differs from ${max}`);
      return { type: t(TypeId.INTN, max), value: readIntValue(r, len) };
    }
    case TypeId.BITN: {
      r.u8();
      const len = r.u8();
      if (len > 1) throw new ProtocolError(`invalid BITN length ${len}`);
      return { type: t(TypeId.BITN, 1), value: len === 0 ? null : r.u8() !== 0 };
    }
    case TypeId.FLTN: {
      const max = r.u8();
      if (max !== 4 && max !== 8) throw new ProtocolError(`invalid FLTN length ${max}`);
      return { type: t(TypeId.FLTN, max), value: readFloat(r, r.u8()) };
    }
    case TypeId.DATETIMN: {
      const max = r.u8();
      if (max !== 4 && max !== 8) throw new ProtocolError(`invalid DATETIMN length ${max}`);
      return { type: t(TypeId.DATETIMN, max), value: readDatetime(r, r.u8()) };
    }
    case TypeId.MONEYN: {
      const max = r.u8();
      if (max !== 4 && max !== 8) throw new ProtocolError(`invalid MONEYN length ${max}`);
      return { type: t(TypeId.MONEYN, max), value: readMoney(r, r.u8()) };
    }
    case TypeId.GUID: {
      const max = r.u8();
      if (max !== 16) throw new ProtocolError(`invalid GUID length ${max}`);
      const len = r.u8();
      if (len !== 0 && len !== 16) throw new ProtocolError(`invalid GUID value length ${len}`);
      return { type: t(TypeId.GUID, 16), value: len === 0 ? null : guidFromWire(r.bytes(16)) };
    }
    case TypeId.DECIMALN:
    case TypeId.NUMERICN:
    case TypeId.DECIMAL:
    case TypeId.NUMERIC: {
      const max = r.u8();
      const precision = r.u8();
      const scale = r.u8();
      if (precision < 1 || precision > 38 || scale > precision || max > 17) throw new ProtocolError('invalid DECIMAL type info');
      const len = r.u8();
      if (len === 0) return { type: t(TypeId.DECIMALN, max, precision, scale), value: null };
      if (len > 17 || len < 2) throw new ProtocolError(`invalid DECIMAL value length ${len}`);
      const sign = r.u8();
      return { type: t(TypeId.DECIMALN, max, precision, scale), value: decimalFromWire(sign === 1, r.bytes(len - 1), scale) };
    }
    case TypeId.DATEN: {
      const len = r.u8();
      if (len !== 0 && len !== 3) throw new ProtocolError(`invalid DATE length ${len}`);
      return { type: t(TypeId.DATEN, 3), value: len === 0 ? null : dateFromDays(r.uintN(3)) };
    }
    case TypeId.TIMEN:
    case TypeId.DATETIME2N:
    case TypeId.DATETIMEOFFSETN: {
      const scale = r.u8();
      if (scale > 7) throw new ProtocolError(`invalid time scale ${scale}`);
      const len = r.u8();
      const type = t(id, 0, 0, scale);
      if (len === 0) return { type, value: null };
      const tl = timeLength(scale);
      const expected = tl + (id === TypeId.TIMEN ? 0 : 3) + (id === TypeId.DATETIMEOFFSETN ? 2 : 0);
      if (len !== expected) throw new ProtocolError(`invalid time value length ${len}`);
      const units = r.uintN(tl);
      const ms = timeUnitsToMs(units, scale);
      if (id === TypeId.TIMEN) return { type, value: new Date(ms) };
      const day = dateFromDays(r.uintN(3));
      if (id === TypeId.DATETIMEOFFSETN) r.i16(); // the instant is already UTC; the offset only affects display
      return { type, value: new Date(day.getTime() + ms) };
    }
    case TypeId.NVARCHAR:
    case TypeId.NCHAR:
    case TypeId.BIGVARCHAR:
    case TypeId.BIGCHAR: {
      const max = r.u16();
      const collation = Buffer.from(r.bytes(5));
      const type = t(id, max, 0, 0, collation);
      if (max === MAX_LENGTH_MARKER) {
        const bytes = readPlp(r, limits);
        return { type, value: bytes === null ? null : readText(r, id, bytes) };
      }
      if (max > 8000) throw new ProtocolError(`invalid character max length ${max}`);
      const len = r.u16();
      if (len === 0xffff) return { type, value: null };
      if (len > max) throw new ProtocolError(`character value longer than its declared length`);
      return { type, value: readText(r, id, r.bytes(len)) };
    }
    case TypeId.BIGVARBINARY:
    case TypeId.BIGBINARY: {
      const max = r.u16();
      const type = t(id, max);
      if (max === MAX_LENGTH_MARKER) return { type, value: readPlp(r, limits) };
      if (max > 8000) throw new ProtocolError(`invalid binary max length ${max}`);
      const len = r.u16();
      if (len === 0xffff) return { type, value: null };
      if (len > max) throw new ProtocolError(`binary value longer than its declared length`);
      return { type, value: Buffer.from(r.bytes(len)) };
    }
    case TypeId.NTEXT:
    case TypeId.TEXT:
    case TypeId.IMAGE: {
      // Legacy LOB parameters: max length i32, collation for the text types, then a u32 length (0xFFFFFFFF = NULL).
      r.u32();
      const collation = id === TypeId.IMAGE ? null : Buffer.from(r.bytes(5));
      const normal = id === TypeId.NTEXT ? TypeId.NVARCHAR : id === TypeId.TEXT ? TypeId.BIGVARCHAR : TypeId.BIGVARBINARY;
      const type = t(normal, MAX_LENGTH_MARKER, 0, 0, collation);
      const len = r.u32();
      if (len === 0xffffffff) return { type, value: null };
      if (len > limits.maxValueBytes) throw new ProtocolError('LOB value larger than the limit');
      const bytes = r.bytes(len);
      return { type, value: id === TypeId.IMAGE ? Buffer.from(bytes) : readText(r, id, bytes) };
    }
    case TypeId.XML: {
      const schemaPresent = r.u8();
      if (schemaPresent) throw new UnsupportedError('XML parameters bound to a schema collection are not supported by the SQL Server Agent emulator');
      const bytes = readPlp(r, limits);
      // XML travels as UTF-16 with a BOM; strip it.
      const text = bytes === null ? null : bytes.toString('utf16le').replace(/^\uFEFF/, '');
      return { type: t(TypeId.NVARCHAR, MAX_LENGTH_MARKER, 0, 0, Buffer.alloc(5)), value: text };
    }
    default:
      throw new UnsupportedError(`parameter data type 0x${id.toString(16)} is not supported by the SQL Server Agent emulator`);
  }
}
