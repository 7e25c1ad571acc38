/** Conversions between T-SQL values, as assignments and CAST/CONVERT do them. */
import { randomUUID } from 'node:crypto';
import type { ColumnDef, SqlValue } from '../engine/types.js';
import { guidFromWire, guidToWire, isGuidText } from '../tds/data-types/guid.js';
import type { TypeSpec } from './ast.js';
import { SqlRuntimeError } from './errors.js';

function typeName(spec: TypeSpec): string {
  return spec.name;
}

function fail(v: SqlValue, spec: TypeSpec): never {
  const shown = Buffer.isBuffer(v) ? `0x${v.toString('hex')}` : String(v);
  const from = typeof v === 'string' ? 'nvarchar' : typeof v === 'number' ? 'int' : 'value';
  throw new SqlRuntimeError(245, `Conversion failed when converting the ${from} value '${shown.slice(0, 100)}' to data type ${typeName(spec)}.`);
}

function toText(v: SqlValue): string {
  if (typeof v === 'string') return v;
  if (v instanceof Date) return v.toISOString().replace('T', ' ').replace('Z', '');
  if (Buffer.isBuffer(v)) return v.toString('utf16le');
  if (typeof v === 'boolean') return v ? '1' : '0';
  return String(v);
}

const INT_RANGE: Record<string, [number, number]> = {
  tinyint: [0, 255],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

/** Converts a value to a declared type; throws SqlRuntimeError 245/8115 like SQL Server. */
export function convertTo(v: SqlValue, spec: TypeSpec): SqlValue {
  if (v === null || v === undefined) return null;
  switch (spec.type) {
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'bigint': {
      let n: number | bigint;
      if (typeof v === 'boolean') n = v ? 1 : 0;
      else if (typeof v === 'bigint') n = v;
      else if (typeof v === 'number') n = Math.trunc(v);
      else if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) {
        const b = BigInt(v.trim());
        n = b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
      } else return fail(v, spec);
      const range = INT_RANGE[spec.type];
      if (range && (Number(n) < range[0] || Number(n) > range[1])) {
        throw new SqlRuntimeError(8115, `Arithmetic overflow error converting expression to data type ${spec.type}.`);
      }
      return n;
    }
    case 'bit':
      if (typeof v === 'boolean') return v;
      if (typeof v === 'number' || typeof v === 'bigint') return Number(v) !== 0;
      if (typeof v === 'string') {
        const s = v.trim().toLowerCase();
        if (s === 'true') return true;
        if (s === 'false') return false;
        if (/^[+-]?\d+$/.test(s)) return Number(s) !== 0;
      }
      return fail(v, spec);
    case 'float':
    case 'decimal': {
      const n = typeof v === 'string' ? Number(v.trim()) : typeof v === 'boolean' ? (v ? 1 : 0) : v instanceof Date || Buffer.isBuffer(v) ? NaN : Number(v);
      if (Number.isNaN(n) || (typeof v === 'string' && v.trim() === '')) return fail(v, spec);
      return spec.type === 'decimal' && spec.scale !== undefined ? Number(n.toFixed(spec.scale)) : n;
    }
    case 'uniqueidentifier':
      if (Buffer.isBuffer(v) && v.length === 16) return guidFromWire(v);
      if (typeof v === 'string' && isGuidText(v)) return guidFromWire(guidToWire(v));
      throw new SqlRuntimeError(8169, 'Conversion failed when converting from a character string to uniqueidentifier.');
    case 'varbinary': {
      let b: Buffer;
      if (Buffer.isBuffer(v)) b = v;
      else if (typeof v === 'string') b = isGuidText(v) && spec.length === 16 ? guidToWire(v) : Buffer.from(v, 'utf16le');
      else if (typeof v === 'number') {
        b = Buffer.alloc(4);
        b.writeInt32BE(v | 0);
      } else return fail(v, spec);
      return spec.length !== undefined && spec.length > 0 && b.length > spec.length ? b.subarray(0, spec.length) : b;
    }
    case 'datetime':
    case 'datetime2':
    case 'datetimeoffset': {
      if (v instanceof Date) return v;
      if (typeof v === 'string') {
        const s = v.trim();
        // T-SQL date strings have no zone: read them as UTC, like the rest of the emulator.
        const d = new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s.replace(' ', 'T')}${s.length > 10 ? '' : 'T00:00:00'}Z`);
        if (!Number.isNaN(d.getTime())) return d;
      }
      throw new SqlRuntimeError(241, 'Conversion failed when converting date and/or time from character string.');
    }
    case 'nvarchar':
    case 'varchar': {
      const s = toText(v);
      return spec.length !== undefined && spec.length > 0 && s.length > spec.length ? s.slice(0, spec.length) : s;
    }
  }
}

/** The result column for a value of a type. */
export function columnOf(name: string, spec: TypeSpec): ColumnDef {
  return { name, type: spec.type, length: spec.length, precision: spec.precision, scale: spec.scale, nullable: true };
}

export function newGuid(): string {
  return randomUUID().toUpperCase();
}
