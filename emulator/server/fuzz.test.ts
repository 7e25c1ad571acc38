/**
 * The parsers take untrusted input: mutated messages must only ever produce ProtocolError/UnsupportedError
 * (in-process), and over TCP must at worst close that one connection — the server keeps answering.
 */
import sql from 'mssql';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { ProtocolError, UnsupportedError } from '../tds/bytes.js';
import { parseLogin7 } from '../tds/login7.js';
import { framePackets, MessageReader, PacketType } from '../tds/packet.js';
import { parsePrelogin } from '../tds/prelogin.js';
import { parseRpc } from '../tds/rpc.js';
import { parseSqlBatch } from '../tds/sql-batch.js';
import { parseTransactionManager } from '../tds/transaction-manager.js';
import { parseBatch } from '../tsql/parser.js';
import { SqlSyntaxError } from '../tsql/lexer.js';
import { startHarness, SA_PASSWORD, type Harness } from './tests/harness.js';
import { login7Payload, preloginPayload, RawClient } from './tests/raw-client.js';

const hex = (s: string) => Buffer.from(s.replace(/[^0-9a-f]/gi, ''), 'hex');
const ucs2 = (s: string) => Buffer.from(s, 'utf16le').toString('hex');
const allHeaders = '16000000 12000000 0200 0000000000000000 01000000';
const RPC = hex(
  allHeaders + '0800' + ucs2('dbo.echo') + '0000' +
    '09' + ucs2('@job_name') + '00 e7 0001 0904d00034 0200 7800' +
    '07' + ucs2('@job_id') + '01 24 10 10 ff19966f868b11d0b42d00c04fc964ff' +
    '02' + ucs2('@n') + '00 26 04 04 05000000' +
    '02' + ucs2('@d') + '00 6a 11 26 04 11 01 ' + '00'.repeat(16) +
    '03' + ucs2('@dt') + '00 2b 07 0a 0000000000 000000 0000' +
    '05' + ucs2('@blob') + '00 a5 ffff feffffffffffffff 03000000 010203 00000000',
);
// A table-valued parameter (catalog.Package_Table_Type shape, two rows) as tedious writes it.
const TVP_RPC = hex(
  allHeaders + '0800' + ucs2('dbo.echo') + '0000' +
    '0f' + ucs2('@packages_table') + '00 f3 00 07' + ucs2('catalog') + '12' + ucs2('Package_Table_Type') +
    '0200 00000000 0000 e7 0802 0000000000 00 00000000 0000 a5 ffff 00 00' +
    '01 0200 4100 feffffffffffffff 02000000 0102 00000000' +
    '01 0200 4200 ffffffffffffffff 00',
);
const BATCH = hex(allHeaders + ucs2("DECLARE @x int = 1; EXEC @x = dbo.echo N'a', @b = @x OUTPUT; SELECT @x AS x, SERVERPROPERTY('Edition')"));
const TM = hex(allHeaders + '0500 02 00');

/** Deterministic PRNG so a failure can be replayed. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

function mutate(src: Buffer, rand: () => number): Buffer {
  const b = Buffer.from(src);
  const n = 1 + Math.floor(rand() * 4);
  for (let i = 0; i < n; i++) {
    const at = Math.floor(rand() * b.length);
    const op = rand();
    if (op < 0.6) b[at] = Math.floor(rand() * 256);
    else if (op < 0.8) b[at] = rand() < 0.5 ? 0xff : 0x00;
    else return Buffer.concat([b.subarray(0, at), b.subarray(Math.min(b.length, at + 1 + Math.floor(rand() * 8)))]);
  }
  return rand() < 0.1 ? b.subarray(0, Math.floor(rand() * b.length)) : b;
}

const expected = (e: unknown) => e instanceof ProtocolError || e instanceof UnsupportedError;

test('parsers throw only ProtocolError/UnsupportedError on 24,000 mutated inputs', () => {
  expect(parseRpc(TVP_RPC).calls[0]!.params[0]!.table!.rows).toEqual([['A', Buffer.from([1, 2])], ['B', null]]);
  const rand = rng(12345);
  const inputs: [string, Buffer, (b: Buffer) => unknown][] = [
    ['rpc', RPC, (b) => parseRpc(b, { maxValueBytes: 1 << 20, maxParams: 100 })],
    ['tvp', TVP_RPC, (b) => parseRpc(b, { maxValueBytes: 1 << 20, maxParams: 100 })],
    ['batch', BATCH, parseSqlBatch],
    ['tm', TM, parseTransactionManager],
    ['prelogin', preloginPayload(), parsePrelogin],
    ['login7', login7Payload('sa', 'pw'), parseLogin7],
  ];
  const surprises: string[] = [];
  for (let i = 0; i < 4000; i++) {
    for (const [name, src, parse] of inputs) {
      const m = mutate(src, rand);
      try {
        parse(m);
      } catch (e) {
        if (!expected(e)) surprises.push(`${name} ${m.toString('hex')}: ${String(e)}`);
      }
    }
  }
  expect(surprises.slice(0, 5)).toEqual([]);
});

test('the T-SQL parser throws only SqlSyntaxError on mutated text', () => {
  const rand = rng(777);
  const text = "DECLARE @x int = 1; EXEC @x = [msdb].dbo.echo N'a''b', @b = @x OUTPUT, @c = 0x0102, @d = -1.5; SELECT @x AS x, CAST('1' AS int) [y]; /* c */ USE msdb";
  const surprises: string[] = [];
  for (let i = 0; i < 5000; i++) {
    const chars = [...text];
    for (let k = 0; k < 3; k++) chars[Math.floor(rand() * chars.length)] = String.fromCharCode(32 + Math.floor(rand() * 95));
    try {
      parseBatch(chars.join(''));
    } catch (e) {
      if (!(e instanceof SqlSyntaxError)) surprises.push(`${chars.join('')}: ${String(e)}`);
    }
  }
  expect(surprises.slice(0, 5)).toEqual([]);
});

