/**
 * Writes TYPE_INFO and values for result columns (ROW) and OUTPUT parameters (RETURNVALUE). Values coming
 * from the engine are coerced to the wire type; a value that cannot be coerced throws a TypeError, which
 * the server reports as an emulator error instead of sending corrupt bytes.
 */
import type { SqlValue } from '../../engine/types.js';
import type { Writer } from '../bytes.js';
import { guidToWire, isGuidText } from './guid.js';
import { decimalMagnitudeLength, decimalToWire, moneyToWire } from './numeric.js';
import { datetimeToWire, daysOf, msToTimeUnits, smalldatetimeToWire, timeLength } from './temporal.js';
import { MAX_LENGTH_MARKER, TypeId } from './type-ids.js';
import { isPlp, type WireType } from './wire-type.js';

export function writeTypeInfo(w: Writer, t: WireType): void {
  w.u8(t.id);
  switch (t.id) {
    case TypeId.INTN:
    case TypeId.BITN:
    case TypeId.FLTN:
    case TypeId.DATETIMN:
    case TypeId.MONEYN:
    case TypeId.GUID:
      w.u8(t.length);
      return;
    case TypeId.DECIMALN:
    case TypeId.NUMERICN:
      w.u8(1 + decimalMagnitudeLength(t.precision)).u8(t.precision).u8(t.scale);
      return;
    case TypeId.DATEN:
      return;
    case TypeId.TIMEN:
    case TypeId.DATETIME2N:
    case TypeId.DATETIMEOFFSETN:
      w.u8(t.scale);
      return;
    case TypeId.NVARCHAR:
    case TypeId.NCHAR:
    case TypeId.BIGVARCHAR:
    case TypeId.BIGCHAR:
      w.u16(t.length).bytes(t.collation ?? Buffer.alloc(5));
      return;
    case TypeId.BIGVARBINARY:
    case TypeId.BIGBINARY:
      w.u16(t.length);
      return;
    default:
      throw new TypeError(`cannot write type info for 0x${t.id.toString(16)}`);
  }
}

function toNumber(v: SqlValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'bigint') return Number(v);
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && !Number.isNaN(Number(v))) return Number(v);
  if (v instanceof Date) return v.getTime();
  throw new TypeError(`value ${describe(v)} is not a number`);
}

function toBigInt(v: SqlValue): bigint {
  if (typeof v === 'bigint') return v;
  if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) return BigInt(v.trim());
  const n = toNumber(v);
  if (!Number.isInteger(n)) throw new TypeError(`value ${describe(v)} is not an integer`);
  return BigInt(n);
}

function toDate(v: SqlValue): Date {
  if (v instanceof Date) return v;
  if (typeof v === 'string' || typeof v === 'number') {
    const d = new Date(v);
    if (!Number.isNaN(d.getTime())) return d;
  }
  throw new TypeError(`value ${describe(v)} is not a date`);
}

