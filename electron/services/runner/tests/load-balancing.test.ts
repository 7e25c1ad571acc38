/**
 * The load-balancing scenario end to end with three emulators: the children are deployed to two servers'
 * msdb (sp_ssis_putpackage) with a job each whose SSIS step runs `/SQL ... /SERVER ...`; the parent, itself
 * loaded from the third server's msdb, starts both jobs with Execute SQL Tasks (sp_start_job). `ssisd exec`
 * of the parent succeeds as soon as the jobs have started; each emulator's Agent then runs its child through
 * `ssisd exec`, and the job history shows each child's real outcome — including the child made to fail,
 * whose failure the parent never sees. As on real servers, the job steps name their server (/SERVER NODE1)
 * and the children reach it as (local) with Windows authentication: the emulator's Agent gives each step its
 * own address and a login for the step's lifetime (the service-account stand-in).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';
import { strToU8, zipSync } from 'fflate';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shellQuote } from '../../../../emulator/default-dtexec.js';
import { startEmulator, type RunningEmulator, type RunningServer } from '../../../../emulator/start.js';
import { buildJobStepCommand } from '../../../../shared/dtexec/command.js';
import { wireChildJobs } from '../../../../shared/formats/wire-children/index.js';
import { buildPackageXml, expressionTask } from '../../../../shared/runtime/test-packages.js';
import { addCatalogFolder, addMsdbFolder, deployCatalogProject, putPackage, saPool } from '../../servers/tests/emulator-setup.js';
import { exec, SA_PASSWORD, sqlTask, tempDir } from './fixtures.js';

const ROOT_FOLDER = '00000000-0000-0000-0000-000000000000';
const REPO = join(import.meta.dirname, '..', '..', '..', '..');

let emu: RunningEmulator;
let bundle = '';
const pools: sql.ConnectionPool[] = [];

/** This checkout's `ssisd exec`, bundled privately (out/ may be rebuilt by others at any time). */
async function dtexecCommand(): Promise<string> {
  const dir = join(REPO, 'node_modules', '.cache', 'ssisd-runner-test');
  mkdirSync(dir, { recursive: true });
  const outfile = join(dir, `ssisd-${process.pid}.mjs`);
  bundle = outfile;
  await build({
    stdin: { contents: `import { main } from ${JSON.stringify(join(REPO, 'electron', 'cli', 'ssisd.ts'))};\nprocess.exitCode = await main(process.argv.slice(2));\n`, resolveDir: REPO, loader: 'ts' },
    bundle: true, platform: 'node', format: 'esm', target: 'node20', packages: 'external', outfile, logLevel: 'silent',
  });
  return `${shellQuote(process.execPath)} ${shellQuote(outfile)} exec`;
}

const endpoint = (s: RunningServer) => `${s.host},${s.port}`;
const msdbConnection = (s: RunningServer) => `Data Source=${endpoint(s)};Initial Catalog=msdb;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;`;

async function deploy(pool: sql.ConnectionPool, folderId: string, name: string, xml: string): Promise<void> {
  await putPackage(pool, folderId, name, Buffer.from(xml, 'utf8'));
}

/** A job with one SSIS step running `command`, bound to (local), made through the msdb procedures as SSMS does. */
async function addSsisJob(pool: sql.ConnectionPool, name: string, command: string): Promise<string> {
  const r = await pool.request().input('job_name', sql.NVarChar(128), name).output('job_id', sql.UniqueIdentifier).execute('msdb.dbo.sp_add_job');
  const jobId = String(r.output['job_id']);
  await pool.request().input('job_id', sql.UniqueIdentifier, jobId).input('step_name', sql.NVarChar(128), `Run ${name}`).input('subsystem', sql.NVarChar(40), 'SSIS').input('database_name', sql.NVarChar(128), 'master').input('command', sql.NVarChar(sql.MAX), command).execute('msdb.dbo.sp_add_jobstep');
  await pool.request().input('job_id', sql.UniqueIdentifier, jobId).input('server_name', sql.NVarChar(128), '(local)').execute('msdb.dbo.sp_add_jobserver');
  return jobId;
}