test('the packet reader throws only ProtocolError on mutated streams', () => {
  const rand = rng(99);
  const stream = Buffer.concat([framePackets(PacketType.RPC, RPC, 512), framePackets(PacketType.SQL_BATCH, BATCH, 512)]);
  for (let i = 0; i < 3000; i++) {
    const r = new MessageReader({ maxMessageBytes: 1 << 16 }, { onMessage: () => {}, onAttention: () => {} });
    try {
      r.push(mutate(stream, rand));
    } catch (e) {
      expect(e).toBeInstanceOf(ProtocolError);
    }
  }
});

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

test('over TCP: 2,000 mutated requests and pre-login garbage, then a new client is served', async () => {
  const rand = rng(4242);
  let client = await RawClient.login(h.host, h.port, 'sa', SA_PASSWORD);
  let closes = 0;
  let timeouts = 0;
  const sources: [number, Buffer][] = [
    [PacketType.RPC, RPC],
    [PacketType.RPC, TVP_RPC],
    [PacketType.SQL_BATCH, BATCH],
    [PacketType.TRANSACTION_MANAGER, TM],
  ];
  for (let i = 0; i < 2000; i++) {
    const [type, src] = sources[i % sources.length]!;
    const bytes = mutate(src, rand);
    if (rand() < 0.05) {
      // Mutated framing may leave a message unfinished (no EOM): the server then rightly waits for
      // more, so don't wait for an answer; start over on a new connection.
      client.writeRaw(mutate(framePackets(type, bytes, 4096), rand));
      await client.readMessage(30).catch(() => null);
      client.close();
      client = await RawClient.login(h.host, h.port, 'sa', SA_PASSWORD);
      continue;
    }
    client.send(type, bytes);
    // A well-framed message, however mangled inside, gets an answer or a closed connection — never silence.
    const reply = await client.readMessage(5000).catch(() => {
      timeouts++;
      return null;
    });
    if (reply === null) {
      closes++;
      client.close();
      client = await RawClient.login(h.host, h.port, 'sa', SA_PASSWORD);
    }
  }
  client.close();
  // Garbage before login on fresh connections.
  for (let i = 0; i < 50; i++) {
    const c = await RawClient.open(h.host, h.port);
    c.writeRaw(mutate(Buffer.concat([framePackets(PacketType.PRELOGIN, preloginPayload(), 4096), framePackets(PacketType.LOGIN7, login7Payload('sa', SA_PASSWORD), 4096)]), rand));
    await c.readMessage(250).catch(() => null);
    c.close();
  }
  // Garbage inside the TLS handshake (wrapped in PRELOGIN packets) and as a TDS 8 ClientHello: whole TLS
  // records of random bytes (a record cut short would rightly make the server wait for the rest).
  const garbageRecord = () => {
    const body = Buffer.from(Array.from({ length: 16 + Math.floor(rand() * 200) }, () => Math.floor(rand() * 256)));
    const header = Buffer.from([0x16, 0x03, 0x01, 0, 0]);
    header.writeUInt16BE(body.length, 3);
    return Buffer.concat([header, body]);
  };
  const encrypting = preloginPayload();
  encrypting[encrypting.readUInt16BE(6) /* option 1 = ENCRYPTION */] = 0x01;
  for (let i = 0; i < 40; i++) {
    const c = await RawClient.open(h.host, h.port);
    if (i % 2 === 0) {
      c.send(PacketType.PRELOGIN, encrypting);
      expect(await c.readMessage(2000)).not.toBeNull();
      c.send(PacketType.PRELOGIN, garbageRecord());
    } else {
      c.writeRaw(garbageRecord());
    }
    // The TLS engine answers with an alert or nothing; either way the connection must end.
    for (let k = 0; k < 5 && !c.closed; k++) await c.readMessage(1000).catch(() => null);
    expect(c.closed).toBe(true);
    c.close();
  }
  expect(closes).toBeGreaterThan(0);
  expect(timeouts).toBe(0);
  const pool = await h.pool();
  const r = await pool.request().input('job_name', sql.NVarChar(128), 'after fuzz').execute('dbo.echo');
  expect(r.recordset[0]).toMatchObject({ name: 'job_name', value: 'after fuzz' });
}, 60_000);
