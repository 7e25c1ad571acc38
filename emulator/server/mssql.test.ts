/**
 * Conformance with the real mssql/tedious client over TCP: every encryption mode, RPC with OUTPUT
 * parameters, result sets, INFO/ERROR, sp_executesql, batches, a 5 MB PLP parameter, cancel, timeout,
 * concurrency, transactions and login failures.
 */
import { createHash, randomBytes } from 'node:crypto';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { framePackets, PacketType } from '../tds/packet.js';
import { startHarness, SA_PASSWORD, type Harness } from './tests/harness.js';
import { login7Payload, preloginPayload, RawClient } from './tests/raw-client.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function echoRoundTrip(pool: sql.ConnectionPool): Promise<void> {
  const r = await pool.request().input('job_name', sql.NVarChar(128), 'Nightly load').output('job_id', sql.UniqueIdentifier).output('n', sql.Int, 21).execute('msdb.dbo.echo');
  expect(r.returnValue).toBe(3);
  expect(r.recordset.map((x) => [x.name, x.value, x.type])).toEqual([
    ['job_name', 'Nightly load', 'nvarchar'],
    ['job_id', null, 'uniqueidentifier'],
    ['n', '21', 'int'],
  ]);
  expect(r.output).toEqual({ job_id: '6F9619FF-8B86-D011-B42D-00C04FC964FF', n: 42 });
  const q = await pool.request().query('SELECT 1 AS one, @@SERVERNAME AS server');
  expect(q.recordset).toEqual([{ one: 1, server: 'SRV1' }]);
}

describe('encryption modes', () => {
  test('encrypt: false (plaintext)', async () => {
    await echoRoundTrip(await h.pool({}, { encrypt: false }));
  });
  test('encrypt: true + trustServerCertificate (TLS 1.2 inside PRELOGIN)', async () => {
    await echoRoundTrip(await h.pool({}, { encrypt: true, trustServerCertificate: true }));
  });
  test('encrypt: true validated against the generated certificate as CA', async () => {
    const pool = await h.pool({ server: 'localhost' }, { encrypt: true, trustServerCertificate: false, cryptoCredentialsDetails: { ca: h.cert } });
    await echoRoundTrip(pool);
  });
  test('encrypt: true without trusting the certificate is refused by the client', async () => {
    await expect(h.pool({ server: 'localhost' }, { encrypt: true, trustServerCertificate: false })).rejects.toThrow(/certificate/i);
  });
  test("encrypt: 'strict' (TDS 8, TLS first with ALPN tds/8.0) with the CA", async () => {
    const pool = await h.pool({ server: 'localhost' }, { encrypt: 'strict', cryptoCredentialsDetails: { ca: h.cert } } as unknown as sql.config['options']);
    await echoRoundTrip(pool);
  });
});

describe('server tls setting', () => {
  test("tls 'off': plaintext by default, yet a client that requires encryption still gets full TLS", async () => {
    const off = await startHarness({ tls: 'off' });
    try {
      await echoRoundTrip(await off.pool({}, { encrypt: false }));
      await echoRoundTrip(await off.pool({}, { encrypt: true, trustServerCertificate: true }));
    } finally {
      await off.close();
    }
  });

  test("tls 'strict': only TDS 8 clients get in", async () => {
    const strict = await startHarness({ tls: 'strict' });
    try {
      await expect(strict.pool({}, { encrypt: false })).rejects.toMatchObject({ code: expect.stringMatching(/ESOCKET|ECONNCLOSED|ELOGIN/) });
      const pool = await strict.pool({ server: 'localhost' }, { encrypt: 'strict', cryptoCredentialsDetails: { ca: strict.cert } } as unknown as sql.config['options']);
      await echoRoundTrip(pool);
    } finally {
      await strict.close();
    }
  });
});

