import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EngineInstance } from '../types.js';
import { call, engineFor, errorOf, makeJob, query, rowsAsObjects, session, tempDir, waitFor } from './helpers.js';

let engine: EngineInstance;
let dir: ReturnType<typeof tempDir>;
beforeEach(async () => {
  dir = tempDir();
  engine = await engineFor({ dataDir: dir.dir, dtexec: '/bin/sh -c "exit 0"' });
});
afterEach(async () => {
  await engine.close();
  dir.cleanup();
});

async function credentialAndProxy(): Promise<number> {
  const s = session(engine);
  const cr = await query(engine, s, "CREATE CREDENTIAL [SSIS Runner] WITH IDENTITY = N'CORP\\svc_ssis', SECRET = N'S3cret-Pa55!'");
  expect(errorOf(cr)).toBeUndefined();
  const p = await call(engine, s, 'msdb.dbo.sp_add_proxy', { proxy_name: 'SSISProxy', credential_name: 'SSIS Runner', enabled: 1 }, ['proxy_id']);
  expect(errorOf(p)).toBeUndefined();
  return p.outputs.proxy_id as number;
}

describe('credentials', () => {
  it('CREATE CREDENTIAL stores only a hash of the secret', async () => {
    await credentialAndProxy();
    const text = readFileSync(join(dir.dir, 'state.json'), 'utf8');
    expect(text).toContain('CORP\\\\svc_ssis');
    expect(text).not.toContain('S3cret-Pa55!');
    const rows = rowsAsObjects(await query(engine, session(engine), "SELECT name, credential_identity FROM sys.credentials WHERE name = N'SSIS Runner'"));
    expect(rows).toEqual([{ name: 'SSIS Runner', credential_identity: 'CORP\\svc_ssis' }]);
  });

  it('rejects duplicates, variables for the secret, and non-sysadmins', async () => {
    const s = session(engine);
    await query(engine, s, "CREATE CREDENTIAL c1 WITH IDENTITY = 'D\\u'");
    expect(errorOf(await query(engine, s, "CREATE CREDENTIAL c1 WITH IDENTITY = 'D\\u'"))?.number).toBe(15025);
    expect(errorOf(await query(engine, s, 'CREATE CREDENTIAL c2 WITH IDENTITY = @id', { id: 'x' }))?.number).toBe(102);
    expect(errorOf(await query(engine, session(engine, 'alice'), "CREATE CREDENTIAL c3 WITH IDENTITY = 'D\\u'"))?.number).toBe(15247);
    const idem = await query(engine, s, "IF NOT EXISTS (SELECT 1 FROM sys.credentials WHERE name = @n) CREATE CREDENTIAL c1 WITH IDENTITY = 'D\\u', SECRET = 'x'", { n: 'c1' });
    expect(errorOf(idem)).toBeUndefined();
    expect(errorOf(await query(engine, s, "ALTER CREDENTIAL c1 WITH IDENTITY = 'D\\v', SECRET = 'y'"))).toBeUndefined();
    expect(errorOf(await query(engine, s, 'DROP CREDENTIAL c1'))).toBeUndefined();
    expect(errorOf(await query(engine, s, 'DROP CREDENTIAL c1'))?.number).toBe(15151);
  });
});

