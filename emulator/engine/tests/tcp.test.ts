/**
 * End to end through TCP: the real mssql client against startEmulator with this engine, doing what the
 * app does (a job built in one transaction, started, polled) plus an INFO message and an error.
 */
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../start.js';
import { createEngine } from '../index.js';

let emu: RunningEmulator;
let pool: sql.ConnectionPool;
beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SRV1', host: '127.0.0.1', port: 0 }], saPassword: 'Sa!Pass1', tls: 'off', createEngine });
  const srv = emu.servers[0]!;
  pool = await new sql.ConnectionPool({ server: srv.host, port: srv.port, user: 'sa', password: 'Sa!Pass1', database: 'msdb', options: { encrypt: false } }).connect();
});
afterAll(async () => {
  await pool?.close();
  await emu?.close();
});

describe('engine over TCP with mssql', () => {
  it('creates a job in a transaction, starts it and reads the outcome', async () => {
    const tx = new sql.Transaction(pool);
    await tx.begin();
    const add = await new sql.Request(tx).input('job_name', sql.NVarChar(128), 'TcpJob').output('job_id', sql.UniqueIdentifier).execute('msdb.dbo.sp_add_job');
    expect(add.returnValue).toBe(0);
    const jobId = add.output.job_id as string;
    await new sql.Request(tx).input('job_id', sql.UniqueIdentifier, jobId).input('step_name', sql.NVarChar(128), 'one').input('subsystem', sql.NVarChar(40), 'CmdExec').input('command', sql.NVarChar(sql.MAX), 'echo tcp').execute('msdb.dbo.sp_add_jobstep');
    await new sql.Request(tx).input('job_id', sql.UniqueIdentifier, jobId).input('server_name', sql.NVarChar(128), '(local)').execute('msdb.dbo.sp_add_jobserver');
    await tx.commit();

    const infos: string[] = [];
    const req = pool.request();
    req.on('info', (m: { number: number; message: string }) => infos.push(`${m.number}: ${m.message}`));
    const started = await req.input('job_name', sql.NVarChar(128), 'TcpJob').execute('msdb.dbo.sp_start_job');
    expect(started.returnValue).toBe(0);
    expect(infos).toContain("14243: Job 'TcpJob' started successfully.");

    let outcome: { run_status: number } | undefined;
    for (let i = 0; i < 200 && !outcome; i++) {
      const r = await pool.request().input('id', sql.UniqueIdentifier, jobId).query('SELECT run_status FROM msdb.dbo.sysjobhistory WHERE job_id = @id AND step_id = 0');
      outcome = r.recordset[0];
      if (!outcome) await new Promise((res) => setTimeout(res, 25));
    }
    expect(outcome).toEqual({ run_status: 1 });

    const help = await pool.request().input('job_name', sql.NVarChar(128), 'TcpJob').input('job_aspect', sql.VarChar(9), 'JOB').execute('msdb.dbo.sp_help_job');
    expect((help.recordsets as sql.IRecordSet<{ name: string; last_run_outcome: number }>[])[0]![0]).toMatchObject({ name: 'TcpJob', last_run_outcome: 1 });
  });

  it('returns all four sp_help_job result sets over TCP', async () => {
    const help = await pool.request().input('job_name', sql.NVarChar(128), 'TcpJob').execute('msdb.dbo.sp_help_job');
    expect(help.recordsets).toHaveLength(4);
  });

  it('creates a credential from a literal statement sent through sp_executesql', async () => {
    await pool.request().query("CREATE CREDENTIAL [Lit]]Cred] WITH IDENTITY = N'CORP\\svc', SECRET = N'it''s secret'");
    const r = await pool.request().query("SELECT credential_identity FROM sys.credentials WHERE name = N'Lit]Cred'");
    expect(r.recordset).toEqual([{ credential_identity: 'CORP\\svc' }]);
  });

  // The T-SQL front end evaluates QUOTENAME, so name, identity and secret stay parameters until the last step.
  it('creates a credential through dynamic SQL built with QUOTENAME', async () => {
    const text =
      "DECLARE @sql nvarchar(max) = N'CREATE CREDENTIAL ' + QUOTENAME(@name) + N' WITH IDENTITY = ' + QUOTENAME(@identity, '''') + N', SECRET = ' + QUOTENAME(@secret, ''''); EXEC sp_executesql @sql";
    await pool.request().input('name', sql.NVarChar(128), 'SSIS ]Runner').input('identity', sql.NVarChar(128), "CORP\\o'brien").input('secret', sql.NVarChar(128), "pa'ss]word").query(text);
    const r = await pool.request().input('n', sql.NVarChar(128), 'SSIS ]Runner').query('SELECT name, credential_identity FROM sys.credentials WHERE name = @n');
    expect(r.recordset).toEqual([{ name: 'SSIS ]Runner', credential_identity: "CORP\\o'brien" }]);
  });

  const ssmsScript = (withCategoryCheck: boolean, name: string) => `
BEGIN TRANSACTION
DECLARE @ReturnCode INT
SELECT @ReturnCode = 0
${withCategoryCheck ? "IF NOT EXISTS (SELECT name FROM msdb.dbo.syscategories WHERE name=N'[Uncategorized (Local)]' AND category_class=1)\nEXEC @ReturnCode = msdb.dbo.sp_add_category @class=N'JOB', @type=N'LOCAL', @name=N'[Uncategorized (Local)]'" : ''}
DECLARE @jobId BINARY(16)
EXEC @ReturnCode =  msdb.dbo.sp_add_job @job_name=N'${name}', @enabled=1, @notify_level_eventlog=0, @delete_level=0, @description=N'No description available.', @category_name=N'[Uncategorized (Local)]', @owner_login_name=N'sa', @job_id = @jobId OUTPUT
EXEC @ReturnCode = msdb.dbo.sp_add_jobstep @job_id=@jobId, @step_name=N'Run', @step_id=1, @cmdexec_success_code=0, @on_success_action=1, @on_success_step_id=0, @on_fail_action=2, @on_fail_step_id=0, @retry_attempts=0, @retry_interval=0, @os_run_priority=0, @subsystem=N'CmdExec', @command=N'true', @database_name=N'master', @flags=0
EXEC @ReturnCode = msdb.dbo.sp_update_job @job_id = @jobId, @start_step_id = 1
EXEC @ReturnCode = msdb.dbo.sp_add_jobserver @job_id = @jobId, @server_name = N'(local)'
COMMIT TRANSACTION
SELECT @ReturnCode AS rc, CONVERT(uniqueidentifier, @jobId) AS job_id`;

  async function runScript(script: string, name: string): Promise<void> {
    const r = await pool.request().batch(script);
    const row = r.recordset[0] as { rc: number; job_id: string };
    expect(row.rc).toBe(0);
    const help = await pool.request().input('job_id', sql.UniqueIdentifier, row.job_id).input('job_aspect', sql.VarChar(9), 'JOB').execute('msdb.dbo.sp_help_job');
    expect(help.recordset[0]).toMatchObject({ name, has_step: 1, has_target: 1, notify_level_eventlog: 0 });
  }

  it('runs the SSMS job script (BINARY(16) job id, EXEC @ReturnCode =, one transaction) as a batch', async () => {
    await runScript(ssmsScript(false, 'Scripted'), 'Scripted');
  });

  // The front end runs IF NOT EXISTS itself (the SELECT goes to engine.query) and goes on with the batch.
  it('runs the complete SSMS job script including its IF NOT EXISTS category check', async () => {
    await runScript(ssmsScript(true, 'ScriptedWithIf'), 'ScriptedWithIf');
  });

  it('reports SQL Server errors as request errors with their numbers', async () => {
    await expect(pool.request().input('job_name', sql.NVarChar(128), 'Missing').execute('msdb.dbo.sp_start_job')).rejects.toMatchObject({ number: 14262 });
    await expect(pool.request().input('bogus', sql.Int, 1).execute('msdb.dbo.sp_help_job')).rejects.toMatchObject({ number: 8145 });
  });
});
