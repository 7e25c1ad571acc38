/** The statement shapes the T-SQL front end supports, and how the rest is routed to the engine. */
import { describe, expect, test } from 'vitest';
import { SqlSyntaxError, tokenize } from './lexer.js';
import { parseBatch, parseParamDeclarations } from './parser.js';

describe('lexer', () => {
  test('strings, N-strings with doubled quotes, brackets, variables, binary, comments', () => {
    const toks = tokenize("EXEC [msdb].dbo.x @a = N'it''s', @b=0x0A0b, @c = -1.5e3 -- comment\n/* block /* nested */ */ @@SPID");
    expect(toks.map((t) => [t.kind, t.value])).toEqual([
      ['ident', 'EXEC'], ['ident', 'msdb'], ['punct', '.'], ['ident', 'dbo'], ['punct', '.'], ['ident', 'x'],
      ['var', 'a'], ['punct', '='], ['string', "it's"], ['punct', ','],
      ['var', 'b'], ['punct', '='], ['binary', '0A0b'], ['punct', ','],
      ['var', 'c'], ['punct', '='], ['punct', '-'], ['number', '1.5e3'],
      ['sysvar', 'SPID'],
    ]);
  });
  test('unterminated strings and comments are syntax errors', () => {
    expect(() => tokenize("SELECT 'abc")).toThrow(SqlSyntaxError);
    expect(() => tokenize('SELECT 1 /* open')).toThrow(SqlSyntaxError);
  });
});

