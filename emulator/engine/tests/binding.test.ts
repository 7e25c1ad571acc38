import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EngineInstance } from '../types.js';
import { call, engineFor, errorOf, session } from './helpers.js';

const signal = new AbortController().signal;
let engine: EngineInstance;
beforeEach(async () => {
  engine = await engineFor();
});
afterEach(() => engine.close());

describe('procedure names', () => {
  it('resolves three-part, bracketed, dbo. and bare names in msdb', async () => {
    for (const name of ['msdb.dbo.sp_help_category', '[msdb].[dbo].[sp_help_category]', 'MSDB..SP_HELP_CATEGORY', 'dbo.sp_help_category', 'sp_help_category', 'SRV1.msdb.dbo.sp_help_category']) {
      const o = await call(engine, session(engine, 'sa', 'msdb'), name);
      expect(errorOf(o), name).toBeUndefined();
      expect(o.resultSets[0]!.columns.map((c) => c.name)).toEqual(['category_id', 'category_type', 'name']);
    }
  });

  it('answers 2812 for msdb procedures called from master without a database, and for unknown names', async () => {
    const o = await call(engine, session(engine, 'sa', 'master'), 'sp_add_job', { job_name: 'x' });
    expect(errorOf(o)).toMatchObject({ number: 2812, message: "Could not find stored procedure 'sp_add_job'." });
    expect(o.returnStatus).toBe(1);
    const o2 = await call(engine, session(engine), '[msdb].[dbo].[sp_nope]');
    expect(errorOf(o2)).toMatchObject({ number: 2812, message: "Could not find stored procedure 'msdb.dbo.sp_nope'." });
    const o3 = await call(engine, session(engine), 'OTHER.msdb.dbo.sp_help_job');
    expect(errorOf(o3)?.number).toBe(7202);
  });
});

describe('parameter binding', () => {
  it('raises 8145 for a parameter the procedure does not have', async () => {
    const o = await call(engine, session(engine), 'msdb.dbo.sp_add_job', { job_name: 'j', bogus: 1 });
    expect(errorOf(o)).toMatchObject({ number: 8145, message: '@bogus is not a parameter for procedure sp_add_job.' });
  });

  it('raises 201 when a parameter without default is missing', async () => {
    const o = await call(engine, session(engine), 'msdb.dbo.sp_add_job', { enabled: 1 });
    expect(errorOf(o)).toMatchObject({ number: 201, message: "Procedure or function 'sp_add_job' expects parameter '@job_name', which was not supplied." });
  });

  it('binds positional parameters in signature order and rejects too many', async () => {
    const s = session(engine);
    const o = await engine.callProcedure(s, 'msdb.dbo.sp_add_category', [
      { name: null, value: 'JOB', output: false },
      { name: null, value: 'LOCAL', output: false },
      { name: null, value: 'Positional', output: false },
    ], signal);
    expect(errorOf(o)).toBeUndefined();
    const h = await call(engine, s, 'msdb.dbo.sp_help_category', { name: 'Positional' });
    expect(h.resultSets[0]!.rows).toHaveLength(1);
    const many = await engine.callProcedure(s, 'msdb.dbo.sp_add_category', [1, 2, 3, 4].map((v) => ({ name: null, value: String(v), output: false })), signal);
    expect(errorOf(many)?.number).toBe(8144);
  });

  it('rejects a positional parameter after a named one (119) and OUTPUT on an input parameter (8162)', async () => {
    const s = session(engine);
    const o = await engine.callProcedure(s, 'msdb.dbo.sp_help_job', [{ name: 'job_name', value: 'x', output: false }, { name: null, value: 'JOB', output: false }], signal);
    expect(errorOf(o)?.number).toBe(119);
    const o2 = await engine.callProcedure(s, 'msdb.dbo.sp_add_job', [{ name: 'job_name', value: 'x', output: true }], signal);
    expect(errorOf(o2)?.number).toBe(8162);
  });

  it('converts types like SQL Server and reports conversion errors', async () => {
    const s = session(engine);
    const bad = await call(engine, s, 'msdb.dbo.sp_help_job', { job_id: 'not-a-guid' });
    expect(errorOf(bad)?.number).toBe(8169);
    const overflow = await call(engine, s, 'msdb.dbo.sp_add_job', { job_name: 'x', enabled: 300 });
    expect(errorOf(overflow)?.number).toBe(220);
  });

  it('returns OUTPUT values under the client key, positional ones by index', async () => {
    const s = session(engine);
    const o = await engine.callProcedure(s, 'msdb.dbo.sp_add_job', [{ name: 'job_name', value: 'Out', output: false }, { name: 'job_id', value: null, output: true }], signal);
    expect(o.outputs.job_id).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
  });
});

describe('permissions', () => {
  it('denies EXECUTE (229) to a login without Agent roles', async () => {
    const o = await call(engine, session(engine, 'nobody'), 'msdb.dbo.sp_add_job', { job_name: 'x' });
    expect(errorOf(o)).toMatchObject({ number: 229, message: "The EXECUTE permission was denied on the object 'sp_add_job', database 'msdb', schema 'dbo'." });
  });

  it('checks passwords', () => {
    expect(engine.authenticate('sa', 'wrong')).toBeNull();
    expect(engine.authenticate('SA', 'Sa!Pass1')?.roles.has('sysadmin')).toBe(true);
    expect(engine.authenticate('ghost', 'x')).toBeNull();
  });
});
