/**
 * Implicit conversion of a client's parameter value to the procedure's declared parameter type, with
 * SQL Server's conversion errors (8114, 220, 257) and its silent truncation of over-long strings.
 */
import type { SqlValue } from '../types.js';
import { guidFromBytes, parseGuid } from './guid.js';
import { SqlError } from './sql-error.js';

/** Declared types of procedure parameters ('sql_variant' keeps the value and the client's type). */
export type ParamType =
  | 'nvarchar' | 'varchar' | 'char' | 'int' | 'bigint' | 'smallint' | 'tinyint' | 'bit'
  | 'uniqueidentifier' | 'varbinary' | 'image' | 'datetime' | 'sql_variant';

const INT_RANGES: Partial<Record<ParamType, readonly [number, number]>> = {
  tinyint: [0, 255],
  smallint: [-32768, 32767],
  int: [-2147483648, 2147483647],
};

function sourceType(v: SqlValue, declared?: string): string {
  if (declared) return declared;
  if (typeof v === 'string') return 'nvarchar';
  if (typeof v === 'number') return Number.isInteger(v) ? 'int' : 'float';
  if (typeof v === 'bigint') return 'bigint';
  if (typeof v === 'boolean') return 'bit';
  if (Buffer.isBuffer(v)) return 'varbinary';
  if (v instanceof Date) return 'datetime';
  return 'sql_variant';
}

function convError(v: SqlValue, to: string, declared?: string): SqlError {
  return new SqlError(8114, `Error converting data type ${sourceType(v, declared)} to ${to}.`, 16, 1);
}

export function convertParam(v: SqlValue, type: ParamType, length: number | undefined, declared?: string): SqlValue {
  if (v === null || v === undefined) return null;
  switch (type) {
    case 'nvarchar':
    case 'varchar':
    case 'char': {
      let s: string;
      if (typeof v === 'string') s = v;
      else if (v instanceof Date) s = v.toISOString().replace('T', ' ').replace('Z', '');
      else if (typeof v === 'boolean') s = v ? '1' : '0';
      else if (Buffer.isBuffer(v)) s = v.toString('latin1');
      else s = String(v);
      return length !== undefined && length > 0 && s.length > length ? s.slice(0, length) : s;
    }
    case 'int':
    case 'smallint':
    case 'tinyint':
    case 'bigint': {
      let n: number | bigint;
      if (typeof v === 'number') n = Math.trunc(v);
      else if (typeof v === 'bigint') n = v;
      else if (typeof v === 'boolean') n = v ? 1 : 0;
      else if (typeof v === 'string' && /^\s*[+-]?\d+\s*$/.test(v)) n = type === 'bigint' ? BigInt(v.trim()) : Number(v.trim());
      else throw convError(v, type, declared);
      if (type === 'bigint') {
        const b = BigInt(n);
        if (b < -(2n ** 63n) || b >= 2n ** 63n) throw new SqlError(8115, `Arithmetic overflow error converting expression to data type bigint.`);
        return b >= BigInt(Number.MIN_SAFE_INTEGER) && b <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(b) : b;
      }
      const num = Number(n);
      const [lo, hi] = INT_RANGES[type]!;
      if (num < lo || num > hi) throw new SqlError(220, `Arithmetic overflow error for data type ${type}, value = ${num}.`);
      return num;
    }
    case 'bit':
      if (typeof v === 'boolean') return v ? 1 : 0;
      if (typeof v === 'number' || typeof v === 'bigint') return Number(v) !== 0 ? 1 : 0;
      if (typeof v === 'string') {
        const t = v.trim().toLowerCase();
        if (t === 'true') return 1;
        if (t === 'false') return 0;
        if (/^[+-]?\d+$/.test(t)) return Number(t) !== 0 ? 1 : 0;
      }
      throw convError(v, 'bit', declared);
    case 'uniqueidentifier':
      if (typeof v === 'string') {
        const g = parseGuid(v);
        if (!g) throw new SqlError(8169, 'Conversion failed when converting from a character string to uniqueidentifier.', 16, 2);
        return g;
      }
      if (Buffer.isBuffer(v) && v.length === 16) return guidFromBytes(v);
      throw convError(v, 'uniqueidentifier', declared);
    case 'varbinary':
    case 'image':
      if (Buffer.isBuffer(v)) return v;
      throw new SqlError(257, `Implicit conversion from data type ${sourceType(v, declared)} to ${type === 'image' ? 'image' : 'varbinary(max)'} is not allowed. Use the CONVERT function to run this query.`);
    case 'datetime': {
      if (v instanceof Date) return v;
      if (typeof v === 'string') {
        const d = new Date(v);
        if (!Number.isNaN(d.getTime())) return d;
        throw new SqlError(241, 'Conversion failed when converting date and/or time from character string.');
      }
      throw convError(v, 'datetime', declared);
    }
    case 'sql_variant':
      return v;
  }
}
