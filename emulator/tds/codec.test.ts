/** Byte-level tests of framing, PRELOGIN, LOGIN7, RPC parsing, the value codec and tokens. */
import { createRequire } from 'node:module';
import { describe, expect, test } from 'vitest';
import { ProtocolError, Reader, Writer } from './bytes.js';
import { readTypedValue } from './data-types/param-value.js';
import { decimalToWire } from './data-types/numeric.js';
import { datetimeFromWire, datetimeToWire } from './data-types/temporal.js';
import { TypeId } from './data-types/type-ids.js';
import { Wire, type WireType } from './data-types/wire-type.js';
import { writeTypeInfo, writeValue } from './data-types/write-value.js';
import { decodePassword, encodePassword, parseLogin7 } from './login7.js';
import { framePackets, MessageReader, PacketType } from './packet.js';
import { buildPrelogin, Encryption, parsePrelogin } from './prelogin.js';
import { parseRpc, ProcId } from './rpc.js';
import { parseSqlBatch } from './sql-batch.js';
import { parseTransactionManager } from './transaction-manager.js';
import { writeDone, DoneStatus } from './tokens/done.js';
import { writeLoginAck } from './tokens/loginack.js';
import { writeEnvChangeText } from './tokens/envchange.js';
import { writeMessage } from './tokens/message.js';
import { TdsVersion, negotiateVersion } from './versions.js';
import type { SqlValue } from '../engine/types.js';

// tedious's own payload writers/readers are the oracle for the client side of each message.
const require = createRequire(import.meta.url);
const PreloginPayload = require('tedious/lib/prelogin-payload.js') as new (x: unknown) => { data: Buffer; encryption: number; version: { major: number; minor: number; build: number } };
const Login7Payload = require('tedious/lib/login7-payload.js') as new (x: unknown) => Record<string, unknown> & { toBuffer(): Buffer };

const hex = (s: string) => Buffer.from(s.replace(/[^0-9a-f]/gi, ''), 'hex');
const ucs2 = (s: string) => Buffer.from(s, 'utf16le').toString('hex');

describe('packet framing', () => {
  test('splits at the packet size with ids 1..n and EOM on the last packet only', () => {
    const payload = Buffer.alloc(1200, 7);
    const framed = framePackets(PacketType.REPLY, payload, 512);
    const packets: { status: number; length: number; id: number }[] = [];
    for (let at = 0; at < framed.length; ) {
      const length = framed.readUInt16BE(at + 2);
      packets.push({ status: framed[at + 1]!, length, id: framed[at + 6]! });
      at += length;
    }
    expect(packets).toEqual([
      { status: 0, length: 512, id: 1 },
      { status: 0, length: 512, id: 2 },
      { status: 1, length: 1200 - 504 * 2 + 8, id: 3 },
    ]);
    expect(framed[0]).toBe(0x04);
  });

  test('reassembles a message fed one byte at a time; attention is delivered out of band', () => {
    const msgs: [number, string][] = [];
    let attentions = 0;
    const r = new MessageReader({ maxMessageBytes: 1 << 20 }, { onMessage: (t, p) => msgs.push([t, p.toString()]), onAttention: () => attentions++ });
    const a = framePackets(PacketType.SQL_BATCH, Buffer.from('x'.repeat(1000)), 512);
    const attention = hex('0601000800000100');
    const all = Buffer.concat([a.subarray(0, 512), attention, a.subarray(512)]);
    // An ATTENTION between packets of a message (not valid in practice, but must not confuse reassembly).
    for (const b of all) r.push(Buffer.from([b]));
    expect(attentions).toBe(1);
    expect(msgs).toEqual([[1, 'x'.repeat(1000)]]);
  });

  test('drops a message ended with IGNORE', () => {
    const msgs: Buffer[] = [];
    const r = new MessageReader({ maxMessageBytes: 1 << 20 }, { onMessage: (_t, p) => msgs.push(p), onAttention: () => {} });
    r.push(hex('03 00 000a 0000 0100 aaaa 03 03 000a 0000 0200 bbbb'));
    r.push(hex('01 01 000a 0000 0100 cccc'));
    expect(msgs.map((m) => m.toString('hex'))).toEqual(['cccc']);
  });

  test('rejects bad lengths, oversized messages and type changes inside a message', () => {
    const reader = (max = 1 << 20) => new MessageReader({ maxMessageBytes: max }, { onMessage: () => {}, onAttention: () => {} });
    expect(() => reader().push(hex('01 01 0004 0000 0100'))).toThrow(ProtocolError);
    expect(() => reader(10).push(framePackets(1, Buffer.alloc(11), 4096))).toThrow(/larger than/);
    expect(() => reader().push(hex('01 00 000a 0000 0100 aaaa 03 01 000a 0000 0200 bbbb'))).toThrow(/inside a message/);
  });
});

