/** IF/ELSE, BEGIN ... END, GOTO and labels: parsed shapes, compile errors, and batches run over TCP. */
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../start.js';
import { createEngine } from '../engine/index.js';
import { SqlSyntaxError } from './lexer.js';
import { parseBatch } from './parser.js';
import { compile } from './program.js';
import { SqlRuntimeError } from './errors.js';
import { maskSecrets } from './execute.js';

describe('parsing control flow', () => {
  test('IF [NOT] EXISTS with one statement, then the rest of the batch', () => {
    const s = parseBatch('IF NOT EXISTS (SELECT 1 FROM t WHERE (a = 1)) EXEC dbo.p; EXEC dbo.q');
    expect(s).toEqual([
      {
        kind: 'if',
        cond: { kind: 'not', cond: { kind: 'exists', select: 'SELECT 1 FROM t WHERE (a = 1)' } },
        then: { kind: 'exec', returnVar: null, proc: 'dbo.p', args: [] },
        else: null,
      },
      { kind: 'exec', returnVar: null, proc: 'dbo.q', args: [] },
    ]);
  });

  test('AND binds tighter than OR, NOT tighter than AND; parentheses for conditions and for expressions', () => {
    const [s] = parseBatch('IF (@@ERROR <> 0 OR @rc <> 0) AND NOT (@a + 1) > 2 GOTO Quit');
    expect(s).toMatchObject({
      kind: 'if',
      cond: {
        kind: 'and',
        left: { kind: 'or', left: { kind: 'compare', op: '<>' }, right: { kind: 'compare', op: '<>' } },
        right: { kind: 'not', cond: { kind: 'compare', op: '>', left: { kind: 'binary', op: '+' } } },
      },
      then: { kind: 'goto', label: 'Quit' },
    });
  });

  test('BEGIN ... END blocks, ELSE after a semicolon, labels and RETURN', () => {
    const s = parseBatch("IF @x IS NULL BEGIN SET @x = 1; PRINT 'a' END; ELSE BEGIN RETURN END\nDone: SELECT 1");
    expect(s.map((x) => x.kind)).toEqual(['if', 'label', 'select']);
    expect(s[0]).toMatchObject({ then: { kind: 'block', body: [{ kind: 'set-var' }, { kind: 'print' }] }, else: { kind: 'block', body: [{ kind: 'return' }] } });
  });

  test('an engine statement inside a block stops at the END that closes the block', () => {
    const s = parseBatch("BEGIN UPDATE t SET a = CASE WHEN b = 1 THEN 2 ELSE 3 END END SELECT 1");
    expect(s[0]).toEqual({ kind: 'block', body: [{ kind: 'engine', text: 'UPDATE t SET a = CASE WHEN b = 1 THEN 2 ELSE 3 END' }] });
    expect(s[1]).toMatchObject({ kind: 'select' });
  });

  test('a condition the front end cannot evaluate hands the IF to the engine', () => {
    expect(parseBatch("IF OBJECT_ID('x') IS NULL EXEC dbo.p")).toEqual([{ kind: 'engine', text: "IF OBJECT_ID('x') IS NULL EXEC dbo.p" }]);
  });

  test('syntax errors carry SQL Server numbers: 156 near a keyword, 102 otherwise', () => {
    const num = (text: string) => {
      try {
        parseBatch(text);
      } catch (e) {
        return e instanceof SqlSyntaxError ? [e.number, e.message] : e;
      }
      return null;
    };
    expect(num('IF 1 = 1 ELSE SELECT 1')).toEqual([156, "Incorrect syntax near the keyword 'ELSE'."]);
    expect(num('END')).toEqual([156, "Incorrect syntax near the keyword 'END'."]);
    expect(num('BEGIN SELECT 1')).toEqual([102, 'Incorrect syntax near the end of the statement.']);
    expect(num('IF @a @b SELECT 1')).toEqual([102, "Incorrect syntax near '@b'."]);
  });

  test('nesting is bounded (error 191) and so is the statement count', () => {
    const deep = 'IF 1 = 1 '.repeat(70) + 'SELECT 1';
    expect(() => parseBatch(deep)).toThrow(expect.objectContaining({ number: 191 }));
    expect(() => parseBatch('IF 1 = 1 '.repeat(60) + 'SELECT 1')).not.toThrow();
    expect(() => parseBatch('SET @a = 1;'.repeat(10_001))).toThrow(expect.objectContaining({ number: 8623 }));
  });

  test('unknown labels are error 133, repeated labels error 132', () => {
    expect(() => compile(parseBatch('GOTO Nowhere'))).toThrow(expect.objectContaining({ number: 133 }));
    expect(() => compile(parseBatch('GOTO Nowhere'))).toThrow(SqlRuntimeError);
    expect(() => compile(parseBatch('L: SELECT 1 l: SELECT 2'))).toThrow(expect.objectContaining({ number: 132 }));
    expect(() => compile(parseBatch('GOTO Nowhere'))).toThrow("A GOTO statement references the label 'Nowhere' but the label has not been declared.");
    expect(compile(parseBatch('GOTO done DONE:'))).toEqual([{ op: 'jump', to: 1 }]);
  });

  test('IF/ELSE compiles to jumps; GOTO may leave or enter a block', () => {
    const steps = compile(parseBatch('IF @a = 1 SELECT 1 ELSE SELECT 2 BEGIN Inner: SELECT 3 END GOTO Inner'));
    expect(steps.map((s) => s.op)).toEqual(['if', 'run', 'jump', 'run', 'run', 'jump']);
    expect(steps[0]).toMatchObject({ elseAt: 3, endAt: 4 });
    expect(steps[2]).toMatchObject({ to: 4 });
    expect(steps[5]).toMatchObject({ to: 4 });
  });

  test('secrets never appear in syntax errors or batch excerpts', () => {
    let message = '';
    try {
      parseBatch("CREATE CREDENTIAL c WITH SECRET = N'top''secret' x");
      parseBatch("SET @a = SECRET = 'hunter2' 'next'");
    } catch (e) {
      message = String(e);
    }
    expect(message).not.toMatch(/hunter2|top/);
    expect(maskSecrets("CREATE LOGIN x WITH PASSWORD = N'p''w', SECRET='s' , IDENTITY = N'id'")).toBe("CREATE LOGIN x WITH PASSWORD = '***', SECRET='***' , IDENTITY = N'id'");
  });
});

