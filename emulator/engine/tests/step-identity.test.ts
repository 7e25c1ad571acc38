/**
 * Step processes and catalog runs reach their own server as SQL Server runs them: SSISD_EMULATOR_ADDRESS
 * points at the instance's listener, and SSISD_SQL_USER / SSISD_SQL_PASSWORD are a login that lives as long
 * as the process — the Agent service account (sysadmin) for a step without proxy, a Windows identity for the
 * catalog (no 27123), gone once the process ends.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sql from 'mssql';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../start.js';
import { createEngine } from '../index.js';

const dir = mkdtempSync(join(tmpdir(), 'step-identity-'));
const mssqlPath = createRequire(import.meta.url).resolve('mssql');
// Connects back with what the step was given, reports who it is there, and keeps the login for the test.
const probe = join(dir, 'probe.cjs');
writeFileSync(
  probe,
  `const sql = require(${JSON.stringify(mssqlPath)}); const e = process.env; const [host, port] = e.SSISD_EMULATOR_ADDRESS.split(',');\n` +
    `require('fs').writeFileSync(${JSON.stringify(join(dir, 'login.json'))}, JSON.stringify({ user: e.SSISD_SQL_USER, password: e.SSISD_SQL_PASSWORD, host, port: Number(port) }));\n` +
    `(async () => { const p = await new sql.ConnectionPool({ server: host, port: Number(port), user: e.SSISD_SQL_USER, password: e.SSISD_SQL_PASSWORD, database: 'SSISDB', options: { encrypt: false } }).connect();\n` +
    `const r = await p.request().query("SELECT SUSER_SNAME() AS who, IS_SRVROLEMEMBER('sysadmin') AS admin");\n` +
    `const f = await p.request().input('folder_name', sql.NVarChar(128), 'FromStep').output('folder_id', sql.BigInt).execute('SSISDB.catalog.create_folder');\n` +
    `console.log('probe ' + r.recordset[0].who + ' ' + r.recordset[0].admin + ' folder ' + f.output.folder_id); await p.close(); })().catch((x) => { console.log('probe failed ' + x.message); process.exit(1); });\n`,
);

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
  rmSync(dir, { recursive: true, force: true });
});

test('a CmdExec step connects back as the Agent service account, with catalog access, only while it runs', async () => {
  await pool.request().batch(
    `DECLARE @id uniqueidentifier; EXEC msdb.dbo.sp_add_job @job_name = N'Probe', @job_id = @id OUTPUT;
     EXEC msdb.dbo.sp_add_jobstep @job_id = @id, @step_name = N'Probe', @subsystem = N'CmdExec', @command = N'${JSON.stringify(process.execPath)} ${JSON.stringify(probe)}';
     EXEC msdb.dbo.sp_add_jobserver @job_id = @id, @server_name = N'(local)';
     EXEC msdb.dbo.sp_start_job @job_name = N'Probe';`,
  );
  let message = '';
  for (let i = 0; i < 400 && !message; i++) {
    const r = await pool.request().query("SELECT h.message FROM msdb.dbo.sysjobhistory AS h WHERE h.step_id = 1");
    message = r.recordset[0]?.message ?? '';
    if (!message) await new Promise((res) => setTimeout(res, 25));
  }
  expect(message).toContain('probe NT SERVICE\\SQLSERVERAGENT 1 folder 1');
  expect(message).toContain('The step succeeded.');
  // The login ended with the step.
  const given = JSON.parse(readFileSync(join(dir, 'login.json'), 'utf8')) as { user: string; password: string; host: string; port: number };
  expect(given.port).toBe(emu.servers[0]!.port);
  await expect(new sql.ConnectionPool({ server: given.host, port: given.port, user: given.user, password: given.password, options: { encrypt: false } }).connect()).rejects.toMatchObject({ code: 'ELOGIN' });
});