describe('PRELOGIN', () => {
  test('parses what tedious sends', () => {
    const p = parsePrelogin(new PreloginPayload({ encrypt: true, version: { major: 19, minor: 2, build: 2, subbuild: 0 } }).data);
    expect(p.encryption).toBe(Encryption.ON);
    expect(p.version).toMatchObject({ major: 19, minor: 2 });
    expect(parsePrelogin(new PreloginPayload({ encrypt: false, version: { major: 19, minor: 0, build: 0, subbuild: 0 } }).data).encryption).toBe(Encryption.NOT_SUP);
  });

  test('tedious reads our reply', () => {
    const reply = new PreloginPayload(buildPrelogin({ version: { major: 16, minor: 0, build: 1000, subbuild: 6 }, encryption: Encryption.OFF }));
    expect(reply.encryption).toBe(Encryption.OFF);
    expect(reply.version).toMatchObject({ major: 16, minor: 0, build: 1000 });
  });

  test('rejects an unterminated table and options pointing outside the payload', () => {
    expect(() => parsePrelogin(hex('00 0006 0006'))).toThrow(ProtocolError);
    expect(() => parsePrelogin(hex('00 0010 0006 ff'))).toThrow(ProtocolError);
  });
});

describe('LOGIN7', () => {
  test('password obfuscation: known vector and round trip', () => {
    expect(decodePassword(hex('b3a5'))).toBe('a');
    expect(decodePassword(encodePassword('p@ss wörd€'))).toBe('p@ss wörd€');
  });

  test('parses tedious LOGIN7 including FeatureExt', () => {
    const p = new Login7Payload({ tdsVersion: 0x74000004, packetSize: 8192, clientProgVer: 0, clientPid: 1234, connectionId: 0, clientTimeZone: 0, clientLcid: 0x409 });
    Object.assign(p, { userName: 'deployer', password: 'S3cret!€', appName: 'node-mssql', serverName: 'localhost', hostname: 'box', libraryName: 'Tedious', language: 'us_english', database: 'msdb' });
    const l = parseLogin7(p.toBuffer());
    expect(l).toMatchObject({ tdsVersion: 0x74000004, packetSize: 8192, clientPid: 1234, userName: 'deployer', password: 'S3cret!€', appName: 'node-mssql', serverName: 'localhost', hostName: 'box', database: 'msdb', integratedSecurity: false });
    expect(l.features.has(0x0a)).toBe(true);
  });

  test('rejects fields pointing outside the payload', () => {
    const b = Buffer.from(new Login7Payload({ tdsVersion: 0x74000004, packetSize: 4096, clientProgVer: 0, clientPid: 1, connectionId: 0, clientTimeZone: 0, clientLcid: 0 }).toBuffer());
    b.writeUInt16LE(0xfff0, 40);
    b.writeUInt16LE(4, 42);
    expect(() => parseLogin7(b)).toThrow(ProtocolError);
  });

  test('version negotiation answers a version tedious knows, and refuses < 7.2', () => {
    expect(negotiateVersion(0x74000004)).toBe(TdsVersion.V7_4);
    expect(negotiateVersion(0x730b0003)).toBe(TdsVersion.V7_3B);
    expect(negotiateVersion(0x72090002)).toBe(TdsVersion.V7_2);
    expect(negotiateVersion(0x71000001)).toBeNull();
  });
});