describe('requests', () => {
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    pool = await h.pool({ pool: { max: 1, min: 0 } });
  });

  test('parameter types arrive decoded', async () => {
    const when = new Date(Date.UTC(2024, 1, 29, 13, 45, 30, 500));
    const r = await pool
      .request()
      .input('i', sql.Int, -7)
      .input('big', sql.BigInt, 9007199254740991)
      .input('tiny', sql.TinyInt, 250)
      .input('small', sql.SmallInt, -300)
      .input('bit', sql.Bit, true)
      .input('f', sql.Float, 1.5)
      .input('dec', sql.Decimal(10, 2), 1234.56)
      .input('money', sql.Money, 12.5)
      .input('dt', sql.DateTime, when)
      .input('dt2', sql.DateTime2(7), when)
      .input('d', sql.Date, when)
      .input('bin', sql.VarBinary(10), Buffer.from([1, 2, 0xff]))
      .input('guid', sql.UniqueIdentifier, '6f9619ff-8b86-d011-b42d-00c04fc964ff')
      .input('vc', sql.VarChar(50), 'latin é')
      .input('nmax', sql.NVarChar(sql.MAX), 'ü'.repeat(5000))
      .input('nul', sql.NVarChar(10), null)
      .execute('dbo.echo');
    const got = Object.fromEntries(r.recordset.map((x) => [x.name, [x.value, x.type]]));
    expect(got).toEqual({
      i: ['-7', 'int'],
      big: ['9007199254740991', 'bigint'],
      tiny: ['250', 'tinyint'],
      small: ['-300', 'smallint'],
      bit: ['true', 'bit'],
      f: ['1.5', 'float'],
      dec: ['1234.56', 'decimal'],
      money: ['12.5', 'decimal'],
      dt: ['2024-02-29T13:45:30.500Z', 'datetime'],
      dt2: ['2024-02-29T13:45:30.500Z', 'datetime2'],
      d: ['2024-02-29T00:00:00.000Z', 'datetime2'],
      bin: ['0x0102ff', 'varbinary'],
      guid: ['6F9619FF-8B86-D011-B42D-00C04FC964FF', 'uniqueidentifier'],
      vc: ['latin é', 'varchar'],
      nmax: ['ü'.repeat(5000), 'nvarchar'],
      nul: [null, 'nvarchar'],
    });
  });

  test('result columns of every contract type decode in tedious to the values the engine gave', async () => {
    const r = await pool.request().execute('dbo.all_types');
    const row = r.recordset[0];
    expect({ ...row, nvmax: row.nvmax.length, binmax: [row.binmax.length, row.binmax[99_999]] }).toEqual({
      nv: 'Grüße',
      nvmax: 9000,
      v: 'plain',
      i: -2147483648,
      big: '9007199254740993',
      small: -32768,
      tiny: 255,
      b: true,
      g: '6F9619FF-8B86-D011-B42D-00C04FC964FF',
      bin: Buffer.from([0, 1, 0xfe]),
      binmax: [100_000, 7],
      dt: new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 997)),
      dt2: new Date(Date.UTC(1, 0, 1)),
      dto: new Date(Date.UTC(2024, 5, 1, 12, 0, 0, 123)),
      f: -1.5e-300,
      d: -1234567890.1234,
      nul: null,
    });
    expect(row.nvmax).toBe('ä'.repeat(9000));
    const types = r.recordset.columns;
    expect([types.nvmax!.length, types.d!.precision, types.d!.scale, types.nul!.nullable]).toEqual([65535, 18, 4, true]); // mssql shows (max) as 0xFFFF
  });

  test('a 10-column result set with no rows keeps its columns', async () => {
    const r = await pool.request().input('job_name', sql.NVarChar(128), 'x').execute('msdb.dbo.sp_help_job');
    expect(r.recordsets).toHaveLength(1);
    expect(r.recordset).toHaveLength(0);
    expect(Object.keys(r.recordset.columns)).toEqual(['job_id', 'originating_server', 'name', 'enabled', 'description', 'start_step_id', 'category', 'owner', 'notify_level_eventlog', 'date_created']);
    expect(r.returnValue).toBe(0);
  });

  test('INFO is an info event; ERROR is a RequestError with number, class and state', async () => {
    const req = pool.request();
    const infos: { number: number; message: string }[] = [];
    req.on('info', (i: { number: number; message: string }) => infos.push({ number: i.number, message: i.message }));
    const err = await req.execute('dbo.fail').then(
      () => null,
      (e: unknown) => e as sql.RequestError & { class: number; state: number; procName: string; lineNumber: number },
    );
    expect(err).toBeInstanceOf(sql.RequestError);
    expect(err!.number).toBe(50001);
    expect(err!.class).toBe(16);
    expect(err!.state).toBe(2);
    expect(err!.procName).toBe('fail');
    expect(err!.lineNumber).toBe(7);
    expect(err!.message).toBe('The test procedure failed on purpose.');
    expect(infos).toEqual([{ number: 14243, message: "Job 'x' started successfully." }]);
  });

  test('an unknown procedure is error 2812 from the engine', async () => {
    await expect(pool.request().execute('dbo.no_such_proc')).rejects.toMatchObject({ number: 2812 });
  });

  test('an engine exception becomes error 50000 and the connection survives', async () => {
    await expect(pool.request().execute('dbo.throws')).rejects.toMatchObject({ number: 50000, message: expect.stringContaining('deliberate engine bug') });
    const q = await pool.request().query('SELECT 2 AS two');
    expect(q.recordset).toEqual([{ two: 2 }]);
  });

  test('sp_executesql with typed parameters and an OUTPUT parameter', async () => {
    const r = await pool
      .request()
      .input('name', sql.NVarChar(50), 'abc')
      .input('n', sql.Int, 5)
      .output('out', sql.NVarChar(50))
      .query('EXEC msdb.dbo.echo @job_name = @name, @n = @n, @o = @name OUTPUT; SET @out = N\'set:\' + @name');
    expect(r.recordset.map((x) => [x.name, x.value])).toEqual([
      ['job_name', 'abc'],
      ['n', '5'],
      ['o', 'abc'],
    ]);
    expect(r.output).toEqual({ out: 'set:ABC' });
  });

  test('query() passes statements it does not handle to engine.query with the parameters', async () => {
    const r = await pool.request().input('id', sql.Int, 3).query('SELECT COUNT(*) FROM dbo.calls');
    expect(r.recordset[0].n).toBe(h.log.calls.length);
    const last = h.log.queries.at(-1)!;
    expect(last.text).toBe('SELECT COUNT(*) FROM dbo.calls');
    expect(last.params).toEqual([{ name: 'id', value: 3, output: false, type: 'int' }]);
  });

  test('an unsupported statement gets a clear SQL error, not a crash', async () => {
    await expect(pool.request().query("EXEC ('SELECT 1')")).rejects.toMatchObject({ message: expect.stringContaining('not supported by the SQL Server Agent emulator') });
  });

  test('a batch: DECLARE, EXEC @rc = ... OUTPUT, SELECT, USE, @@ functions', async () => {
    const r = await pool.request().batch(`
      SET NOCOUNT ON
      DECLARE @id uniqueidentifier, @rc int
      EXEC @rc = [msdb].[dbo].[echo] @job_name = N'it''s', @job_id = @id OUTPUT
      SELECT @rc AS rc, @id AS id;
      USE SSISDB
      SELECT DB_NAME() AS db, SERVERPROPERTY('ProductVersion') AS v, @@SPID AS spid`);
    const sets = r.recordsets as sql.IRecordSet<Record<string, unknown>>[];
    expect(sets).toHaveLength(3);
    expect(sets[0]![0]).toMatchObject({ name: 'job_name', value: "it's" });
    expect(sets[1]).toEqual([{ rc: 2, id: '6F9619FF-8B86-D011-B42D-00C04FC964FF' }]);
    expect(sets[2]![0]).toMatchObject({ db: 'SSISDB', v: '16.0.1000.6' });
    expect(sets[2]![0]!.spid).toBeGreaterThanOrEqual(51);
    await pool.request().batch('USE msdb');
  });

  test('batch() with an OUTPUT parameter (mssql declares and selects it)', async () => {
    const r = await pool.request().input('a', sql.Int, 20).output('o', sql.Int).batch('SET @o = @a + 1');
    expect(r.output).toEqual({ o: 21 });
  });

  test('a 5 MB varbinary(max) parameter arrives intact', async () => {
    const blob = randomBytes(5 * 1024 * 1024);
    const r = await pool.request().input('blob', sql.VarBinary(sql.MAX), blob).execute('dbo.blob_len');
    expect(r.recordset).toEqual([{ len: blob.length, sha256: createHash('sha256').update(blob).digest('hex') }]);
  });

  test('a 5 MB nvarchar(max) parameter arrives intact and comes back as a PLP column and OUTPUT value', async () => {
    const text = 'Zürich ✓ '.repeat(290_000); // 2.61 M UTF-16 code units ≈ 5.2 MB on the wire
    const r = await pool.request().input('text', sql.NVarChar(sql.MAX), text).output('o', sql.NVarChar(sql.MAX), 'ab').execute('dbo.echo');
    expect(r.recordset[0].value.length).toBe(text.length);
    expect(r.recordset[0].value === text).toBe(true);
    expect(r.output.o).toBe('AB');
  });

  test('cancel gives ECANCEL and the connection stays usable', async () => {
    const req = pool.request();
    const started = Date.now();
    setTimeout(() => req.cancel(), 200);
    await expect(req.input('ms', sql.Int, 5000).execute('dbo.sleep')).rejects.toMatchObject({ code: 'ECANCEL' });
    expect(Date.now() - started).toBeLessThan(2000);
    const q = await pool.request().query('SELECT 3 AS three');
    expect(q.recordset).toEqual([{ three: 3 }]);
  });

  test('request timeout gives ETIMEOUT and the connection stays usable', async () => {
    const p = await h.pool({ requestTimeout: 300, pool: { max: 1, min: 0 } });
    await expect(p.request().input('ms', sql.Int, 5000).execute('dbo.sleep')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    const q = await p.request().query('SELECT 4 AS four');
    expect(q.recordset).toEqual([{ four: 4 }]);
  });
});

