/**
 * What a parent package's "start and wait" Execute SQL Task sends (see /work/notes/wire-children.md):
 * WAITFOR DELAY, SELECT @v = col FROM <msdb view>, WHILE with BREAK/CONTINUE — parsed, and run over TCP.
 */
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createEngine } from '../engine/index.js';
import { startEmulator, type RunningEmulator } from '../start.js';
import { SqlRuntimeError } from './errors.js';
import { parseBatch } from './parser.js';
import { compile } from './program.js';

describe('parsing', () => {
  test('SELECT @a = col, @b = MAX(x) FROM ... becomes one engine query with the columns only', () => {
    const s = parseBatch('SELECT @hist = job_history_id, @stop = MAX(stop_execution_date) FROM msdb.dbo.sysjobactivity WHERE job_id = @id; SELECT @x = 1');
    expect(s).toEqual([
      { kind: 'select-assign', vars: ['hist', 'stop'], text: 'SELECT job_history_id, MAX(stop_execution_date) FROM msdb.dbo.sysjobactivity WHERE job_id = @id' },
      { kind: 'select', items: [{ expr: { kind: 'literal', value: 1, type: expect.anything() }, alias: '', assignTo: 'x' }] },
    ]);
  });

  test('WHILE with a block, BREAK and CONTINUE compile to jumps; outside a loop they are 135/136', () => {
    const steps = compile(parseBatch("WHILE @i < 3 BEGIN SET @i = @i + 1; IF @i = 1 CONTINUE; IF @i = 2 BREAK; WAITFOR DELAY '00:00:01' END PRINT 'x'"));
    expect(steps.map((s) => s.op)).toEqual(['if', 'run', 'if', 'jump', 'if', 'jump', 'run', 'jump', 'run']);
    expect(steps[3]).toEqual({ op: 'jump', to: 0 });
    expect(steps[5]).toEqual({ op: 'jump', to: 8 });
    expect(steps[0]).toMatchObject({ elseAt: 8 });
    expect(() => compile(parseBatch('BREAK'))).toThrow(SqlRuntimeError);
    try {
      compile(parseBatch('IF 1 = 1 CONTINUE'));
    } catch (e) {
      expect((e as SqlRuntimeError).number).toBe(136);
    }
  });
});

let emu: RunningEmulator;
let pool: sql.ConnectionPool;
beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SRV1', host: '127.0.0.1', port: 0 }], saPassword: 'Sa!Pass1', tls: 'off', createEngine });
  const srv = emu.servers[0]!;
  pool = await new sql.ConnectionPool({ server: srv.host, port: srv.port, user: 'sa', password: 'Sa!Pass1', database: 'msdb', options: { encrypt: false } }).connect();
  for (const [name, command] of [['Child OK', 'sleep 0.3'], ['Child Fails', 'exit 3']]) {
    await pool.request().batch(
      `DECLARE @id uniqueidentifier; EXEC msdb.dbo.sp_add_job @job_name = N'${name}', @job_id = @id OUTPUT;
       EXEC msdb.dbo.sp_add_jobstep @job_id = @id, @step_name = N'Run', @subsystem = N'CmdExec', @command = N'${command}';
       EXEC msdb.dbo.sp_add_jobserver @job_id = @id, @server_name = N'(local)';`,
    );
  }
});
afterAll(async () => {
  await pool?.close();
  await emu?.close();
});

/** Start a job, wait for its outcome row, fail with RAISERROR unless it succeeded (the preflight shape). */
const startAndWait = (job: string) => `
DECLARE @job sysname = N'${job}', @id uniqueidentifier, @sess int, @hist int, @stop datetime, @status int, @rc int, @msg nvarchar(400), @polls int = 0;
SELECT @id = job_id FROM msdb.dbo.sysjobs_view WHERE name = @job;
IF @id IS NULL BEGIN RAISERROR(N'No job named %s', 16, 1, @job); RETURN END
EXEC @rc = msdb.dbo.sp_start_job @job_name = @job;
IF @rc <> 0 RETURN;
SELECT @sess = MAX(session_id) FROM msdb.dbo.syssessions;
WHILE 1 = 1
BEGIN
  SET @polls = @polls + 1;
  SELECT @hist = job_history_id, @stop = stop_execution_date FROM msdb.dbo.sysjobactivity WHERE job_id = @id AND session_id = @sess;
  IF @stop IS NOT NULL BREAK;
  WAITFOR DELAY '00:00:00.100';
END
SELECT @status = run_status FROM msdb.dbo.sysjobhistory WHERE instance_id = @hist;
IF @status <> 1
BEGIN
  SET @msg = N'Job ' + @job + N' ended with run_status ' + CAST(@status AS nvarchar(10));
  RAISERROR(@msg, 16, 1);
END
SELECT @status AS run_status, @polls AS polls, @@ROWCOUNT AS last_rowcount;`;

describe('over TCP', () => {
  test('start and wait: polls sysjobactivity with WAITFOR until the job ends, then reads its outcome', async () => {
    const started = Date.now();
    const r = await pool.request().batch(startAndWait('Child OK'));
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    const sets = r.recordsets as sql.IRecordSet<{ run_status: number; polls: number; last_rowcount: number }>[];
    const row = sets[sets.length - 1]![0]!;
    expect(row.run_status).toBe(1);
    expect(row.polls).toBeGreaterThan(1);
  });

  test('a failed child job makes the batch raise severity 16', async () => {
    await expect(pool.request().batch(startAndWait('Child Fails'))).rejects.toMatchObject({ number: 50000, message: 'Job Child Fails ended with run_status 0' });
  });

  test('RAISERROR substitutes its arguments (%s, %d, width, %%)', async () => {
    await expect(pool.request().batch(startAndWait('No Such Job'))).rejects.toMatchObject({ number: 50000, message: 'No job named No Such Job' });
    await expect(pool.request().batch("RAISERROR(N'%s has %5d rows (%d%%)', 16, 1, N'T', 42, 7)")).rejects.toMatchObject({ message: 'T has    42 rows (7%)' });
  });

  test('SELECT @v = ... FROM with no row leaves the variable unchanged and sets @@ROWCOUNT to 0', async () => {
    const r = await pool.request().batch("DECLARE @id uniqueidentifier = '00000000-0000-0000-0000-000000000001'; SELECT @id = job_id FROM msdb.dbo.sysjobs WHERE name = N'none'; SELECT @id AS id, @@ROWCOUNT AS n");
    expect(r.recordset[0]).toEqual({ id: '00000000-0000-0000-0000-000000000001', n: 0 });
  });

  test('WAITFOR DELAY is cut short by a cancel; a bad time string is error 148', async () => {
    const req = pool.request();
    const waiting = req.batch("WAITFOR DELAY '00:00:30'");
    setTimeout(() => req.cancel(), 150);
    await expect(waiting).rejects.toMatchObject({ code: 'ECANCEL' });
    await expect(pool.request().batch("WAITFOR DELAY '25:00'")).rejects.toMatchObject({ number: 148 });
    expect((await pool.request().query('SELECT 1 AS one')).recordset).toEqual([{ one: 1 }]);
  });
});