describe('requests', () => {
  const allHeaders = '16000000 12000000 0200 0000000000000000 01000000';

  test('the captured tedious RPC for dbo.echo (tds.md §4.7)', () => {
    const payload = hex(
      allHeaders +
        '0800' + ucs2('dbo.echo') + '0000' +
        '09' + ucs2('@job_name') + '00 e7 0001 0904d00034 0200 7800' +
        '07' + ucs2('@job_id') + '00 24 10 10 ff19966f868b11d0b42d00c04fc964ff' +
        '02' + ucs2('@n') + '00 26 04 04 05000000' +
        '02' + ucs2('@b') + '00 68 01 01 01' +
        '05' + ucs2('@blob') + '00 a5 ffff feffffffffffffff 03000000 010203 00000000',
    );
    const rpc = parseRpc(payload);
    expect(rpc.headers).toEqual({ transactionDescriptor: 0n, outstandingRequests: 1 });
    expect(rpc.calls).toHaveLength(1);
    const call = rpc.calls[0]!;
    expect(call.name).toBe('dbo.echo');
    expect(call.params.map((p) => [p.name, p.value, p.type.id])).toEqual([
      ['@job_name', 'x', TypeId.NVARCHAR],
      ['@job_id', '6F9619FF-8B86-D011-B42D-00C04FC964FF', TypeId.GUID],
      ['@n', 5, TypeId.INTN],
      ['@b', true, TypeId.BITN],
      ['@blob', Buffer.from([1, 2, 3]), TypeId.BIGVARBINARY],
    ]);
    expect(call.params[0]!.type.length).toBe(256);
  });

  test('sp_executesql by ProcID 10, with an OUTPUT parameter', () => {
    const payload = hex(allHeaders + 'ffff 0a00 0000' + '00 00 e7 4000 0904d00034 0200 3100' + '02' + ucs2('@o') + '01 26 04 00');
    const call = parseRpc(payload).calls[0]!;
    expect(call.procId).toBe(ProcId.ExecuteSql);
    expect(call.params[1]).toMatchObject({ name: '@o', output: true, value: null });
  });

  test('truncated and oversized parameters are protocol errors', () => {
    const good = allHeaders + '0800' + ucs2('dbo.echo') + '0000' + '02' + ucs2('@n') + '00 26 04 04 05000000';
    expect(() => parseRpc(hex(good.slice(0, -4)))).toThrow(ProtocolError);
    expect(() => parseRpc(hex(allHeaders + '0800' + ucs2('dbo.echo') + '0000' + '02' + ucs2('@s') + '00 e7 0400 0904d00034 0800 6100620063006400'))).toThrow(/longer than/);
    expect(() => parseRpc(hex(allHeaders + '0100' + ucs2('p') + '0000' + '02' + ucs2('@b') + '00 a5 ffff 0000001000000000 00000010'), { maxValueBytes: 1024, maxParams: 10 })).toThrow(/limit/);
  });

  test('SQL batch text as FreeTDS sends it', () => {
    const b = parseSqlBatch(hex(allHeaders + ucs2('EXEC msdb.dbo.sp_help_job\n')));
    expect(b.text).toBe('EXEC msdb.dbo.sp_help_job\n');
  });

  test('transaction manager begin/commit as tedious writes them', () => {
    const begin = parseTransactionManager(hex(allHeaders + '0500 02 00'));
    expect(begin).toMatchObject({ kind: 'begin', isolationLevel: 2, name: '' });
    const commit = parseTransactionManager(hex('16000000 12000000 0200 0100000000000000 01000000 0700 00 00'));
    expect(commit).toMatchObject({ kind: 'commit', beginNew: false, headers: { transactionDescriptor: 1n } });
  });
});