async function history(pool: sql.ConnectionPool, job: string): Promise<{ step_id: number; run_status: number; message: string }[]> {
  const r = await pool.request().input('job_name', sql.NVarChar(128), job).input('mode', sql.VarChar(7), 'FULL').execute('msdb.dbo.sp_help_jobhistory');
  return (r.recordset ?? []) as { step_id: number; run_status: number; message: string }[];
}

async function outcome(pool: sql.ConnectionPool, job: string, timeoutMs = 60_000): Promise<{ step_id: number; run_status: number; message: string }[]> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    const rows = await history(pool, job);
    if (rows.some((r) => r.step_id === 0)) return rows;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`job ${job} did not finish within ${timeoutMs} ms`);
}

beforeAll(async () => {
  emu = await startEmulator({
    servers: [{ name: 'HUB', host: '127.0.0.21', port: 0 }, { name: 'NODE1', host: '127.0.0.22', port: 0 }, { name: 'NODE2', host: '127.0.0.23', port: 0 }],
    saPassword: SA_PASSWORD,
    dtexec: await dtexecCommand(),
    allowSqlLoginsForCatalog: true,
  });
  for (const s of emu.servers) pools.push(await saPool(s.host, s.port, SA_PASSWORD));
  const [, node1, node2] = emu.servers as [RunningServer, RunningServer, RunningServer];
  const [, pool1, pool2] = pools as [sql.ConnectionPool, sql.ConnectionPool, sql.ConnectionPool];
  const CM = '{D0000000-0000-0000-0000-000000000001}';
  const child = (name: string, statement: string) =>
    buildPackageXml({
      name,
      // As on a real server: the child reaches the server it runs on as (local), with Windows authentication.
      connections: [{ name: 'Local', id: CM, type: 'OLEDB', connectionString: 'Data Source=(local);Initial Catalog=msdb;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;' }],
      variables: [{ name: 'server', type: 8, value: '' }],
      children: [sqlTask('Load', CM, statement, { taskAttrs: 'SQLTask:ResultType="ResultSetType_SingleRow"', bindings: '<SQLTask:ResultBinding SQLTask:ResultName="0" SQLTask:DtsVariableName="User::server" />' }), expressionTask('Report', '@[User::server] = "loaded on " + @[User::server]')],
      constraints: [{ from: 'Load', to: 'Report' }],
    });
  // Node 1's child takes a while (so the parent is done first); node 2's child fails.
  for (const [pool, server, name, statement] of [
    [pool1, node1, 'LoadCustomers', "WAITFOR DELAY '00:00:01.500'; SELECT @@SERVERNAME AS ServerName"],
    [pool2, node2, 'LoadOrders', "RAISERROR(N'Orders source is locked', 16, 1)"],
  ] as const) {
    const folder = await addMsdbFolder(pool, ROOT_FOLDER, 'LoadBalancing');
    await deploy(pool, folder, name, child(name, statement));
    await addSsisJob(pool, name, buildJobStepCommand({ source: { kind: 'msdb', server: server.name, folderPath: '\\LoadBalancing', packageName: name } }));
  }
}, 60_000);

afterAll(async () => {
  for (const p of pools) await p.close();
  await emu?.close();
  if (bundle) rmSync(bundle, { force: true });
});

