import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import type sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../../../emulator/start.js';
import { buildPackageXml, expressionTask } from '../../../../shared/runtime/test-packages.js';
import { addCatalogFolder, addMsdbFolder, deployCatalogProject, putPackage, saPool } from '../../servers/tests/emulator-setup.js';
import { exec, SA_PASSWORD, tempDir, writePackage } from './fixtures.js';

const ROOT = '00000000-0000-0000-0000-000000000000';
let emu: RunningEmulator;
let pool: sql.ConnectionPool;
let server: string;

const hello = (name: string) => buildPackageXml({ name, parameters: [{ name: 'Who', dataType: 8, value: 'nobody' }], variables: [{ name: 'x', type: 8, value: '' }], children: [expressionTask('Say', '@[User::x] = "hello " + @[$Package::Who]')] });

function ispac(project: string): Buffer {
  const manifest = `<SSIS:Project xmlns:SSIS="www.microsoft.com/SqlServer/SSIS" SSIS:ProtectionLevel="DontSaveSensitive"><SSIS:Properties><SSIS:Property SSIS:Name="Name">${project}</SSIS:Property></SSIS:Properties><SSIS:Packages><SSIS:Package SSIS:Name="Child.dtsx" SSIS:EntryPoint="1" /></SSIS:Packages></SSIS:Project>`;
  const params = '<?xml version="1.0"?><SSIS:Parameters xmlns:SSIS="www.microsoft.com/SqlServer/SSIS"><SSIS:Parameter SSIS:Name="Env"><SSIS:Properties><SSIS:Property SSIS:Name="DataType">18</SSIS:Property><SSIS:Property SSIS:Name="Value">PROD</SSIS:Property></SSIS:Properties></SSIS:Parameter></SSIS:Parameters>';
  const child = buildPackageXml({ name: 'Child', variables: [{ name: 'x', type: 8, value: '' }], children: [expressionTask('Say', '@[User::x] = "env " + @[$Project::Env]')] });
  return Buffer.from(zipSync({ '@Project.manifest': strToU8(manifest), 'Project.params': strToU8(params), 'Child.dtsx': strToU8(child), '[Content_Types].xml': strToU8('<Types />') }));
}

beforeAll(async () => {
  emu = await startEmulator({ servers: [{ name: 'SOURCES', host: '127.0.0.9', port: 0 }], saPassword: SA_PASSWORD, allowSqlLoginsForCatalog: true });
  const s = emu.servers[0]!;
  server = `${s.host},${s.port}`;
  pool = await saPool(s.host, s.port, SA_PASSWORD);
  const folder = await addMsdbFolder(pool, ROOT, 'ETL');
  await putPackage(pool, folder, 'Hello', Buffer.from(hello('Hello'), 'utf8'));
  await addCatalogFolder(pool, 'Loads');
  await deployCatalogProject(pool, 'Loads', 'Proj', ispac('Proj'));
});
afterAll(async () => {
  await pool?.close();
  await emu?.close();
});

const env = { SSISD_SQL_USER: 'sa', SSISD_SQL_PASSWORD: SA_PASSWORD };