describe('transactions', () => {
  test('Transaction.begin/commit reach the engine and calls run inside it', async () => {
    const pool = await h.pool({ pool: { max: 1, min: 0 } });
    const before = h.log.transactions.length;
    const tx = new sql.Transaction(pool);
    await tx.begin();
    await new sql.Request(tx).input('job_name', sql.NVarChar(128), 'in tx').execute('dbo.echo');
    expect(h.log.calls.at(-1)).toMatchObject({ inTransaction: true });
    await tx.commit();
    await pool.request().execute('dbo.echo');
    expect(h.log.calls.at(-1)).toMatchObject({ inTransaction: false });

    const tx2 = new sql.Transaction(pool);
    await tx2.begin();
    await tx2.rollback();
    expect(h.log.transactions.slice(before)).toEqual(['begin sa', 'commit', 'begin sa', 'rollback']);
  });

  test('RESETCONNECTION rolls back an open transaction; RESETCONNECTIONSKIPTRAN keeps it', async () => {
    const batch = (text: string) => Buffer.concat([Buffer.from('16000000120000000200000000000000000001000000', 'hex'), Buffer.from(text, 'utf16le')]);
    const c = await RawClient.login(h.host, h.port, 'sa', SA_PASSWORD);
    try {
      const before = h.log.transactions.length;
      c.send(PacketType.SQL_BATCH, batch('BEGIN TRAN'));
      expect((await c.readMessage())!.includes(Buffer.from([0xe3, 0x0b, 0x00, 0x08]))).toBe(true); // ENVCHANGE begin
      const withReset = (status: number, text: string) => {
        const framed = framePackets(PacketType.SQL_BATCH, batch(text), 4096);
        framed[1] = status;
        c.writeRaw(framed);
        return c.readMessage();
      };
      const kept = (await withReset(0x11, 'SELECT @@TRANCOUNT AS n'))!;
      expect(kept.includes(Buffer.from([0xe3, 0x03, 0x00, 0x12, 0x00, 0x00]))).toBe(true); // ENVCHANGE reset ack
      expect(h.log.transactions.slice(before)).toEqual(['begin sa']);
      const reset = (await withReset(0x09, 'SELECT @@TRANCOUNT AS n'))!;
      expect(reset.includes(Buffer.from([0xe3, 0x0b, 0x00, 0x0a, 0x00, 0x08]))).toBe(true); // ENVCHANGE rollback
      expect(h.log.transactions.slice(before)).toEqual(['begin sa', 'rollback']);
    } finally {
      c.close();
    }
  });

  test('BEGIN TRAN / COMMIT in T-SQL', async () => {
    const pool = await h.pool({ pool: { max: 1, min: 0 } });
    const before = h.log.transactions.length;
    const r = await pool.request().batch('BEGIN TRAN; SELECT @@TRANCOUNT AS n; COMMIT');
    expect(r.recordset).toEqual([{ n: 1 }]);
    expect(h.log.transactions.slice(before)).toEqual(['begin sa', 'commit']);
    await expect(pool.request().batch('COMMIT')).rejects.toMatchObject({ number: 3902 });
  });
});

