import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../emulator/start.js';
import { addJob, saPool } from '../../servers/tests/emulator-setup.js';
import { expressionTask } from '../../../../shared/runtime/test-packages.js';
import { cs, exec, SA_PASSWORD, sqlTask, tempDir, writePackage } from './fixtures.js';

let emu: RunningEmulator;
let conn: string;
const CM = '{C0000000-0000-0000-0000-000000000001}';
const connections = () => [{ name: 'SRV', id: CM, type: 'OLEDB', connectionString: conn }];

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'TASKSRV', host: '127.0.0.7', port: 0 }], saPassword: SA_PASSWORD });
  const s = emu.servers[0]!;
  conn = cs(s.host, s.port);
});
afterAll(async () => emu?.close());

describe('Execute SQL Task against SQL Server (emulator over TDS)', () => {
  it('puts a single row into variables by column name and ordinal, and shows PRINT/info messages', async () => {
    const dir = tempDir('sql');
    const path = writePackage(dir, {
      name: 'Single', connections: connections(),
      variables: [{ name: 'server', type: 8, value: '' }, { name: 'second', type: 8, value: '' }, { name: 'shown', type: 8, value: '' }],
      children: [
        sqlTask('Read', CM, "PRINT N'hello from the server'; SELECT @@SERVERNAME AS Name, N'x' AS Other", {
          taskAttrs: 'SQLTask:ResultType="ResultSetType_SingleRow"',
          bindings: '<SQLTask:ResultBinding SQLTask:ResultName="Name" SQLTask:DtsVariableName="User::server" /><SQLTask:ResultBinding SQLTask:ResultName="1" SQLTask:DtsVariableName="User::second" />',
        }),
        expressionTask('Show', '@[User::shown] = @[User::server] + "/" + @[User::second]'),
      ],
      constraints: [{ from: 'Read', to: 'Show' }],
    });
    const r = await exec(['/FILE', path, '/REPORTING', 'EWIP']);
    expect(r.out).toContain('Information: 0x0 at Read, ExecuteSQLTask: hello from the server');
    expect(r.out).toContain('evaluated to "TASKSRV/x"');
    expect(r.out).toContain('DTExec: The package execution returned DTSER_SUCCESS (0).');
    expect(r.code).toBe(0);
  });

  it('binds ? parameters by ordinal, fills an Object variable with a full result set and loops over it', async () => {
    const dir = tempDir('sql');
    const pool = await saPool(emu.servers[0]!.host, emu.servers[0]!.port, SA_PASSWORD);
    await addJob(pool, 'Param Job A');
    await addJob(pool, 'Param Job B');
    await pool.close();
    const path = writePackage(dir, {
      name: 'Rowset', connections: connections(),
      variables: [{ name: 'prefix', type: 8, value: 'Param Job%' }, { name: 'rows', type: 13, value: '' }, { name: 'job', type: 8, value: '' }, { name: 'seen', type: 8, value: '' }, { name: 'echo', type: 8, value: '' }],
      children: [
        sqlTask('Echo', CM, 'SELECT ? AS Echo', {
          taskAttrs: 'SQLTask:ResultType="ResultSetType_SingleRow"',
          bindings: '<SQLTask:ParameterBinding SQLTask:ParameterName="0" SQLTask:DtsVariableName="User::prefix" SQLTask:ParameterDirection="Input" SQLTask:DataType="130" /><SQLTask:ResultBinding SQLTask:ResultName="0" SQLTask:DtsVariableName="User::echo" />',
        }),
        sqlTask('List', CM, 'SELECT name FROM msdb.dbo.sysjobs_view', {
          taskAttrs: 'SQLTask:ResultType="ResultSetType_Rowset"',
          bindings: '<SQLTask:ResultBinding SQLTask:ResultName="0" SQLTask:DtsVariableName="User::rows" />',
        }),
        {
          name: 'Each', type: 'STOCK:FOREACHLOOP',
          inner: '<DTS:ForEachEnumerator DTS:CreationName="Microsoft.ForEachADOEnumerator"><DTS:ObjectData><FEEADO EnumType="EnumerateRowsInFirstTable" VarName="User::rows" /></DTS:ObjectData></DTS:ForEachEnumerator><DTS:ForEachVariableMappings><DTS:ForEachVariableMapping DTS:ValueIndex="0" DTS:VariableName="User::job" /></DTS:ForEachVariableMappings>',
          children: [expressionTask('Collect', '@[User::seen] = @[User::seen] + @[User::job] + ";"')],
        },
      ],
      constraints: [{ from: 'Echo', to: 'List' }, { from: 'List', to: 'Each' }],
    });
    const r = await exec(['/FILE', path, '/REPORTING', 'EWI']);
    expect(r.code).toBe(0);
    expect(r.out).toContain('evaluated to "Param Job A;"');
    expect(r.out).toMatch(/evaluated to "Param Job A;Param Job B;"/);
  });

  it('runs over ADO.NET (@name parameters, Output direction) and ODBC (1-based ? markers) connections', async () => {
    const dir = tempDir('sql');
    const s = emu.servers[0]!;
    const ado = '{C0000000-0000-0000-0000-000000000002}';
    const odbc = '{C0000000-0000-0000-0000-000000000003}';
    const path = writePackage(dir, {
      name: 'Providers',
      connections: [
        { name: 'Ado', id: ado, type: 'ADO.NET:System.Data.SqlClient.SqlConnection, System.Data, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089', connectionString: `Data Source=${s.host},${s.port};Initial Catalog=msdb;Integrated Security=True;` },
        { name: 'Odbc', id: odbc, type: 'ODBC', connectionString: `Driver={ODBC Driver 18 for SQL Server};Server=${s.host},${s.port};Database=msdb;Trusted_Connection=yes;` },
      ],
      variables: [{ name: 'in', type: 3, value: '20' }, { name: 'out', type: 3, value: '0' }, { name: 'odbc', type: 8, value: '' }, { name: 'shown', type: 8, value: '' }],
      children: [
        sqlTask('Ado', ado, 'SET @result = @value + 22', {
          bindings: '<SQLTask:ParameterBinding SQLTask:ParameterName="@value" SQLTask:DtsVariableName="User::in" SQLTask:ParameterDirection="Input" /><SQLTask:ParameterBinding SQLTask:ParameterName="@result" SQLTask:DtsVariableName="User::out" SQLTask:ParameterDirection="Output" />',
        }),
        sqlTask('Odbc', odbc, 'SELECT ? AS Echo', {
          taskAttrs: 'SQLTask:ResultType="ResultSetType_SingleRow"',
          bindings: '<SQLTask:ParameterBinding SQLTask:ParameterName="1" SQLTask:DtsVariableName="User::in" SQLTask:ParameterDirection="Input" /><SQLTask:ResultBinding SQLTask:ResultName="0" SQLTask:DtsVariableName="User::odbc" />',
        }),
        expressionTask('Show', '@[User::shown] = (DT_WSTR, 5) @[User::out] + "/" + @[User::odbc]'),
      ],
      constraints: [{ from: 'Ado', to: 'Odbc' }, { from: 'Odbc', to: 'Show' }],
    });
    const r = await exec(['/FILE', path, '/REPORTING', 'EI']);
    expect(r.out).toContain('evaluated to "42/20"');
    expect(r.code).toBe(0);
  });

  it('returns a procedure\'s return code through a ReturnValue binding (EXEC ? = proc ?)', async () => {
    const dir = tempDir('sql');
    const path = writePackage(dir, {
      name: 'ReturnValue', connections: connections(),
      variables: [{ name: 'rc', type: 3, value: '-1' }, { name: 'pkg', type: 8, value: 'nothing' }, { name: 'shown', type: 8, value: '' }],
      children: [
        sqlTask('Check', CM, "EXEC ? = msdb.dbo.sp_ssis_checkexists @name = ?, @folderid = '00000000-0000-0000-0000-000000000000'", {
          bindings: '<SQLTask:ParameterBinding SQLTask:ParameterName="0" SQLTask:DtsVariableName="User::rc" SQLTask:ParameterDirection="ReturnValue" /><SQLTask:ParameterBinding SQLTask:ParameterName="1" SQLTask:DtsVariableName="User::pkg" SQLTask:ParameterDirection="Input" />',
        }),
        expressionTask('Show', '@[User::shown] = "rc=" + (DT_WSTR, 5) @[User::rc]'),
      ],
      constraints: [{ from: 'Check', to: 'Show' }],
    });
    const r = await exec(['/FILE', path, '/REPORTING', 'EI']);
    expect(r.out).toContain('evaluated to "rc=0"');
    expect(r.code).toBe(0);
  });

  it('fails with the server error in SSIS words, and a failure path still runs', async () => {
    const dir = tempDir('sql');
    const path = writePackage(dir, {
      name: 'Fails', connections: connections(), variables: [{ name: 'x', type: 8, value: '' }],
      children: [sqlTask('Boom', CM, "RAISERROR(N'Customer load failed', 16, 1)"), expressionTask('Cleanup', '@[User::x] = "cleaned"')],
      constraints: [{ from: 'Boom', to: 'Cleanup', value: 1 }],
    });
    const r = await exec(['/FILE', path]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Error: 0xC002F210 at Boom, ExecuteSQLTask: Executing the query "RAISERROR(N\'Customer load failed\', 16, 1)" failed with the following error: "Customer load failed". Possible failure reasons:');
    expect(r.out).toContain('Task failed: Boom');
    expect(r.out).toContain('DTSER_FAILURE (1)');
    const noRows = writePackage(dir, {
      name: 'NoRows', connections: connections(), variables: [{ name: 'x', type: 8, value: '' }],
      children: [sqlTask('Empty', CM, "SELECT name FROM msdb.dbo.sysjobs_view WHERE name = N'no such job'", { taskAttrs: 'SQLTask:ResultType="ResultSetType_SingleRow"', bindings: '<SQLTask:ResultBinding SQLTask:ResultName="0" SQLTask:DtsVariableName="User::x" />' })],
    });
    const r2 = await exec(['/FILE', noRows]);
    expect(r2.code).toBe(1);
    expect(r2.out).toContain('Single Row result set is specified, but no rows were returned.');
  });

  it('says how to connect when Windows authentication cannot be used, and takes /CONNECTION overrides', async () => {
    const dir = tempDir('sql');
    const path = writePackage(dir, { name: 'Auth', connections: connections(), children: [sqlTask('Q', CM, 'SELECT 1 AS One')] });
    const r = await exec(['/FILE', path], {});
    expect(r.code).toBe(1);
    expect(r.out).toContain('uses Windows authentication (Integrated Security)');
    expect(r.out).toContain('SSISD_SQL_USER and SSISD_SQL_PASSWORD');
    const s = emu.servers[0]!;
    const override = `Data Source=${s.host},${s.port};Initial Catalog=msdb;User ID=sa;Password=${SA_PASSWORD};`;
    const ok = await exec(['/FILE', path, '/CONNECTION', `SRV;${override}`], {});
    expect(ok.code).toBe(0);
    // A ServerStorage-style package keeps the login's password readable beside the connection string.
    const stored = writePackage(dir, { name: 'Stored', connections: [{ name: 'SRV', id: CM, type: 'OLEDB', connectionString: `Data Source=${s.host},${s.port};Initial Catalog=msdb;User ID=sa;`, password: SA_PASSWORD }], children: [sqlTask('Q', CM, 'SELECT 1 AS One')] });
    expect((await exec(['/FILE', stored], {})).code).toBe(0);
  });
});

describe('Execute SQL Server Agent Job Task', () => {
  it('starts the job and ends at once; an unknown job fails with SQL Server\'s error', async () => {
    const s = emu.servers[0]!;
    const pool = await saPool(s.host, s.port, SA_PASSWORD);
    await addJob(pool, 'Agent Task Job', { command: 'sleep 1' });
    await pool.close();
    const dir = tempDir('agent');
    const task = (name: string, job: string) => ({ name, type: 'Microsoft.DbMaintenanceExecuteAgentJobTask', data: `<SQLTask:SqlTaskData xmlns:SQLTask="www.microsoft.com/sqlserver/dts/tasks/sqltask" SQLTask:Connection="${CM}" SQLTask:AgentJobID="${job}" />` });
    const ok = await exec(['/FILE', writePackage(dir, { name: 'StartJob', connections: connections(), children: [task('Start', 'Agent Task Job')] }), '/REPORTING', 'EWI']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain("Job 'Agent Task Job' started successfully.");
    const bad = await exec(['/FILE', writePackage(dir, { name: 'NoJob', connections: connections(), children: [task('Start', 'Missing Job')] })]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("The specified @job_name ('Missing Job') does not exist. (SQL Server error 14262)");
  });
});

describe('Execute Process Task and File System Task', () => {
  it('runs a process, captures its output into a variable and fails on an unexpected exit code', async () => {
    const dir = tempDir('proc');
    const proc = (name: string, args: string, extra = '') => ({ name, type: 'Microsoft.ExecuteProcess', data: `<ExecuteProcessData Executable="/bin/sh" Arguments="${args}" WorkingDirectory="${dir}" StandardOutputVariable="User::out" ${extra} />` });
    const r = await exec(['/FILE', writePackage(dir, { name: 'Proc', variables: [{ name: 'out', type: 8, value: '' }, { name: 'shown', type: 8, value: '' }], children: [proc('Echo', '-c &quot;echo hi from $PWD&quot;'), expressionTask('Show', '@[User::shown] = TRIM(REPLACE(@[User::out], "\\n", ""))')], constraints: [{ from: 'Echo', to: 'Show' }] }), '/REPORTING', 'EWI']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`evaluated to "hi from ${dir}"`);
    const bad = await exec(['/FILE', writePackage(dir, { name: 'ProcFail', variables: [{ name: 'out', type: 8, value: '' }], children: [proc('Exit3', '-c &quot;exit 3&quot;')] })]);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain(`In Executing "/bin/sh" "-c "exit 3"" at "${dir}", The process exit code was "3" while the expected was "0".`);
  });

  it('copies, moves and deletes files through File connections and variables; refuses to overwrite', async () => {
    const dir = tempDir('fs');
    mkdirSync(join(dir, 'in'));
    mkdirSync(join(dir, 'out'));
    writeFileSync(join(dir, 'in', 'a.csv'), 'a');
    const F = (n: number) => `{F0000000-0000-0000-0000-00000000000${n}}`;
    const fsTask = (name: string, op: string, src: string, dest: string, extra = '') => ({ name, type: 'Microsoft.FileSystemTask', data: `<FileSystemData TaskOperationType="${op}" TaskSourcePath="${src}" TaskDestinationPath="${dest}" ${extra} />` });
    const pkg = {
      name: 'Files',
      connections: [
        { name: 'Source', id: F(1), type: 'FILE', connectionString: join(dir, 'in', 'a.csv') },
        { name: 'OutDir', id: F(2), type: 'FILE', connectionString: join(dir, 'out') },
      ],
      variables: [{ name: 'moved', type: 8, value: join(dir, 'out', 'b.csv') }, { name: 'copy', type: 8, value: join(dir, 'out', 'a.csv') }],
      children: [
        fsTask('Copy', 'CopyFile', F(1), F(2)),
        fsTask('Rename', 'RenameFile', 'User::copy', 'User::moved', 'TaskIsSourceVariable="True" TaskIsDestinationVariable="True"'),
        fsTask('Delete', 'DeleteFile', F(1), ''),
      ],
      constraints: [{ from: 'Copy', to: 'Rename' }, { from: 'Rename', to: 'Delete' }],
    };
    const r = await exec(['/FILE', writePackage(dir, pkg)]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(dir, 'out', 'b.csv'), 'utf8')).toBe('a');
    expect(existsSync(join(dir, 'in', 'a.csv'))).toBe(false);
    writeFileSync(join(dir, 'in', 'a.csv'), 'again');
    writeFileSync(join(dir, 'out', 'a.csv'), 'old');
    const again = await exec(['/FILE', writePackage(dir, { ...pkg, name: 'Files2', children: [fsTask('Copy', 'CopyFile', F(1), F(2))], constraints: [] })]);
    expect(again.code).toBe(1);
    expect(again.out).toContain(`Destination file "${join(dir, 'out', 'a.csv')}" already exists.`);
  });
});
