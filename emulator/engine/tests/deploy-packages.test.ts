/**
 * catalog.deploy_packages end to end: the real mssql client sends a table-valued parameter
 * (request.input('packages_table', sql.TVP, table)) over TCP; the packages land in the project, run
 * through dtexec from the rebuilt .ispac, and SQL Server's errors come back for what it refuses.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import sql from 'mssql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../start.js';
import { createEngine } from '../index.js';

const PASSWORD = 'Sa!Pass1';

function dtsx(name: string, opts: { build?: number; param?: boolean } = {}): Buffer {
  const param = opts.param
    ? '<DTS:PackageParameters><DTS:PackageParameter DTS:CreationName="" DTS:DataType="3" DTS:Required="True" DTS:DTSID="{48A11FB0-6590-46F2-A7AC-A87F5E79C2E1}" DTS:ObjectName="Rows"><DTS:Property DTS:DataType="3" DTS:Name="ParameterValue">7</DTS:Property></DTS:PackageParameter></DTS:PackageParameters>'
    : '';
  return Buffer.from(
    `\uFEFF<?xml version="1.0"?>\n<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:refId="Package" DTS:CreationName="Microsoft.Package" DTS:DTSID="{3A21CCD6-3D10-450F-8A17-D4AFE4A7EC9${name.length % 10}}" DTS:ExecutableType="Microsoft.Package" DTS:ObjectName="${name}" DTS:VersionBuild="${opts.build ?? 1}" DTS:VersionGUID="{13F306BB-940C-4D66-9364-D0E72E7585${String(opts.build ?? 1).padStart(2, '0')}}" DTS:Description="${name} package">` +
      `<DTS:Property DTS:Name="PackageFormatVersion">8</DTS:Property>${param}<DTS:Executables /></DTS:Executable>`,
    'utf8',
  );
}

function ispac(project: string, packages: string[]): Buffer {
  const manifest =
    `<SSIS:Project SSIS:ProtectionLevel="DontSaveSensitive" xmlns:SSIS="www.microsoft.com/SqlServer/SSIS"><SSIS:Properties><SSIS:Property SSIS:Name="Name">${project}</SSIS:Property></SSIS:Properties>` +
    `<SSIS:Packages>${packages.map((p) => `<SSIS:Package SSIS:Name="${p}.dtsx" SSIS:EntryPoint="${p === 'Inner' ? 0 : 1}" />`).join('')}</SSIS:Packages>` +
    `<SSIS:DeploymentInfo><SSIS:PackageInfo>${packages.map((p) => `<SSIS:PackageMetaData SSIS:Name="${p}.dtsx"><SSIS:Properties><SSIS:Property SSIS:Name="VersionBuild">1</SSIS:Property></SSIS:Properties><SSIS:Parameters /></SSIS:PackageMetaData>`).join('')}</SSIS:PackageInfo></SSIS:DeploymentInfo></SSIS:Project>`;
  const files: Record<string, Uint8Array> = {
    '@Project.manifest': strToU8(manifest),
    '[Content_Types].xml': strToU8('<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types" />'),
    'Project.params': strToU8('<?xml version="1.0"?><SSIS:Parameters xmlns:SSIS="www.microsoft.com/SqlServer/SSIS" />'),
  };
  for (const p of packages) files[encodeURIComponent(`${p}.dtsx`)] = new Uint8Array(dtsx(p));
  return Buffer.from(zipSync(files));
}

function packagesTable(rows: [string | null, Buffer | null][], name = 'catalog.Package_Table_Type'): sql.Table {
  const t = new sql.Table(name);
  t.columns.add('name', sql.NVarChar(260), { nullable: false });
  t.columns.add('package_data', sql.VarBinary(sql.MAX), { nullable: true });
  for (const [n, d] of rows) t.rows.add(n, d);
  return t;
}

function deploy(pool: sql.ConnectionPool, folder: string, project: string, table: sql.Table): Promise<sql.IProcedureResult<unknown>> {
  return pool
    .request()
    .input('folder_name', sql.NVarChar(128), folder)
    .input('project_name', sql.NVarChar(128), project)
    .input('packages_table', sql.TVP, table)
    .output('operation_id', sql.BigInt)
    .execute('SSISDB.catalog.deploy_packages');
}

async function sqlError(p: Promise<unknown>): Promise<{ number: number; message: string }> {
  try {
    await p;
  } catch (e) {
    const err = e as { number: number; message: string };
    return { number: err.number, message: err.message };
  }
  throw new Error('expected an SQL error');
}

const dir = mkdtempSync(join(tmpdir(), 'deploy-packages-'));
// A stand-in dtexec: prints the /Package part of the .ispac it was given, so the test sees which bytes ran.
const fflate = createRequire(import.meta.url).resolve('fflate');
const script = join(dir, 'dtexec.cjs');
writeFileSync(
  script,
  `const { unzipSync } = require(${JSON.stringify(fflate)}); const fs = require('fs'); const a = process.argv.slice(2);\n` +
    `const parts = unzipSync(fs.readFileSync(a[a.indexOf('/Project') + 1])); const name = a[a.indexOf('/Package') + 1];\n` +
    `const key = Object.keys(parts).find((k) => decodeURIComponent(k) === name);\n` +
    `if (!key) { console.log('Error: package ' + name + ' is not in the project'); process.exit(1); }\n` +
    `console.log('build ' + /DTS:VersionBuild="([0-9]+)"/.exec(Buffer.from(parts[key]).toString('utf8'))[1] + ' ' + a.filter((x) => x.startsWith('$Package')).join(' '));\n`,
);

let emu: RunningEmulator;
let pool: sql.ConnectionPool;
beforeAll(async () => {
  emu = await startEmulator({
    servers: [{ name: 'SRV1', host: '127.0.0.1', port: 0 }],
    saPassword: PASSWORD,
    tls: 'off',
    allowSqlLoginsForCatalog: true,
    dtexec: `${JSON.stringify(process.execPath)} ${JSON.stringify(script)}`,
    logins: [{ name: 'agentonly', password: 'Agent!1', roles: ['SQLAgentUserRole'] }],
    createEngine,
  });
  const srv = emu.servers[0]!;
  pool = await new sql.ConnectionPool({ server: srv.host, port: srv.port, user: 'sa', password: PASSWORD, database: 'SSISDB', options: { encrypt: false } }).connect();
  await pool.request().input('folder_name', sql.NVarChar(128), 'ETL').output('folder_id', sql.BigInt).execute('SSISDB.catalog.create_folder');
  await pool
    .request()
    .input('folder_name', sql.NVarChar(128), 'ETL')
    .input('project_name', sql.NVarChar(128), 'Loader')
    .input('project_stream', sql.VarBinary(sql.MAX), ispac('Loader', ['Child1', 'Inner']))
    .execute('SSISDB.catalog.deploy_project');
});
afterAll(async () => {
  await pool?.close();
  await emu?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('catalog.deploy_packages over TCP with a table-valued parameter', () => {
  it('replaces one package and adds another; the catalog, the operation and a run show it', async () => {
    const r = await deploy(pool, 'ETL', 'Loader', packagesTable([['Child1', dtsx('Child1', { build: 5 })], ['Child 2', dtsx('Child 2', { build: 9, param: true })]]));
    expect(r.returnValue).toBe(0);
    const opId = String(r.output.operation_id);
    const op = await pool.request().input('id', sql.BigInt, opId).query('SELECT operation_type, object_type, object_name, status FROM SSISDB.catalog.operations WHERE operation_id = @id');
    expect(op.recordset).toEqual([{ operation_type: 101, object_type: 20, object_name: 'Loader', status: 7 }]);
    const pkgs = await pool.request().query('SELECT name, entry_point, version_build, description FROM SSISDB.catalog.packages ORDER BY name');
    expect(pkgs.recordset).toEqual([
      { name: 'Child 2.dtsx', entry_point: true, version_build: 9, description: 'Child 2 package' },
      { name: 'Child1.dtsx', entry_point: true, version_build: 5, description: 'Child1 package' },
      { name: 'Inner.dtsx', entry_point: false, version_build: 1, description: 'Inner package' },
    ]);
    // The fixed SELECTs the deploy service sends.
    const folder = await pool.request().input('folder', sql.NVarChar(128), 'ETL').query('SELECT folder_id FROM SSISDB.catalog.folders WHERE name = @folder');
    const project = await pool
      .request()
      .input('folder_id', sql.BigInt, folder.recordset[0].folder_id)
      .input('project', sql.NVarChar(128), 'Loader')
      .query('SELECT project_id, object_version_lsn FROM SSISDB.catalog.projects WHERE folder_id = @folder_id AND name = @project');
    expect(project.recordset).toEqual([{ project_id: '1', object_version_lsn: '2' }]);
    const guids = await pool.request().input('project_id', sql.BigInt, project.recordset[0].project_id).query('SELECT name, version_guid FROM SSISDB.catalog.packages WHERE project_id = @project_id');
    expect(guids.recordset).toEqual([
      { name: 'Child1.dtsx', version_guid: '13F306BB-940C-4D66-9364-D0E72E758505' },
      { name: 'Inner.dtsx', version_guid: '13F306BB-940C-4D66-9364-D0E72E758501' },
      { name: 'Child 2.dtsx', version_guid: '13F306BB-940C-4D66-9364-D0E72E758509' },
    ]);
    const params = await pool.request().query("SELECT object_type, object_name, parameter_name, data_type, required, design_default_value FROM SSISDB.catalog.object_parameters WHERE object_name = N'Child 2.dtsx'");
    expect(params.recordset).toEqual([{ object_type: 30, object_name: 'Child 2.dtsx', parameter_name: 'Rows', data_type: 'Int32', required: true, design_default_value: '7' }]);

    const ce = await pool
      .request()
      .input('folder_name', sql.NVarChar(128), 'ETL')
      .input('project_name', sql.NVarChar(128), 'Loader')
      .input('package_name', sql.NVarChar(260), 'Child 2.dtsx')
      .output('execution_id', sql.BigInt)
      .execute('SSISDB.catalog.create_execution');
    const id = String(ce.output.execution_id);
    await pool.request().input('execution_id', sql.BigInt, id).input('object_type', sql.SmallInt, 50).input('parameter_name', sql.NVarChar(128), 'SYNCHRONIZED').input('parameter_value', sql.Bit, 1).execute('SSISDB.catalog.set_execution_parameter_value');
    await pool.request().input('execution_id', sql.BigInt, id).execute('SSISDB.catalog.start_execution');
    const status = await pool.request().input('id', sql.BigInt, id).query('SELECT status FROM SSISDB.catalog.executions WHERE execution_id = @id');
    const msgs = await pool.request().input('id', sql.BigInt, id).query('SELECT message FROM SSISDB.catalog.event_messages WHERE operation_id = @id');
    expect(status.recordset).toEqual([{ status: 7 }]);
    expect(msgs.recordset.map((m: { message: string }) => m.message)).toContain('build 9 $Package::Rows(Int32);7');
  });

  it('catalog.get_project returns the deployed .ispac with the new package in it', async () => {
    const r = await pool.request().input('folder_name', sql.NVarChar(128), 'ETL').input('project_name', sql.NVarChar(128), 'Loader').execute('SSISDB.catalog.get_project');
    const bytes = r.recordset[0].project_stream as Buffer;
    const parts = unzipSync(new Uint8Array(bytes));
    expect(Object.keys(parts).sort()).toEqual(['@Project.manifest', 'Child%202.dtsx', 'Child1.dtsx', 'Inner.dtsx', 'Project.params', '[Content_Types].xml']);
    expect(strFromU8(parts['@Project.manifest']!)).toContain('<SSIS:Package SSIS:Name="Child 2.dtsx" SSIS:EntryPoint="1" />');
    const missing = pool.request().input('folder_name', sql.NVarChar(128), 'ETL').input('project_name', sql.NVarChar(128), 'Nope').execute('SSISDB.catalog.get_project');
    expect((await sqlError(missing)).number).toBe(27109);
  });

  it('takes the type name or none, and an empty table deploys nothing', async () => {
    const unnamed = await deploy(pool, 'ETL', 'Loader', packagesTable([['Child1', dtsx('Child1', { build: 6 })]], ''));
    expect(unnamed.returnValue).toBe(0);
    const empty = await deploy(pool, 'ETL', 'Loader', packagesTable([]));
    expect(empty.returnValue).toBe(0);
    const build = await pool.request().query("SELECT version_build FROM SSISDB.catalog.packages WHERE name = N'Child1.dtsx'");
    expect(build.recordset).toEqual([{ version_build: 6 }]);
  });

  it('takes the table through sp_executesql too (mssql request.query), named or positional', async () => {
    const named = await pool
      .request()
      .input('folder', sql.NVarChar(128), 'ETL')
      .input('t', sql.TVP, packagesTable([['Child1', dtsx('Child1', { build: 8 })]]))
      .query("DECLARE @op bigint; EXEC SSISDB.catalog.deploy_packages @folder_name = @folder, @project_name = N'Loader', @packages_table = @t, @operation_id = @op OUTPUT; SELECT @op AS op");
    expect(Number(named.recordset[0].op)).toBeGreaterThan(0);
    await pool.request().input('t', sql.TVP, packagesTable([['Child1', dtsx('Child1', { build: 6 })]])).query("EXEC SSISDB.catalog.deploy_packages N'ETL', N'Loader', @t");
    const build = await pool.request().query("SELECT version_build FROM SSISDB.catalog.packages WHERE name = N'Child1.dtsx'");
    expect(build.recordset).toEqual([{ version_build: 6 }]);
    const three = packagesTable([]);
    three.columns.add('extra', sql.Int);
    expect((await sqlError(pool.request().input('t', sql.TVP, three).query("EXEC SSISDB.catalog.deploy_packages N'ETL', N'Loader', @t"))).number).toBe(500);
  });

  it("answers SQL Server's errors for a missing folder or project, and for other logins", async () => {
    const one = () => packagesTable([['Child1', dtsx('Child1')]]);
    expect(await sqlError(deploy(pool, 'Nope', 'Loader', one()))).toEqual({ number: 27104, message: "Cannot find the folder 'Nope' because it does not exist or you do not have sufficient permissions." });
    expect(await sqlError(deploy(pool, 'ETL', 'Nope', one()))).toEqual({ number: 27109, message: "Cannot find the project 'Nope' because it does not exist or you do not have sufficient permissions." });
    const srv = emu.servers[0]!;
    const other = await new sql.ConnectionPool({ server: srv.host, port: srv.port, user: 'agentonly', password: 'Agent!1', database: 'SSISDB', options: { encrypt: false } }).connect();
    try {
      expect((await sqlError(deploy(other, 'ETL', 'Loader', one()))).number).toBe(27109);
    } finally {
      await other.close();
    }
  });

  it('fails the operation with 27231 for bytes that are not an SSIS package, and changes nothing', async () => {
    const before = await pool.request().query('SELECT name, version_build FROM SSISDB.catalog.packages ORDER BY name');
    const err = await sqlError(deploy(pool, 'ETL', 'Loader', packagesTable([['Child1', dtsx('Child1', { build: 77 })], ['Bad', Buffer.from('PK not xml')]])));
    expect(err.number).toBe(27231);
    const opId = /identifier '(\d+)'/.exec(err.message)![1]!;
    expect(err.message).toBe(`Failed to deploy packages. For more information, query the operation_messages view for the operation identifier '${opId}'.`);
    const op = await pool.request().input('id', sql.BigInt, opId).query('SELECT status FROM SSISDB.catalog.operations WHERE operation_id = @id');
    expect(op.recordset).toEqual([{ status: 4 }]);
    const msgs = await pool.request().input('id', sql.BigInt, opId).query('SELECT message_type, message FROM SSISDB.catalog.operation_messages WHERE operation_id = @id');
    expect(msgs.recordset).toEqual([{ message_type: 120, message: "Failed to load the package 'Bad'. The file is not an SSIS package: its root element is not DTS:Executable in the www.microsoft.com/SqlServer/Dts namespace." }]);
    const after = await pool.request().query('SELECT name, version_build FROM SSISDB.catalog.packages ORDER BY name');
    expect(after.recordset).toEqual(before.recordset);
  });

  it('fails with 27231 for a package still encrypted with a password (EncryptAllWithPassword)', async () => {
    const encrypted = Buffer.from(
      '\uFEFF<?xml version="1.0"?><EncryptedData Type="http://www.w3.org/2001/04/xmlenc#Element" Salt="t/W5lNH0sw==" IV="n89XjdBDb8k=" xmlns="http://www.w3.org/2001/04/xmlenc#"><EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#tripledes-cbc" /><CipherData><CipherValue>n89XjdBDb8k4Eb/Wl1rjdsDYUJCjwGCH</CipherValue></CipherData></EncryptedData>',
    );
    const err = await sqlError(deploy(pool, 'ETL', 'Loader', packagesTable([['Child1', encrypted]])));
    expect(err.number).toBe(27231);
    const opId = /identifier '(\d+)'/.exec(err.message)![1]!;
    const msgs = await pool.request().input('id', sql.BigInt, opId).query('SELECT message FROM SSISDB.catalog.operation_messages WHERE operation_id = @id');
    expect(msgs.recordset).toEqual([{ message: "Failed to load the package 'Child1'. The package is encrypted with a password (EncryptAllWithPassword); the catalog cannot read it." }]);
  });

  it('binds the table as SQL Server does: 2715, 500, 515, 206', async () => {
    expect(await sqlError(deploy(pool, 'ETL', 'Loader', packagesTable([], 'Package_Table_Type')))).toMatchObject({ number: 2715, message: 'Column, parameter, or variable #3: Cannot find data type Package_Table_Type.' });
    const three = packagesTable([]);
    three.columns.add('extra', sql.Int);
    expect(await sqlError(deploy(pool, 'ETL', 'Loader', three))).toMatchObject({ number: 500, message: 'Trying to pass a table-valued parameter with 3 column(s) where the corresponding user-defined table type requires 2 column(s).' });
    const nullName = new sql.Table('catalog.Package_Table_Type');
    nullName.columns.add('name', sql.NVarChar(260), { nullable: true });
    nullName.columns.add('package_data', sql.VarBinary(sql.MAX));
    nullName.rows.add(null, dtsx('X'));
    expect((await sqlError(deploy(pool, 'ETL', 'Loader', nullName))).number).toBe(515);
    const scalar = pool.request().input('folder_name', sql.NVarChar(128), 'ETL').input('project_name', sql.NVarChar(128), 'Loader').input('packages_table', sql.NVarChar(10), 'x').execute('SSISDB.catalog.deploy_packages');
    expect(await sqlError(scalar)).toMatchObject({ number: 206, message: 'Operand type clash: nvarchar is incompatible with Package_Table_Type' });
    // The connection is still fine after all of that.
    expect((await pool.request().query('SELECT 1 AS one')).recordset).toEqual([{ one: 1 }]);
  });
});

describe('catalog.deploy_packages for SQL logins', () => {
  it('is refused with 27123 unless the emulator allows SQL logins for the catalog', async () => {
    const strict = await startEmulator({ servers: [{ name: 'SRV2', host: '127.0.0.1', port: 0 }], saPassword: PASSWORD, tls: 'off', createEngine });
    const srv = strict.servers[0]!;
    const p = await new sql.ConnectionPool({ server: srv.host, port: srv.port, user: 'sa', password: PASSWORD, database: 'SSISDB', options: { encrypt: false } }).connect();
    try {
      const err = await sqlError(deploy(p, 'ETL', 'Loader', packagesTable([['Child1', dtsx('Child1')]])));
      expect(err).toEqual({ number: 27123, message: 'The operation cannot be started by an account that uses SQL Server Authentication. Start the operation with an account that uses Integrated Authentication.' });
    } finally {
      await p.close();
      await strict.close();
    }
  });
});
