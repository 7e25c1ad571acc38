/**
 * Table-valued parameters as tedious writes them (its own TVP writer is the oracle), the optional
 * metadata tokens and fDefault columns from MS-TDS, and malformed bytes: always a ProtocolError.
 */
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { ProtocolError, Reader } from './bytes.js';
import { readTypedValue } from './data-types/param-value.js';
import { readTvp } from './data-types/tvp.js';
import { parseRpc } from './rpc.js';

const require = createRequire(import.meta.url);
interface TediousType {
  generateTypeInfo(p: unknown, o?: unknown): Buffer;
  generateParameterLength(p: unknown, o?: unknown): Buffer;
  generateParameterData(p: unknown, o?: unknown): Iterable<Buffer>;
}
const TVP = require('tedious/lib/data-types/tvp.js') as TediousType;
const { TYPES } = require('tedious') as { TYPES: Record<string, unknown> };

interface Col {
  name: string;
  type: unknown;
  length?: number;
  precision?: number;
  scale?: number;
}

/** The bytes tedious sends for a TVP parameter's TYPE_INFO and value. */
function tediousTvp(value: { name: string; schema: string; columns: Col[]; rows: unknown[][] } | null): Buffer {
  const p = { value };
  const options = { useUTC: true, tdsVersion: '7_4' };
  return Buffer.concat([TVP.generateTypeInfo(p, options), TVP.generateParameterLength(p, options), ...TVP.generateParameterData(p, options)]);
}

const hex = (s: string) => Buffer.from(s.replace(/[^0-9a-f]/gi, ''), 'hex');
const ucs2 = (s: string) => Buffer.from(s, 'utf16le').toString('hex');