describe('logins and concurrency', () => {
  test('a wrong password is ELOGIN 18456 "Login failed for user"', async () => {
    const err = await h.pool({ password: 'wrong' }).then(
      () => null,
      (e: unknown) => e as sql.ConnectionError & { originalError?: { number?: number } },
    );
    expect(err).toBeInstanceOf(sql.ConnectionError);
    expect(err!.code).toBe('ELOGIN');
    expect(err!.message).toBe("Login failed for user 'sa'.");
  });

  test('the login reply to a wrong password is ERROR 18456, class 14, then DONE with the ERROR bit', async () => {
    const c = await RawClient.open(h.host, h.port);
    try {
      c.send(PacketType.PRELOGIN, preloginPayload());
      await c.readMessage();
      c.send(PacketType.LOGIN7, login7Payload('sa', 'wrong'));
      const reply = (await c.readMessage())!;
      expect(reply[0]).toBe(0xaa); // ERROR
      expect(reply.readUInt32LE(3)).toBe(18456);
      expect(reply[7]).toBe(1); // state
      expect(reply[8]).toBe(14); // class
      const done = reply.subarray(3 + reply.readUInt16LE(1));
      expect(done[0]).toBe(0xfd);
      expect(done.readUInt16LE(1) & 0x02).toBe(0x02);
      expect(await c.readMessage()).toBeNull(); // and the server closes the connection
    } finally {
      c.close();
    }
  });

  test('a declared login works; an unknown database is refused', async () => {
    const h2 = await startHarness({ logins: [{ name: 'deployer', password: 'Dep#1', roles: ['SQLAgentOperatorRole'] }] });
    try {
      const p = await h2.pool({ user: 'deployer', password: 'Dep#1' });
      const r = await p.request().query('SELECT SUSER_SNAME() AS who');
      expect(r.recordset).toEqual([{ who: 'deployer' }]);
      await expect(h2.pool({ database: 'nope' })).rejects.toMatchObject({ code: 'ELOGIN' });
    } finally {
      await h2.close();
    }
  });

  test('20 concurrent connections, 400 calls, every answer matches its request', async () => {
    const pool = await h.pool({ pool: { max: 20, min: 20 } }, { encrypt: true, trustServerCertificate: true });
    const results = await Promise.all(
      Array.from({ length: 400 }, async (_, i) => {
        const r = await pool.request().input('n', sql.Int, i).output('o', sql.Int, i).execute('dbo.echo');
        return r.output.o === i * 2 && r.recordset[0].value === String(i);
      }),
    );
    expect(results.every(Boolean)).toBe(true);
  });

  test('the sa password is checked', async () => {
    const p = await h.pool({ password: SA_PASSWORD });
    expect((await p.request().query('SELECT 1 AS x')).recordset).toEqual([{ x: 1 }]);
  });
});