describe('statements', () => {
  test("tedious's connection setup batch is all SET options", () => {
    const s = parseBatch('set textsize 2147483647\nset quoted_identifier on\nset transaction isolation level read committed\nset language us_english\nset dateformat mdy\nset datefirst 7');
    expect(s.map((x) => x.kind)).toEqual(Array(6).fill('set-option'));
  });

  test('EXEC with return variable, named, positional, OUTPUT, DEFAULT and unquoted string arguments', () => {
    const [s] = parseBatch("EXEC @rc = msdb.dbo.sp_add_job N'Job', @enabled = 1, @job_id = @id OUTPUT, @description = DEFAULT, @owner_login_name = sa, @x = NULL, @g = '6F9619FF-8B86-D011-B42D-00C04FC964FF'");
    expect(s).toMatchObject({
      kind: 'exec',
      returnVar: 'rc',
      proc: 'msdb.dbo.sp_add_job',
      args: [
        { name: null, expr: { kind: 'literal', value: 'Job' }, output: false },
        { name: 'enabled', expr: { kind: 'literal', value: 1 } },
        { name: 'job_id', expr: { kind: 'var', name: 'id' }, output: true },
        { name: 'description', expr: null },
        { name: 'owner_login_name', expr: { kind: 'literal', value: 'sa' } },
        { name: 'x', expr: { kind: 'literal', value: null } },
        { name: 'g', expr: { kind: 'literal', value: '6F9619FF-8B86-D011-B42D-00C04FC964FF' } },
      ],
    });
  });

  test('procedure names keep brackets and empty schema parts; a bare name first in a batch is EXEC', () => {
    expect(parseBatch('EXECUTE [msdb]..[sp_help_job]')[0]).toMatchObject({ kind: 'exec', proc: '[msdb]..[sp_help_job]', args: [] });
    expect(parseBatch("sp_help_job @job_name = N'x'")[0]).toMatchObject({ kind: 'exec', proc: 'sp_help_job' });
  });

  test('statements need no separator: newlines between EXEC and SELECT', () => {
    const s = parseBatch("DECLARE @rc int = 0, @id uniqueidentifier\nEXEC @rc = dbo.p @a = 1\nSELECT @rc AS rc, @id\nBEGIN TRAN\nCOMMIT TRANSACTION\nROLLBACK");
    expect(s.map((x) => x.kind)).toEqual(['declare', 'exec', 'select', 'begin-tran', 'commit', 'rollback']);
    expect(s[0]).toMatchObject({ vars: [{ name: 'rc', type: { type: 'int' } }, { name: 'id', type: { type: 'uniqueidentifier' } }] });
  });

  test('constant SELECTs: aliases, SERVERPROPERTY, @@globals, CAST, assignment', () => {
    const s = parseBatch("SELECT 1; SELECT @@VERSION AS v, SERVERPROPERTY('ProductVersion') [pv], x = DB_NAME(); SELECT @a = CAST(N'5' AS int)");
    expect(s.map((x) => x.kind)).toEqual(['select', 'select', 'select']);
    expect(s[1]).toMatchObject({ items: [{ alias: 'v' }, { alias: 'pv' }, { alias: 'x' }] });
    expect(s[2]).toMatchObject({ items: [{ assignTo: 'a', expr: { kind: 'cast', type: { type: 'int' } } }] });
  });

  test('queries go to the engine as text up to the next top-level semicolon', () => {
    const s = parseBatch("SELECT name, job_id FROM msdb.dbo.sysjobs WHERE name = @n; SELECT COUNT(*) FROM (SELECT 1 AS a) t; EXEC dbo.p");
    expect(s).toEqual([
      { kind: 'engine', text: 'SELECT name, job_id FROM msdb.dbo.sysjobs WHERE name = @n' },
      { kind: 'engine', text: 'SELECT COUNT(*) FROM (SELECT 1 AS a) t' },
      { kind: 'exec', returnVar: null, proc: 'dbo.p', args: [] },
    ]);
  });

  test('other statements (INSERT ...) go to the engine with the rest of the batch', () => {
    const s = parseBatch("SET NOCOUNT ON; INSERT INTO t VALUES (1); EXEC dbo.q");
    expect(s).toEqual([
      { kind: 'set-option', option: 'nocount', text: 'SET NOCOUNT ON' },
      { kind: 'engine', text: 'INSERT INTO t VALUES (1); EXEC dbo.q' },
    ]);
  });

  test('malformed statements are syntax errors', () => {
    expect(() => parseBatch('EXEC')).toThrow(SqlSyntaxError);
    expect(() => parseBatch('EXEC dbo.p @a = ')).toThrow(SqlSyntaxError);
    expect(() => parseBatch("EXEC ('SELECT 1')")).toThrow(/not supported by the SQL Server Agent emulator/);
    expect(() => parseBatch('DECLARE @t TABLE (a int)')).toThrow(/not supported/);
    expect(() => parseBatch('DECLARE @x notatype')).toThrow(/cannot find data type/);
    expect(() => parseBatch('SELECT 1 2 3')).not.toThrow();
  });

  test('expressions nested or chained too deeply are error 191, not a stack overflow', () => {
    const nested = `SELECT ${'('.repeat(20_000)}1${')'.repeat(20_000)}`;
    expect(() => parseBatch(nested)).toThrow(expect.objectContaining({ number: 191 }));
    expect(() => parseBatch(`SELECT 1${'+1'.repeat(20_000)}`)).toThrow(expect.objectContaining({ number: 191 }));
    expect(() => parseBatch(`SELECT ${'- '.repeat(20_000)}1`)).toThrow(expect.objectContaining({ number: 191 }));
    // Each statement has its own budget; ordinary nesting is fine.
    expect(parseBatch(Array.from({ length: 50 }, () => `SELECT ((1 + 2) * 3)${' + 1'.repeat(100)}`).join('; '))).toHaveLength(50);
  });
});

describe('sp_executesql @params', () => {
  test('declarations with lengths, max, precision and OUTPUT', () => {
    expect(parseParamDeclarations('@a int, @b nvarchar(50) OUTPUT, @c varbinary(max), @d decimal(10, 2) out')).toEqual([
      { name: 'a', type: { type: 'int', name: 'int' }, output: false },
      { name: 'b', type: { type: 'nvarchar', name: 'nvarchar', length: 50 }, output: true },
      { name: 'c', type: { type: 'varbinary', name: 'varbinary', length: -1 }, output: false },
      { name: 'd', type: { type: 'decimal', name: 'decimal', precision: 10, scale: 2 }, output: true },
    ]);
  });
  test('garbage is a syntax error', () => {
    expect(() => parseParamDeclarations('@a int @b')).toThrow(SqlSyntaxError);
  });
});