export function toText(v: SqlValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString();
  if (Buffer.isBuffer(v)) return `0x${v.toString('hex').toUpperCase()}`;
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

function toBytes(v: SqlValue): Buffer {
  if (Buffer.isBuffer(v)) return v;
  if (typeof v === 'string') {
    if (/^0x[0-9a-f]*$/i.test(v) && v.length % 2 === 0) return Buffer.from(v.slice(2), 'hex');
    // A GUID held in a binary(16) variable (SSMS scripts declare @jobId BINARY(16)): SQL Server's
    // uniqueidentifier → binary conversion yields the wire byte order.
    if (isGuidText(v)) return guidToWire(v);
    return Buffer.from(v, 'utf16le');
  }
  throw new TypeError(`value ${describe(v)} is not binary`);
}

function describe(v: SqlValue): string {
  if (Buffer.isBuffer(v)) return `<${v.length} bytes>`;
  return typeof v === 'string' ? `'${v.slice(0, 40)}'` : String(v);
}

function writePlp(w: Writer, bytes: Buffer): void {
  w.u64(BigInt(bytes.length));
  if (bytes.length > 0) w.u32(bytes.length).bytes(bytes);
  w.u32(0);
}

function writeIntN(w: Writer, length: number, v: SqlValue): void {
  w.u8(length);
  if (length === 8) {
    w.i64(BigInt.asIntN(64, toBigInt(v)));
    return;
  }
  const n = toNumber(v);
  if (!Number.isInteger(n)) throw new TypeError(`value ${describe(v)} is not an integer`);
  if (length === 1) {
    if (n < 0 || n > 255) throw new RangeError(`${n} does not fit tinyint`);
    w.u8(n);
  } else if (length === 2) {
    if (n < -32768 || n > 32767) throw new RangeError(`${n} does not fit smallint`);
    w.i16(n);
  } else {
    if (n < -2147483648 || n > 2147483647) throw new RangeError(`${n} does not fit int`);
    w.i32(n);
  }
}

/** Writes one value (ROW column data or RETURNVALUE value) for a wire type. */
export function writeValue(w: Writer, t: WireType, v: SqlValue): void {
  if (v === null || v === undefined) {
    writeNull(w, t);
    return;
  }
  switch (t.id) {
    case TypeId.INTN:
      writeIntN(w, t.length, v);
      return;
    case TypeId.BITN:
      w.u8(1).u8(v === true || (typeof v !== 'boolean' && toNumber(v) !== 0) ? 1 : 0);
      return;
    case TypeId.FLTN:
      if (t.length === 4) w.u8(4).f32(toNumber(v));
      else w.u8(8).f64(toNumber(v));
      return;
    case TypeId.GUID:
      w.u8(16).bytes(Buffer.isBuffer(v) && v.length === 16 ? v : guidToWire(toText(v)));
      return;
    case TypeId.DATETIMN: {
      const d = toDate(v);
      if (t.length === 4) {
        const s = smalldatetimeToWire(d);
        w.u8(4).u16(s.days).u16(s.minutes);
      } else {
        const s = datetimeToWire(d);
        w.u8(8).i32(s.days).u32(s.ticks);
      }
      return;
    }
    case TypeId.MONEYN: {
      const n = toNumber(v);
      if (t.length === 4) w.u8(4).i32(Math.round(n * 10_000));
      else {
        const m = moneyToWire(n);
        w.u8(8).i32(m.high).u32(m.low);
      }
      return;
    }
    case TypeId.DECIMALN:
    case TypeId.NUMERICN: {
      const len = decimalMagnitudeLength(t.precision);
      const raw = typeof v === 'string' || typeof v === 'bigint' ? v : toNumber(v);
      const d = decimalToWire(raw, t.scale, len);
      w.u8(len + 1).u8(d.positive ? 1 : 0).bytes(d.magnitude);
      return;
    }
    case TypeId.DATEN:
      w.u8(3).uintN(daysOf(toDate(v)), 3);
      return;
    case TypeId.TIMEN:
    case TypeId.DATETIME2N:
    case TypeId.DATETIMEOFFSETN: {
      const d = toDate(v);
      const tl = timeLength(t.scale);
      const len = tl + (t.id === TypeId.TIMEN ? 0 : 3) + (t.id === TypeId.DATETIMEOFFSETN ? 2 : 0);
      w.u8(len).uintN(msToTimeUnits(d, t.scale), tl);
      if (t.id !== TypeId.TIMEN) w.uintN(daysOf(d), 3);
      if (t.id === TypeId.DATETIMEOFFSETN) w.i16(0);
      return;
    }
    case TypeId.NVARCHAR:
    case TypeId.NCHAR:
    case TypeId.BIGVARCHAR:
    case TypeId.BIGCHAR: {
      const text = toText(v);
      const bytes = t.id === TypeId.NVARCHAR || t.id === TypeId.NCHAR ? Buffer.from(text, 'utf16le') : Buffer.from(text, 'latin1');
      if (isPlp(t)) writePlp(w, bytes);
      else {
        if (bytes.length > t.length) throw new RangeError(`text of ${bytes.length} bytes does not fit a column of ${t.length} bytes`);
        w.u16(bytes.length).bytes(bytes);
      }
      return;
    }
    case TypeId.BIGVARBINARY:
    case TypeId.BIGBINARY: {
      const bytes = toBytes(v);
      if (isPlp(t)) writePlp(w, bytes);
      else {
        if (bytes.length > t.length) throw new RangeError(`binary value of ${bytes.length} bytes does not fit ${t.length} bytes`);
        w.u16(bytes.length).bytes(bytes);
      }
      return;
    }
    default:
      throw new TypeError(`cannot write a value of type 0x${t.id.toString(16)}`);
  }
}

function writeNull(w: Writer, t: WireType): void {
  if (isPlp(t)) {
    w.u64(0xffffffffffffffffn);
    return;
  }
  switch (t.id) {
    case TypeId.NVARCHAR:
    case TypeId.NCHAR:
    case TypeId.BIGVARCHAR:
    case TypeId.BIGCHAR:
    case TypeId.BIGVARBINARY:
    case TypeId.BIGBINARY:
      w.u16(0xffff);
      return;
    default:
      w.u8(0);
  }
}

export { MAX_LENGTH_MARKER };
