/**
 * Fault injection (--latency, --drop-after), what a dropped connection does to an open transaction, and
 * the limits on untrusted input: each closes only the offending connection, never the server.
 */
import { randomBytes } from 'node:crypto';
import sql from 'mssql';
import { describe, expect, test } from 'vitest';
import { framePackets, PacketType } from '../tds/packet.js';
import { startHarness } from './tests/harness.js';
import { preloginPayload, RawClient } from './tests/raw-client.js';

const noValidation = { validateConnection: false } as unknown as Partial<sql.config>;

describe('fault injection', () => {
  test('dropAfter: the first N requests are answered, then the connection is dropped mid-request', async () => {
    const h = await startHarness({ dropAfter: 2 });
    try {
      const pool = await h.pool({ pool: { max: 1, min: 0 } });
      // SET batches and SELECT 1 (pool validation) never reach the engine, so they are not counted.
      await pool.request().input('n', sql.Int, 1).execute('dbo.echo');
      await pool.request().input('n', sql.Int, 2).execute('dbo.echo');
      const err = await pool
        .request()
        .input('n', sql.Int, 3)
        .execute('dbo.echo')
        .then(() => null, (e: unknown) => e as { code?: string; name?: string });
      expect(err?.code).toMatch(/ECONNCLOSED|ESOCKET|ECONNRESET/);
      expect(h.log.calls.map((c) => c.params[0]?.value)).toEqual([1, 2]);
    } finally {
      await h.close();
    }
  });

  test('a connection dropped inside a client transaction is rolled back', async () => {
    const h = await startHarness({ dropAfter: 2 });
    try {
      const pool = await h.pool({ pool: { max: 1, min: 0 } });
      const tx = new sql.Transaction(pool);
      await tx.begin(); // request 1
      await new sql.Request(tx).input('n', sql.Int, 1).execute('dbo.echo'); // request 2
      await expect(new sql.Request(tx).input('n', sql.Int, 2).execute('dbo.echo')).rejects.toMatchObject({ code: expect.stringMatching(/ECONNCLOSED|ESOCKET|ECONNRESET/) });
      await expect.poll(() => h.log.transactions).toEqual(['begin sa', 'rollback']);
      // The client still holds the dead connection for the transaction; give it back so the pool can close.
      await tx.rollback().catch(() => undefined);
    } finally {
      await h.close();
    }
  });

  test('latencyMs delays every request', async () => {
    const h = await startHarness({ latencyMs: 150 });
    try {
      const pool = await h.pool({ pool: { max: 1, min: 0 }, ...noValidation });
      const started = Date.now();
      await pool.request().execute('dbo.echo');
      await pool.request().execute('dbo.echo');
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    } finally {
      await h.close();
    }
  });

  test('cancel during the injected latency: ECANCEL, and the procedure never runs', async () => {
    const h = await startHarness({ latencyMs: 600 });
    try {
      const pool = await h.pool({ pool: { max: 1, min: 0 }, ...noValidation });
      const req = pool.request();
      setTimeout(() => req.cancel(), 100);
      await expect(req.execute('dbo.echo')).rejects.toMatchObject({ code: 'ECANCEL' });
      expect(h.log.calls).toEqual([]);
    } finally {
      await h.close();
    }
  });
});

describe('limits on untrusted input', () => {
  test('a message over maxMessageBytes closes that connection; the server keeps serving', async () => {
    const h = await startHarness({ limits: { maxMessageBytes: 64 * 1024 } });
    try {
      const pool = await h.pool({ pool: { max: 1, min: 0 } });
      const small = await pool.request().input('blob', sql.VarBinary(sql.MAX), randomBytes(32 * 1024)).execute('dbo.blob_len');
      expect(small.recordset[0].len).toBe(32 * 1024);
      await expect(pool.request().input('blob', sql.VarBinary(sql.MAX), randomBytes(100 * 1024)).execute('dbo.blob_len')).rejects.toMatchObject({
        code: expect.stringMatching(/ECONNCLOSED|ESOCKET|ECONNRESET/),
      });
      const fresh = await h.pool();
      expect((await fresh.request().input('blob', sql.VarBinary(sql.MAX), Buffer.from([1, 2])).execute('dbo.blob_len')).recordset[0].len).toBe(2);
    } finally {
      await h.close();
    }
  });

  test('a value over maxValueBytes is refused even inside an allowed message', async () => {
    const h = await startHarness({ limits: { maxValueBytes: 1024 } });
    try {
      const pool = await h.pool({ pool: { max: 1, min: 0 } });
      await expect(pool.request().input('blob', sql.VarBinary(sql.MAX), randomBytes(2048)).execute('dbo.blob_len')).rejects.toMatchObject({
        code: expect.stringMatching(/ECONNCLOSED|ESOCKET|ECONNRESET/),
      });
    } finally {
      await h.close();
    }
  });

  test('before login, a message over 128 KB is refused (an anonymous client cannot make the server buffer much)', async () => {
    const logs: string[] = [];
    const h = await startHarness({ log: (l) => logs.push(l) });
    try {
      const c = await RawClient.open(h.host, h.port);
      const big = Buffer.concat([preloginPayload(), Buffer.alloc(200 * 1024)]);
      c.writeRaw(framePackets(PacketType.PRELOGIN, big, 32 * 1024));
      expect(await c.readMessage(5000)).toBeNull(); // closed without an answer
      expect(logs.some((l) => l.includes('message larger than 131072 bytes'))).toBe(true);
      const ok = await RawClient.login(h.host, h.port, 'sa', 'Test#Pass1');
      ok.close();
    } finally {
      await h.close();
    }
  });

  test('a client that never logs in is closed after loginTimeoutMs', async () => {
    const h = await startHarness({ limits: { loginTimeoutMs: 200 } });
    try {
      const c = await RawClient.open(h.host, h.port);
      const started = Date.now();
      expect(await c.readMessage(5000)).toBeNull();
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      await h.close();
    }
  });

  test('connections over maxConnections are closed at once; the others keep working', async () => {
    const h = await startHarness({ limits: { maxConnections: 2 } });
    try {
      const a = await RawClient.login(h.host, h.port, 'sa', 'Test#Pass1');
      const b = await RawClient.login(h.host, h.port, 'sa', 'Test#Pass1');
      const c = await RawClient.open(h.host, h.port);
      expect(await c.readMessage(5000)).toBeNull();
      a.close();
      await expect.poll(async () => {
        const d = await RawClient.open(h.host, h.port);
        d.send(PacketType.PRELOGIN, preloginPayload());
        const reply = await d.readMessage(1000).catch(() => null);
        d.close();
        return reply !== null;
      }).toBe(true);
      b.close();
    } finally {
      await h.close();
    }
  });
});