describe('proxies', () => {
  it('adds, grants, lists and enumerates', async () => {
    const s = session(engine);
    const id = await credentialAndProxy();
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_grant_proxy_to_subsystem', { proxy_name: 'SSISProxy', subsystem_name: 'SSIS' }))).toBeUndefined();
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_grant_proxy_to_subsystem', { proxy_id: id, subsystem_id: 11 }))?.number).toBe(14531);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_grant_proxy_to_subsystem', { proxy_id: id, subsystem_id: 1 }))?.number).toBe(14530);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_grant_login_to_proxy', { login_name: 'alice', proxy_name: 'SSISProxy' }))).toBeUndefined();
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_grant_login_to_proxy', { msdb_role: 'SQLAgentOperatorRole', proxy_name: 'SSISProxy' }))).toBeUndefined();
    const saGrant = await call(engine, s, 'msdb.dbo.sp_grant_login_to_proxy', { login_name: 'sa', proxy_name: 'SSISProxy' });
    expect(saGrant.returnStatus).toBe(0);
    expect(saGrant.messages).toEqual([expect.objectContaining({ number: 14395, severity: 10 })]);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_grant_login_to_proxy', { login_name: 'alice', msdb_role: 'x', proxy_name: 'SSISProxy' }))?.number).toBe(14519);
    const help = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_proxy', { proxy_name: 'SSISProxy' }));
    expect(help).toEqual([expect.objectContaining({ proxy_id: id, name: 'SSISProxy', credential_identity: 'CORP\\svc_ssis', enabled: 1, credential_identity_exists: 1 })]);
    const forAlice = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_proxy', { subsystem_name: 'SSIS', name: 'alice' }));
    expect(forAlice.map((p) => p.name)).toEqual(['SSISProxy']);
    const enumRows = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_enum_login_for_proxy', { proxy_name: 'SSISProxy' }));
    expect(enumRows).toEqual([
      { proxy_id: id, proxy_name: 'SSISProxy', name: 'alice', flags: 0 },
      { proxy_id: id, proxy_name: 'SSISProxy', name: 'SQLAgentOperatorRole', flags: 2 },
    ]);
    const oper = rowsAsObjects(await call(engine, session(engine, 'oper'), 'msdb.dbo.sp_help_proxy'));
    expect(oper[0]!.credential_identity).toBe('CORP\\svc_ssis');
    // Others see only the proxies they may use, without the identity.
    const aliceView = rowsAsObjects(await call(engine, session(engine, 'alice'), 'msdb.dbo.sp_help_proxy'));
    expect(aliceView).toEqual([expect.objectContaining({ name: 'SSISProxy', credential_identity: null, user_sid: null, credential_identity_exists: null })]);
    expect(rowsAsObjects(await call(engine, session(engine, 'bob'), 'msdb.dbo.sp_help_proxy'))).toEqual([]);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_help_proxy', { subsystem_name: 'SSIS' }))?.number).toBe(14532);
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_delete_proxy', { proxy_name: 'SSISProxy' }))).toBeUndefined();
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_help_proxy', { proxy_name: 'SSISProxy' }))?.number).toBe(14262);
  });

  it('refuses a credential that is not a Windows account (14529)', async () => {
    const s = session(engine);
    await query(engine, s, "CREATE CREDENTIAL sqlcred WITH IDENTITY = 'just_a_name', SECRET = 'x'");
    expect(errorOf(await call(engine, s, 'msdb.dbo.sp_add_proxy', { proxy_name: 'P', credential_name: 'sqlcred' }))).toMatchObject({ number: 14529, message: 'Proxy "just_a_name" is not a valid Windows user.' });
  });

  it('checks the proxy on job steps: 14516 until granted, 14517 on TSQL; a granted owner runs under it', async () => {
    const s = session(engine);
    await credentialAndProxy();
    const alice = session(engine, 'alice');
    const add = await call(engine, alice, 'msdb.dbo.sp_add_job', { job_name: 'AliceSSIS' }, ['job_id']);
    const jobId = add.outputs.job_id as string;
    const step = { job_id: jobId, step_name: 'pkg', subsystem: 'SSIS', command: '/FILE "\\"x.dtsx\\""', proxy_name: 'SSISProxy' };
    expect(errorOf(await call(engine, alice, 'msdb.dbo.sp_add_jobstep', step))).toMatchObject({ number: 14516, message: 'Proxy (1) is not allowed for subsystem "SSIS" and user "alice". Grant permission by calling sp_grant_proxy_to_subsystem or sp_grant_login_to_proxy.' });
    await call(engine, s, 'msdb.dbo.sp_grant_proxy_to_subsystem', { proxy_name: 'SSISProxy', subsystem_name: 'SSIS' });
    expect(errorOf(await call(engine, alice, 'msdb.dbo.sp_add_jobstep', step))?.number).toBe(14516);
    await call(engine, s, 'msdb.dbo.sp_grant_login_to_proxy', { login_name: 'alice', proxy_name: 'SSISProxy' });
    expect(errorOf(await call(engine, alice, 'msdb.dbo.sp_add_jobstep', step))).toBeUndefined();
    expect(errorOf(await call(engine, alice, 'msdb.dbo.sp_add_jobstep', { job_id: jobId, step_name: 't', subsystem: 'TSQL', command: 'SELECT 1', proxy_name: 'SSISProxy' }))?.number).toBe(14517);
    await call(engine, alice, 'msdb.dbo.sp_add_jobserver', { job_id: jobId });
    await call(engine, alice, 'msdb.dbo.sp_start_job', { job_id: jobId });
    const rows = await waitFor(async () => {
      const r = rowsAsObjects(await call(engine, alice, 'msdb.dbo.sp_help_jobhistory', { job_id: jobId, mode: 'FULL', oldest_first: 1 }));
      return r.some((x) => x.step_id === 0) ? r : null;
    });
    expect(rows[0]).toMatchObject({ step_id: 1, run_status: 1 });
    expect(rows[0]!.message).toMatch(/^Executed as user: CORP\\svc_ssis\./);
    void makeJob;
  });
});

describe('secrets in error messages', () => {
  it('does not echo string literals of an unsupported statement', async () => {
    const o = await query(engine, session(engine), "ALTER LOGIN app WITH PASSWORD = N'Top$ecret1'");
    expect(errorOf(o)?.message).toContain('is not supported by the SQL Server Agent emulator');
    expect(errorOf(o)?.message).not.toContain('Top$ecret1');
  });
});