describe('ssisd exec package sources', () => {
  it('/SQL loads the package from msdb, with a /SET override (job-step quoting)', async () => {
    const r = await exec(['/SQL', '"\\ETL\\Hello"', '/SERVER', `"${server}"`, '/CHECKPOINTING', 'OFF', '/SET', '"\\Package.Variables[User::x].Properties[Value]";"preset"', '/REPORTING', 'EWIP'], env);
    expect(r.out).toContain('SSIS package "\\MSDB\\ETL\\Hello" starting.');
    expect(r.out).toContain('evaluated to "hello nobody"');
    expect(r.code).toBe(0);
  });

  it('under the emulator\'s Agent, /SERVER naming the step\'s own server reaches its listener', async () => {
    const s = emu.servers[0]!;
    const agentEnv = { ...env, SSISD_EMULATOR_SERVER: 'SOURCES', SSISD_EMULATOR_ADDRESS: `${s.host},${s.port}` };
    const r = await exec(['/SQL', '"\\ETL\\Hello"', '/SERVER', '"SOURCES"', '/REPORTING', 'E'], agentEnv);
    expect(r.code).toBe(0);
  });

  it('/SQL with /USER and /PASSWORD needs no environment; /DTS \\MSDB works the same', async () => {
    const r = await exec(['/DTS', '\\MSDB\\ETL\\Hello', '/SERVER', server, '/USER', 'sa', '/PASSWORD', SA_PASSWORD, '/REPORTING', 'E'], {});
    expect(r.code).toBe(0);
    expect(r.out).not.toContain('starting.');
  });

  it('an Execute Package Task with an OLE DB connection runs \\Folder\\Name from that server\'s msdb', async () => {
    const dir = tempDir('ept-msdb');
    const id = '{B0000000-0000-0000-0000-000000000001}';
    const path = writePackage(dir, {
      name: 'RunsFromMsdb',
      connections: [{ name: 'Store', id, type: 'OLEDB', connectionString: `Data Source=${server};Initial Catalog=msdb;Provider=MSOLEDBSQL.1;Integrated Security=SSPI;` }],
      variables: [{ name: 'who', type: 8, value: 'msdb' }],
      children: [{ name: 'Run Hello', type: 'Microsoft.ExecutePackageTask', data: `<ExecutePackageTask><Connection>${id}</Connection><PackageName>\\ETL\\Hello</PackageName><ParameterAssignment><ParameterName>Who</ParameterName><BindedVariableOrParameterName>User::who</BindedVariableOrParameterName></ParameterAssignment></ExecutePackageTask>` }],
    });
    const r = await exec(['/FILE', path, '/REPORTING', 'EIP'], env);
    expect(r.out).toContain('SSIS package "\\MSDB\\ETL\\Hello" starting.');
    expect(r.out).toContain('evaluated to "hello msdb"');
    expect(r.code).toBe(0);
  });

  it('/ISSERVER loads the project from the SSIS catalog; /Par sets project parameters', async () => {
    const r = await exec(['/ISSERVER', '"\\SSISDB\\Loads\\Proj\\Child.dtsx"', '/SERVER', `"${server}"`, '/Par', '"$Project::Env";"TEST"', '/Par', '"$ServerOption::SYNCHRONIZED(Boolean)";True', '/CALLERINFO', 'SQLAGENT', '/REPORTING', 'EI'], env);
    expect(r.out).toContain('evaluated to "env TEST"');
    expect(r.code).toBe(0);
  });

  it('/PROJECT runs a package from an .ispac with its project parameters', async () => {
    const dir = tempDir('ispac');
    const file = join(dir, 'Proj.ispac');
    writeFileSync(file, ispac('Proj'));
    const r = await exec(['/Project', file, '/Package', 'Child.dtsx', '/REPORTING', 'I'], {});
    expect(r.out).toContain('evaluated to "env PROD"');
    expect(r.code).toBe(0);
  });

  it('exits 4 when the package is not found, 5 when it cannot be loaded or run, 6 on option errors', async () => {
    const dir = tempDir('codes');
    expect((await exec(['/FILE', join(dir, 'missing.dtsx')], {})).code).toBe(4);
    expect((await exec(['/SQL', '\\ETL\\Nope', '/SERVER', server], env)).code).toBe(4);
    expect((await exec(['/SQL', '\\NoFolder\\Hello', '/SERVER', server], env)).code).toBe(4);
    writeFileSync(join(dir, 'broken.dtsx'), '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts"');
    const broken = await exec(['/FILE', join(dir, 'broken.dtsx')], {});
    expect(broken.code).toBe(5);
    const dft = writePackage(dir, { name: 'WithDataFlow', children: [{ name: 'Load rows', type: 'Microsoft.Pipeline' }] });
    const blocked = await exec(['/FILE', dft], {});
    expect(blocked.code).toBe(5);
    expect(blocked.out).toContain('\\Package\\Load rows: "Load rows" is a Data Flow Task.');
    expect((await exec(['/FILE', dft, '/SQL', 'x'], {})).code).toBe(6);
    expect((await exec(['/FILE', dft, '/Par', 'a;1'], {})).code).toBe(6);
    expect((await exec(['/NoSuchOption'], {})).code).toBe(6);
    const ok = writePackage(dir, { name: 'Ok', children: [expressionTask('T', '1 + 1')] });
    const validated = await exec(['/FILE', ok, '/VALIDATE'], {});
    expect(validated.code).toBe(0);
    expect(validated.out).not.toContain('starting.');
  });
});