describe('value codec', () => {
  const cases: [string, WireType, SqlValue][] = [
    ['tinyint', Wire.int(1), 255],
    ['smallint', Wire.int(2), -32768],
    ['int', Wire.int(4), -2147483648],
    ['bigint', Wire.int(8), 9007199254740993n],
    ['bit', Wire.bit(), true],
    ['float', Wire.float(8), 3.141592653589793],
    ['guid', Wire.guid(), '6F9619FF-8B86-D011-B42D-00C04FC964FF'],
    ['datetime', Wire.datetime(), new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 500))],
    ['datetime2', Wire.datetime2(7), new Date(-62135596800000)],
    ['datetime2 today', Wire.datetime2(3), new Date(Date.UTC(2030, 11, 31, 23, 59, 59, 999))],
    ['datetimeoffset', Wire.datetimeoffset(7), new Date(Date.UTC(2024, 5, 1, 0, 0, 0, 1))],
    ['decimal', Wire.decimal(10, 2), -1234.56],
    ['decimal 38', Wire.decimal(38, 4), 123456789012.3456],
    ['nvarchar', Wire.nvarchar(20), 'héllo wörld'],
    ['nvarchar(max)', Wire.nvarchar(-1), 'x'.repeat(10_000)],
    ['varbinary', Wire.varbinary(8), Buffer.from([0, 1, 2])],
    ['varbinary(max)', Wire.varbinary(-1), Buffer.alloc(70_000, 9)],
    ['null int', Wire.int(4), null],
    ['null nvarchar', Wire.nvarchar(10), null],
    ['null nvarchar(max)', Wire.nvarchar(-1), null],
    ['null guid', Wire.guid(), null],
  ];
  for (const [name, type, value] of cases) {
    test(`${name} round trips through TYPE_INFO + value`, () => {
      const w = new Writer();
      writeTypeInfo(w, type);
      writeValue(w, type, value);
      const r = new Reader(w.toBuffer());
      const got = readTypedValue(r, { maxValueBytes: 1 << 20 });
      expect(r.remaining).toBe(0);
      if (name === 'bigint') expect(got.value).toBe(9007199254740993n);
      else expect(got.value).toEqual(value);
    });
  }

  test('the writer grows its buffer inside any write, keeping every byte', () => {
    const w = new Writer(1);
    w.u8(1).u32(0x02030405).u64(6n).f64(7.5).u16(8).uintN(0x090a0b, 3);
    const b = w.toBuffer();
    expect(b.length).toBe(1 + 4 + 8 + 8 + 2 + 3);
    expect(b[0]).toBe(1);
    expect(b.readUInt32LE(1)).toBe(0x02030405);
    expect(b.readBigUInt64LE(5)).toBe(6n);
    expect(b.readDoubleLE(13)).toBe(7.5);
    expect(b.readUInt16LE(21)).toBe(8);
    expect(b.readUIntLE(23, 3)).toBe(0x090a0b);
  });

  test('GUIDs are mixed-endian on the wire', () => {
    const w = new Writer();
    writeValue(w, Wire.guid(), '6f9619ff-8b86-d011-b42d-00c04fc964ff');
    expect(w.toBuffer().toString('hex')).toBe('10ff19966f868b11d0b42d00c04fc964ff');
  });

  test('DATETIME: day 0 is 1900-01-01; ticks are 1/300 s', () => {
    expect(datetimeToWire(new Date(Date.UTC(1900, 0, 1)))).toEqual({ days: 0, ticks: 0 });
    expect(datetimeToWire(new Date(Date.UTC(1900, 0, 2, 0, 0, 1)))).toEqual({ days: 1, ticks: 300 });
    expect(datetimeFromWire(45000, 300 * 3600).toISOString()).toBe('2023-03-17T01:00:00.000Z');
  });

  test('DECIMAL magnitude is little-endian after a sign byte', () => {
    const d = decimalToWire(1234.56, 2, 4);
    expect(d.positive).toBe(true);
    expect(d.magnitude.readUInt32LE(0)).toBe(123456);
    expect(() => decimalToWire(1e12, 0, 4)).toThrow(RangeError);
  });

  test('values that do not fit are refused, not truncated silently', () => {
    expect(() => writeValue(new Writer(), Wire.int(1), 256)).toThrow(RangeError);
    expect(() => writeValue(new Writer(), Wire.nvarchar(2), 'abc')).toThrow(RangeError);
    expect(() => writeValue(new Writer(), Wire.guid(), 'not a guid')).toThrow(TypeError);
  });
});

describe('tokens', () => {
  test('DONE / DONEPROC / DONEINPROC layout', () => {
    const w = new Writer();
    writeDone(w, 'done', DoneStatus.MORE | DoneStatus.COUNT, 0xc1, 3);
    writeDone(w, 'doneproc', DoneStatus.ATTN);
    expect(w.toBuffer().toString('hex')).toBe('fd1100c1000300000000000000' + 'fe' + '2000' + '0000' + '0000000000000000');
  });

  test('LOGINACK carries the TDS version big-endian', () => {
    const w = new Writer();
    writeLoginAck(w, TdsVersion.V7_4, 'X', { major: 16, minor: 0, build: 1000 });
    expect(w.toBuffer().toString('hex')).toBe('ad0c00' + '01' + '74000004' + '01' + '5800' + '10' + '00' + '03e8');
  });

  test('ENVCHANGE packet size uses B_VARCHAR strings', () => {
    const w = new Writer();
    writeEnvChangeText(w, 4, '8192', '4096');
    expect(w.toBuffer().toString('hex')).toBe('e31300' + '04' + '04' + ucs2('8192') + '04' + ucs2('4096'));
  });

  test('INFO vs ERROR by severity', () => {
    const w = new Writer();
    writeMessage(w, { number: 5701, state: 2, severity: 10, message: 'm', serverName: 'S', lineNumber: 1 });
    writeMessage(w, { number: 18456, state: 1, severity: 14, message: 'm', serverName: 'S' });
    const b = w.toBuffer();
    expect(b[0]).toBe(0xab);
    expect(b[b.length / 2]).toBe(0xaa);
    expect(b.readUInt32LE(3)).toBe(5701);
  });
});