describe('load balancing across servers through SQL Server Agent jobs', () => {
  it('starts both jobs and succeeds at once; the job history shows each child\'s real outcome', async () => {
    const [hub, node1, node2] = emu.servers as [RunningServer, RunningServer, RunningServer];
    const [hubPool, pool1, pool2] = pools as [sql.ConnectionPool, sql.ConnectionPool, sql.ConnectionPool];
    const start = (id: string, server: RunningServer) => ({ name: id, id: `{E0000000-0000-0000-0000-00000000000${server === node1 ? 1 : 2}}`, type: 'OLEDB', connectionString: msdbConnection(server) });
    const parent = buildPackageXml({
      name: 'Parent',
      connections: [start('NODE1.msdb', node1), start('NODE2.msdb', node2)],
      children: [
        sqlTask('Start LoadCustomers job', '{E0000000-0000-0000-0000-000000000001}', "EXEC msdb.dbo.sp_start_job @job_name = N'LoadCustomers';"),
        sqlTask('Start LoadOrders job', '{E0000000-0000-0000-0000-000000000002}', "EXEC msdb.dbo.sp_start_job @job_name = N'LoadOrders';"),
      ],
    });
    const hubFolder = await addMsdbFolder(hubPool, ROOT_FOLDER, 'LoadBalancing');
    await deploy(hubPool, hubFolder, 'Parent', parent);

    const run = await exec(['/SQL', '\\LoadBalancing\\Parent', '/SERVER', endpoint(hub), '/REPORTING', 'EWIP']);
    expect(run.out).toContain("Information: 0x0 at Start LoadCustomers job, ExecuteSQLTask: Job 'LoadCustomers' started successfully.");
    expect(run.out).toContain("Job 'LoadOrders' started successfully.");
    expect(run.out).toContain('DTSER_SUCCESS (0)');
    expect(run.code).toBe(0);
    // The parent is done while node 1's child is still running.
    expect((await history(pool1, 'LoadCustomers')).some((r) => r.step_id === 0)).toBe(false);

    const customers = await outcome(pool1, 'LoadCustomers');
    const orders = await outcome(pool2, 'LoadOrders');
    const step = (rows: typeof customers) => rows.find((r) => r.step_id === 1)!;
    expect(step(customers).run_status).toBe(1);
    expect(step(customers).message).toContain('DTSER_SUCCESS (0)');
    // /REPORTING E (what SSMS writes) shows errors only; the elapsed time shows the child's WAITFOR really ran.
    expect(Number(/Elapsed:\s+([\d.]+) seconds/.exec(step(customers).message)![1])).toBeGreaterThanOrEqual(1.5);
    expect(customers.find((r) => r.step_id === 0)!.run_status).toBe(1);
    expect(step(orders).run_status).toBe(0);
    expect(step(orders).message).toContain('Orders source is locked');
    expect(step(orders).message).toContain('DTSER_FAILURE (1)');
    expect(orders.find((r) => r.step_id === 0)!.run_status).toBe(0);
  }, 90_000);

  it('with Wire Child Jobs in "start and wait" mode, the parent waits and fails when a child job fails', async () => {
    const [, node1, node2] = emu.servers as [RunningServer, RunningServer, RunningServer];
    const empty = buildPackageXml({ name: 'WaitingParent' });
    const wired = wireChildJobs(empty, {
      children: [{ packageName: 'LoadCustomers.dtsx', server: 'NODE1', jobName: 'LoadCustomers' }, { packageName: 'LoadOrders.dtsx', server: 'NODE2', jobName: 'LoadOrders' }],
      servers: [{ name: 'NODE1', dataSource: endpoint(node1) }, { name: 'NODE2', dataSource: endpoint(node2) }],
      mode: 'wait', order: 'parallel', newGuid: () => randomUUID(), pollSeconds: 1,
    });
    const dir = tempDir('wait');
    const file = join(dir, 'WaitingParent.dtsx');
    writeFileSync(file, wired.text);
    const run = await exec(['/FILE', file, '/REPORTING', 'EWP']);
    expect(run.out).toMatch(/The SQL Server Agent job 'LoadOrders' on NODE2 did not succeed: The job failed\./);
    expect(run.out).not.toMatch(/'LoadCustomers' on NODE1 did not succeed/);
    expect(run.out).toContain('DTSER_FAILURE (1)');
    expect(run.code).toBe(1);
  }, 90_000);

  it('runs catalog packages through ssisd exec — /ISSERVER job steps as SSMS writes them and catalog executions — each with its real outcome', async () => {
    const [, node1] = emu.servers as [RunningServer, RunningServer, RunningServer];
    const [, pool1] = pools as [sql.ConnectionPool, sql.ConnectionPool, sql.ConnectionPool];
    const child = buildPackageXml({ name: 'Child', variables: [{ name: 'x', type: 3, value: '0' }], children: [expressionTask('Check', '@[User::x] = @[$Project::Env] == "FAIL" ? 1 / 0 : 1')] });
    const manifest = '<SSIS:Project xmlns:SSIS="www.microsoft.com/SqlServer/SSIS" SSIS:ProtectionLevel="DontSaveSensitive"><SSIS:Properties><SSIS:Property SSIS:Name="Name">Loads</SSIS:Property></SSIS:Properties><SSIS:Packages><SSIS:Package SSIS:Name="Child.dtsx" SSIS:EntryPoint="1" /></SSIS:Packages></SSIS:Project>';
    const params = '<?xml version="1.0"?><SSIS:Parameters xmlns:SSIS="www.microsoft.com/SqlServer/SSIS"><SSIS:Parameter SSIS:Name="Env"><SSIS:Properties><SSIS:Property SSIS:Name="DataType">18</SSIS:Property><SSIS:Property SSIS:Name="Value">DEV</SSIS:Property></SSIS:Properties></SSIS:Parameter></SSIS:Parameters>';
    const ispac = Buffer.from(zipSync({ '@Project.manifest': strToU8(manifest), 'Project.params': strToU8(params), 'Child.dtsx': strToU8(child), '[Content_Types].xml': strToU8('<Types />') }));
    await addCatalogFolder(pool1, 'ETL');
    await deployCatalogProject(pool1, 'ETL', 'Loads', ispac);

    // The Agent runs the /ISSERVER step SSMS would write (with /Par pairs) through ssisd exec.
    const command = buildJobStepCommand({ source: { kind: 'catalog', server: node1.name, folder: 'ETL', project: 'Loads', packageName: 'Child.dtsx' }, parameters: [{ name: '$Project::Env', value: 'PROD' }] });
    await pool1.request().input('job_id', sql.UniqueIdentifier, await addSsisJob(pool1, 'Catalog Child', command)).execute('msdb.dbo.sp_start_job');
    const rows = await outcome(pool1, 'Catalog Child');
    expect(rows.find((r) => r.step_id === 1)!.message).toContain('DTSER_SUCCESS (0)');
    expect(rows.find((r) => r.step_id === 0)!.run_status).toBe(1);
    const failing = buildJobStepCommand({ source: { kind: 'catalog', server: node1.name, folder: 'ETL', project: 'Loads', packageName: 'Child.dtsx' }, parameters: [{ name: '$Project::Env', value: 'FAIL' }] });
    await pool1.request().input('job_id', sql.UniqueIdentifier, await addSsisJob(pool1, 'Catalog Child Fails', failing)).execute('msdb.dbo.sp_start_job');
    const failed = await outcome(pool1, 'Catalog Child Fails');
    expect(failed.find((r) => r.step_id === 1)!.message).toContain('Divide by zero error encountered in the expression.');
    expect(failed.find((r) => r.step_id === 0)!.run_status).toBe(0);

    const execution = async (env: string) => {
      const ce = await pool1.request().input('folder_name', sql.NVarChar(128), 'ETL').input('project_name', sql.NVarChar(128), 'Loads').input('package_name', sql.NVarChar(260), 'Child.dtsx').output('execution_id', sql.BigInt).execute('SSISDB.catalog.create_execution');
      const id = String(ce.output['execution_id']);
      await pool1.request().input('execution_id', sql.BigInt, id).input('object_type', sql.SmallInt, 20).input('parameter_name', sql.NVarChar(128), 'Env').input('parameter_value', sql.NVarChar(100), env).execute('SSISDB.catalog.set_execution_parameter_value');
      await pool1.request().input('execution_id', sql.BigInt, id).input('object_type', sql.SmallInt, 50).input('parameter_name', sql.NVarChar(128), 'SYNCHRONIZED').input('parameter_value', sql.Bit, 1).execute('SSISDB.catalog.set_execution_parameter_value');
      await pool1.request().input('execution_id', sql.BigInt, id).execute('SSISDB.catalog.start_execution');
      const st = await pool1.request().input('id', sql.BigInt, id).query('SELECT status FROM SSISDB.catalog.executions WHERE execution_id = @id');
      const msgs = await pool1.request().input('id', sql.BigInt, id).query('SELECT message FROM SSISDB.catalog.event_messages WHERE operation_id = @id');
      return { status: (st.recordset[0] as { status: number }).status, messages: (msgs.recordset as { message: string }[]).map((m) => m.message).join('\n') };
    };
    const good = await execution('TEST');
    expect(good.status).toBe(7);
    const bad = await execution('FAIL');
    expect(bad.status).toBe(4);
    expect(bad.messages).toContain('Divide by zero error encountered in the expression.');
  }, 90_000);
});