describe('table-valued parameters', () => {
  test('catalog.Package_Table_Type rows as mssql/tedious send them', () => {
    const bytes = tediousTvp({
      name: 'Package_Table_Type',
      schema: 'catalog',
      columns: [
        { name: 'name', type: TYPES.NVarChar, length: 260 },
        { name: 'package_data', type: TYPES.VarBinary, length: 65535 },
      ],
      rows: [
        ['Child 1', Buffer.from([1, 2, 3])],
        ['Ünïcode', null],
      ],
    });
    const r = new Reader(bytes);
    const got = readTypedValue(r, { maxValueBytes: 1 << 20 });
    expect(r.remaining).toBe(0);
    expect(got.value).toBeNull();
    expect(got.table).toEqual({
      typeName: { database: '', schema: 'catalog', name: 'Package_Table_Type' },
      columns: [
        { type: 'nvarchar', length: 260, isDefault: false },
        { type: 'varbinary', length: -1, isDefault: false },
      ],
      rows: [
        ['Child 1', Buffer.from([1, 2, 3])],
        ['Ünïcode', null],
      ],
    });
  });

  test('other column types round trip', () => {
    const when = new Date(Date.UTC(2024, 4, 6, 7, 8, 9, 120));
    const bytes = tediousTvp({
      name: 'T',
      schema: '',
      columns: [
        { name: 'i', type: TYPES.Int },
        { name: 'b', type: TYPES.Bit },
        { name: 'g', type: TYPES.UniqueIdentifier },
        { name: 'd', type: TYPES.DateTime2, scale: 3 },
        { name: 'n', type: TYPES.Decimal, precision: 10, scale: 2 },
        { name: 'big', type: TYPES.BigInt },
      ],
      rows: [
        [42, true, '6F9619FF-8B86-D011-B42D-00C04FC964FF', when, 12.34, 5],
        [null, null, null, null, null, null],
      ],
    });
    const t = readTypedValue(new Reader(bytes), { maxValueBytes: 1 << 20 }).table!;
    expect(t.columns!.map((c) => c.type)).toEqual(['int', 'bit', 'uniqueidentifier', 'datetime2', 'decimal', 'bigint']);
    expect(t.rows).toEqual([
      [42, true, '6F9619FF-8B86-D011-B42D-00C04FC964FF', when, 12.34, 5],
      [null, null, null, null, null, null],
    ]);
  });

  test('a NULL table (TVP_NULL_TOKEN) is the default: no columns, no rows', () => {
    const t = readTypedValue(new Reader(tediousTvp(null)), { maxValueBytes: 1024 }).table!;
    expect(t).toEqual({ typeName: { database: '', schema: '', name: '' }, columns: null, rows: [] });
  });

  test('ORDER_UNIQUE and COLUMN_ORDERING tokens are read; fDefault columns carry no values', () => {
    const body =
      '00 00' + '04' + ucs2('Type') + // db '', schema '', name 'Type'
      '0200' + // two columns
      '00000000 0000 26 04 00' + // int, no flags, empty name
      '00000000 0002 26 04 00' + // int with fDefault
      '10 0100 0100 05' + // ORDER_UNIQUE: column 1, asc + unique
      '11 0100 0100' + // COLUMN_ORDERING: column 1
      '00' + // end of metadata
      '01 04 07000000' + // row: only the first column has a value
      '00';
    const t = readTvp(new Reader(hex(body)), { maxValueBytes: 1024 });
    expect(t.columns).toEqual([
      { type: 'int', isDefault: false },
      { type: 'int', isDefault: true },
    ]);
    expect(t.rows).toEqual([[7, null]]);
  });

  test('malformed TVP bytes are protocol errors (the connection closes), never anything else', () => {
    const good = tediousTvp({ name: 'T', schema: 'dbo', columns: [{ name: 'i', type: TYPES.Int }], rows: [[1], [2]] });
    const bad: Buffer[] = [
      good.subarray(0, good.length - 1), // no final TVP_END_TOKEN
      Buffer.concat([good.subarray(0, good.length - 1), hex('02')]), // unknown row token
      hex('f3 00 00 00 0000'), // zero columns
      hex('f3 00 00 00 0100 00000000 0000 f3'), // a table column
      hex('f3 00 00 00 0100 00000000 0000 26 04 00 10 0100 0900 01 00 00'), // ordering names column 9
      hex('f3 00 00 00 0100 00000000 0000 26 04 00 12 00 00'), // unknown metadata token
      hex('f3 00 00 00 ffff 01'), // NULL table with a stray token
      hex('f3 02' + ucs2('db') + '00 00 ffff 00 00'), // a database name (MS-TDS: DbName must be empty)
    ];
    for (const b of bad) expect(() => readTypedValue(new Reader(b), { maxValueBytes: 1024 })).toThrow(ProtocolError);
    // The cell limit bounds what one TVP may hold.
    expect(() => readTypedValue(new Reader(good), { maxValueBytes: 1024, maxTableCells: 1 })).toThrow(/more than 1 values/);
    // Random corruption of a real TVP yields a value or a ProtocolError.
    let seed = 7;
    const rand = () => ((seed = (seed * 1664525 + 1013904223) >>> 0) / 2 ** 32);
    for (let i = 0; i < 5000; i++) {
      const m = Buffer.from(good);
      m[Math.floor(rand() * m.length)] = Math.floor(rand() * 256);
      try {
        readTypedValue(new Reader(m.subarray(0, Math.max(1, Math.floor(rand() * (m.length + 1))))), { maxValueBytes: 1024 });
      } catch (e) {
        expect(e instanceof ProtocolError || (e as Error).name === 'UnsupportedError').toBe(true);
      }
    }
  });

  test('a TVP sent as OUTPUT is a protocol error', () => {
    const tvp = tediousTvp({ name: 'T', schema: '', columns: [{ name: 'i', type: TYPES.Int }], rows: [] }).toString('hex');
    const payload = hex('16000000 12000000 0200 0000000000000000 01000000' + '0100' + ucs2('p') + '0000' + '02' + ucs2('@t') + '01' + tvp);
    expect(() => parseRpc(payload)).toThrow(/sent as OUTPUT/);
    const input = hex('16000000 12000000 0200 0000000000000000 01000000' + '0100' + ucs2('p') + '0000' + '02' + ucs2('@t') + '00' + tvp);
    expect(parseRpc(input).calls[0]!.params[0]!.table?.columns).toHaveLength(1);
  });
});