describe('running control flow over TCP', () => {
  let emu: RunningEmulator;
  let pool: sql.ConnectionPool;
  beforeAll(async () => {
    emu = await startEmulator({ servers: [{ name: 'SRVCF', host: '127.0.0.1', port: 0 }], saPassword: 'Sa!Pass1', tls: 'off', createEngine });
    const srv = emu.servers[0]!;
    pool = await new sql.ConnectionPool({ server: srv.host, port: srv.port, user: 'sa', password: 'Sa!Pass1', database: 'msdb', options: { encrypt: false } }).connect();
  });
  afterAll(async () => {
    await pool?.close();
    await emu?.close();
  });

  test('IF/ELSE with variables, NULL logic, IN, BEGIN ... END and GOTO', async () => {
    const r = await pool.request().batch(`
DECLARE @a int = 2, @b int, @out nvarchar(50) = N''
IF @a = 2 AND @b IS NULL SET @out = @out + N'1' ELSE SET @out = @out + N'x'
IF @b = 1 OR NOT (@b = 1) SET @out = @out + N'x' ELSE SET @out = @out + N'2'
IF @a IN (1, 2, 3) BEGIN SET @out = @out + N'3'; SET @a = 10 END
IF @a NOT IN (10) SET @out = @out + N'x'
IF N'ABC ' = N'abc' GOTO Skip
SET @out = @out + N'x'
Skip:
IF @@TRANCOUNT = 0 AND @@ERROR = 0 SET @out = @out + N'4'
SELECT @out AS out`);
    expect(r.recordset).toEqual([{ out: '1234' }]);
  });

  test('IF EXISTS runs the SELECT through the engine and the rest of the batch goes on', async () => {
    const r = await pool.request().batch(`
DECLARE @seen int = 0
IF EXISTS (SELECT name FROM msdb.dbo.syscategories WHERE name = N'[Uncategorized (Local)]' AND category_class = 1) SET @seen = 1
IF NOT EXISTS (SELECT name FROM msdb.dbo.syscategories WHERE name = N'NoSuchCategory' AND category_class = 1) SET @seen = @seen + 10
SELECT @seen AS seen`);
    expect(r.recordset).toEqual([{ seen: 11 }]);
  });

  test('the SSMS error-handling tail: GOTO QuitWithRollback rolls back, EndSave skips it', async () => {
    const script = (fail: boolean) => `
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = ${fail ? 1 : 0}
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
COMMIT TRANSACTION
GOTO EndSave
QuitWithRollback:
    IF (@@TRANCOUNT > 0) ROLLBACK TRANSACTION
EndSave:
SELECT @@TRANCOUNT AS tc, @ReturnCode AS rc`;
    expect((await pool.request().batch(script(false))).recordset).toEqual([{ tc: 0, rc: 0 }]);
    expect((await pool.request().batch(script(true))).recordset).toEqual([{ tc: 0, rc: 1 }]);
  });

  test("the full SSMS job script: category IF, @@ERROR checks after each call, QuitWithRollback/EndSave tail", async () => {
    const script = (name: string, category: string) => `
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = 0
IF NOT EXISTS (SELECT name FROM msdb.dbo.syscategories WHERE name=N'${category}' AND category_class=1)
BEGIN
EXEC @ReturnCode = msdb.dbo.sp_add_category @class=N'JOB', @type=N'LOCAL', @name=N'${category}'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
END
DECLARE @jobId BINARY(16)
EXEC @ReturnCode =  msdb.dbo.sp_add_job @job_name=N'${name}', @enabled=1, @category_name=N'${category}', @owner_login_name=N'sa', @job_id = @jobId OUTPUT
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id=@jobId, @step_name=N'Run', @step_id=1, @subsystem=N'CmdExec', @command=N'true'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
EXEC @ReturnCode = msdb.dbo.sp_add_jobserver @job_id = @jobId, @server_name = N'(local)'
IF (@@ERROR <> 0 OR @ReturnCode <> 0) GOTO QuitWithRollback
COMMIT TRANSACTION
GOTO EndSave
QuitWithRollback:
    IF (@@TRANCOUNT > 0) ROLLBACK TRANSACTION
EndSave:
SELECT @ReturnCode AS rc, @@TRANCOUNT AS tc`;
    const first = await pool.request().batch(script('FullScript', 'Deploy Jobs'));
    expect(first.recordset).toEqual([{ rc: 0, tc: 0 }]);
    const cats = await pool.request().query("SELECT name FROM msdb.dbo.syscategories WHERE name = N'Deploy Jobs' AND category_class = 1");
    expect(cats.recordset).toHaveLength(1);
    // Second run: the category exists (IF skips its block); sp_add_job fails on the duplicate name, so the
    // script jumps to QuitWithRollback and nothing of it stays.
    const second = await pool.request().batch(script('FullScript', 'Deploy Jobs')).catch((e: unknown) => e as { number: number });
    expect(second).toMatchObject({ number: 14261 });
    const tc = await pool.request().batch('SELECT @@TRANCOUNT AS tc');
    expect(tc.recordset).toEqual([{ tc: 0 }]);
  });

  test('QUOTENAME, REPLACE and + build dynamic SQL; NULL propagates through +', async () => {
    const r = await pool.request().input('n', sql.NVarChar(200), 'a]b').batch(`
DECLARE @n nvarchar(200) = N'a]b', @nul nvarchar(10)
SELECT QUOTENAME(@n) AS q1, QUOTENAME(N'o''k', '''') AS q2, QUOTENAME(N'x"y', '"') AS q3, QUOTENAME(N'x)y', '(') AS q4,
  QUOTENAME(N'a', N'x') AS q5, QUOTENAME(REPLICATE_ME, '[') AS q6`).catch((e: unknown) => e);
    // REPLICATE is not a front-end function: the SELECT goes to the engine, which refuses it clearly.
    expect(r).toBeInstanceOf(Error);
    const ok = await pool.request().batch(`
DECLARE @n nvarchar(200) = N'a]b', @nul nvarchar(10), @long nvarchar(200) = N'${'x'.repeat(129)}'
SELECT QUOTENAME(@n) AS q1, QUOTENAME(N'o''k', '''') AS q2, QUOTENAME(N'x"y', '"') AS q3, QUOTENAME(N'x)y', '(') AS q4,
  QUOTENAME(N'a', N'x') AS q5, QUOTENAME(@long) AS q6, QUOTENAME(@nul) AS q7, N'a' + @nul AS q8,
  REPLACE(N'Hello hello', N'HELLO', N'bye') AS q9, LEN(N'ab  ') AS q10, UPPER(LTRIM(N'  x ')) AS q11, CONCAT(N'a', @nul, 1) AS q12`);
    expect(ok.recordset).toEqual([
      { q1: '[a]]b]', q2: "'o''k'", q3: '"x""y"', q4: '(x))y)', q5: null, q6: null, q7: null, q8: null, q9: 'bye bye', q10: 2, q11: 'X ', q12: 'a1' },
    ]);
  });

  test('an unknown label fails the batch with 133 before anything runs; a GOTO loop is stopped', async () => {
    await expect(pool.request().batch('SELECT 1 AS x GOTO Missing')).rejects.toMatchObject({ number: 133 });
    await expect(pool.request().batch('Again: GOTO Again')).rejects.toMatchObject({ message: expect.stringMatching(/GOTO loop/) });
    await expect(pool.request().batch('IF 1 = 1 ELSE SELECT 1')).rejects.toMatchObject({ number: 156 });
  });
});
