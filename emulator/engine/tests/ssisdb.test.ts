import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, unzipSync, zipSync } from 'fflate';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineInstance } from '../types.js';
import { call, engineFor, errorOf, query, rowsAsObjects, session, tempDir, waitFor } from './helpers.js';

const cleanups: (() => unknown)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function ispac(projectName: string, packages: { name: string; entry?: boolean }[], projectParams = ''): Buffer {
  const manifest = `<SSIS:Project SSIS:ProtectionLevel="DontSaveSensitive" xmlns:SSIS="www.microsoft.com/SqlServer/SSIS"><SSIS:Properties><SSIS:Property SSIS:Name="ID">{346446b3-1be1-4a2d-9946-474e1a760ca3}</SSIS:Property><SSIS:Property SSIS:Name="Name">${projectName}</SSIS:Property></SSIS:Properties><SSIS:Packages>${packages.map((p) => `<SSIS:Package SSIS:Name="${p.name}" SSIS:EntryPoint="${p.entry === false ? 0 : 1}" />`).join('')}</SSIS:Packages><SSIS:DeploymentInfo><SSIS:PackageInfo>${packages.map((p) => `<SSIS:PackageMetaData SSIS:Name="${p.name}"><SSIS:Properties><SSIS:Property SSIS:Name="ID">{F7BC04A1-1021-4289-AB38-8A1552B6A7D4}</SSIS:Property><SSIS:Property SSIS:Name="VersionBuild">3</SSIS:Property></SSIS:Properties><SSIS:Parameters /></SSIS:PackageMetaData>`).join('')}</SSIS:PackageInfo></SSIS:DeploymentInfo></SSIS:Project>`;
  const files: Record<string, Uint8Array> = {
    '@Project.manifest': strToU8(manifest),
    '[Content_Types].xml': strToU8('\uFEFF<?xml version="1.0" encoding="utf-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="dtsx" ContentType="text/xml" /></Types>'),
    'Project.params': strToU8(`<?xml version="1.0"?><SSIS:Parameters xmlns:SSIS="www.microsoft.com/SqlServer/SSIS">${projectParams}</SSIS:Parameters>`),
  };
  for (const p of packages) files[encodeURIComponent(p.name)] = strToU8('<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" DTS:DTSID="{F7BC04A1-1021-4289-AB38-8A1552B6A7D4}" />');
  return Buffer.from(zipSync(files));
}

async function start(opts: Parameters<typeof engineFor>[0] = {}): Promise<EngineInstance> {
  const e = await engineFor({ allowSqlLoginsForCatalog: true, ...opts });
  cleanups.push(() => e.close());
  return e;
}

describe('SSISDB catalog', () => {
  it('refuses SQL logins with 27123 unless allowed', async () => {
    const engine = await engineFor();
    cleanups.push(() => engine.close());
    const o = await call(engine, session(engine, 'sa', 'SSISDB'), 'SSISDB.catalog.create_folder', { folder_name: 'ETL' }, ['folder_id']);
    expect(errorOf(o)).toMatchObject({ number: 27123, message: 'The operation cannot be started by an account that uses SQL Server Authentication. Start the operation with an account that uses Integrated Authentication.' });
  });

  it('creates folders, deploys an .ispac and lists it in the catalog views', async () => {
    const engine = await start();
    const s = session(engine);
    const f = await call(engine, s, 'SSISDB.catalog.create_folder', { folder_name: 'ETL' }, ['folder_id']);
    expect(f.outputs.folder_id).toBe(1);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.create_folder', { folder_name: 'ETL' }))?.number).toBe(27190);
    expect(errorOf(await call(engine, session(engine, 'alice'), 'SSISDB.catalog.create_folder', { folder_name: 'X' }))?.number).toBe(27188);
    const d = await call(engine, s, 'SSISDB.catalog.deploy_project', { folder_name: 'ETL', project_name: 'Loader', project_stream: ispac('Loader', [{ name: 'Child 1.dtsx' }, { name: 'Inner.dtsx', entry: false }]) }, ['operation_id']);
    expect(errorOf(d)).toBeUndefined();
    expect(typeof d.outputs.operation_id).toBe('number');
    const projects = rowsAsObjects(await query(engine, session(engine, 'sa', 'SSISDB'), 'SELECT p.project_id, p.name FROM catalog.projects AS p WHERE p.folder_id = @f', { f: 1 }));
    expect(projects).toEqual([{ project_id: 1, name: 'Loader' }]);
    const pkgs = rowsAsObjects(await query(engine, s, 'SELECT name, entry_point FROM SSISDB.catalog.packages ORDER BY name'));
    expect(pkgs).toEqual([{ name: 'Child 1.dtsx', entry_point: 1 }, { name: 'Inner.dtsx', entry_point: 0 }]);
    const exists = await query(engine, s, 'SELECT 1 FROM SSISDB.catalog.folders WHERE name = @f', { f: 'etl' });
    expect(exists.resultSets[0]!.rows).toEqual([[1]]);
  });

  it('fails a deploy with 27203 and explains it in operation_messages', async () => {
    const engine = await start();
    const s = session(engine);
    await call(engine, s, 'SSISDB.catalog.create_folder', { folder_name: 'ETL' });
    const bad = await call(engine, s, 'SSISDB.catalog.deploy_project', { folder_name: 'ETL', project_name: 'Other', project_stream: ispac('Loader', [{ name: 'A.dtsx' }]) }, ['operation_id']);
    const opId = bad.outputs.operation_id as number;
    expect(errorOf(bad)).toMatchObject({ number: 27203, message: `Failed to deploy project. For more information, query the operation_messages view for the operation identifier '${opId}'.` });
    const msgs = rowsAsObjects(await query(engine, s, 'SELECT message_type, message FROM SSISDB.catalog.operation_messages WHERE operation_id = @op', { op: opId }));
    expect(msgs[0]!.message_type).toBe(120);
    expect(msgs[0]!.message).toContain("does not match the name 'Loader'");
    const notZip = await call(engine, s, 'SSISDB.catalog.deploy_project', { folder_name: 'ETL', project_name: 'Loader', project_stream: Buffer.from('not a zip') });
    expect(errorOf(notZip)?.number).toBe(27203);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.deploy_project', { folder_name: 'Nope', project_name: 'Loader', project_stream: Buffer.from('x') }))?.number).toBe(27104);
  });

  it('refuses a project whose manifest is still encrypted with a password (27203, explained in operation_messages)', async () => {
    const engine = await start();
    const s = session(engine);
    await call(engine, s, 'SSISDB.catalog.create_folder', { folder_name: 'ETL' });
    const parts = unzipSync(ispac('Loader', [{ name: 'A.dtsx' }]));
    parts['@Project.manifest'] = strToU8('<SSIS:Project SSIS:Salt="11rb4Ej7Kg==" SSIS:IV="25tpo/0US0M=" SSIS:ProtectionLevel="EncryptAllWithPassword" xmlns:SSIS="www.microsoft.com/SqlServer/SSIS">MYKj5qxz1GXG+Nmmu6nbDg==</SSIS:Project>');
    const bad = await call(engine, s, 'SSISDB.catalog.deploy_project', { folder_name: 'ETL', project_name: 'Loader', project_stream: Buffer.from(zipSync(parts)) }, ['operation_id']);
    const opId = bad.outputs.operation_id as number;
    expect(errorOf(bad)).toMatchObject({ number: 27203, message: `Failed to deploy project. For more information, query the operation_messages view for the operation identifier '${opId}'.` });
    const msgs = rowsAsObjects(await query(engine, s, 'SELECT message_type, message FROM SSISDB.catalog.operation_messages WHERE operation_id = @op', { op: opId }));
    expect(msgs).toEqual([{ message_type: 120, message: '@Project.manifest is encrypted with a password (EncryptAllWithPassword); the catalog cannot read the project.' }]);
    expect(rowsAsObjects(await query(engine, s, 'SELECT name FROM SSISDB.catalog.projects'))).toEqual([]);
  });

  it('deletes a project, then its folder (not while it holds projects); SQL Server errors otherwise', async () => {
    const engine = await start();
    const s = session(engine);
    await call(engine, s, 'SSISDB.catalog.create_folder', { folder_name: 'Tmp' });
    await call(engine, s, 'SSISDB.catalog.deploy_project', { folder_name: 'Tmp', project_name: 'Loader', project_stream: ispac('Loader', [{ name: 'A.dtsx' }]) });
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.delete_folder', { folder_name: 'Tmp' }))?.number).toBe(27191);
    expect(errorOf(await call(engine, session(engine, 'alice'), 'SSISDB.catalog.delete_folder', { folder_name: 'Tmp' }))?.number).toBe(27188);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.delete_project', { folder_name: 'Tmp', project_name: 'Nope' }))?.number).toBe(27109);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.delete_project', { folder_name: 'Nope', project_name: 'Loader' }))?.number).toBe(27104);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.delete_project', { folder_name: 'Tmp', project_name: null }))?.number).toBe(27138);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.delete_project', { folder_name: 'Tmp', project_name: 'loader' }))).toBeUndefined();
    expect(rowsAsObjects(await query(engine, s, 'SELECT name FROM SSISDB.catalog.packages'))).toEqual([]);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.delete_folder', { folder_name: 'TMP' }))).toBeUndefined();
    expect(rowsAsObjects(await query(engine, s, 'SELECT name FROM SSISDB.catalog.folders'))).toEqual([]);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.delete_folder', { folder_name: 'Tmp' }))?.number).toBe(27104);
    const strict = await engineFor();
    cleanups.push(() => strict.close());
    expect(errorOf(await call(strict, session(strict), 'SSISDB.catalog.delete_folder', { folder_name: 'Tmp' }))?.number).toBe(27123);
  });

  it('creates, parameterizes and runs an execution through dtexec, SYNCHRONIZED', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const script = join(t.dir, 'dtexec.sh');
    writeFileSync(script, 'echo "ran: $*"; test -f "$2" || exit 4; case "$*" in *Fail*) echo "Error: package failed"; exit 1;; esac\n');
    const engine = await start({ dtexec: `/bin/sh ${script}` });
    const s = session(engine);
    await call(engine, s, 'SSISDB.catalog.create_folder', { folder_name: 'ETL' });
    const param = '<SSIS:Parameter SSIS:Name="BatchSize"><SSIS:Properties><SSIS:Property SSIS:Name="Required">1</SSIS:Property><SSIS:Property SSIS:Name="DataType">9</SSIS:Property><SSIS:Property SSIS:Name="Value">10</SSIS:Property></SSIS:Properties></SSIS:Parameter>';
    await call(engine, s, 'SSISDB.catalog.deploy_project', { folder_name: 'ETL', project_name: 'Loader', project_stream: ispac('Loader', [{ name: 'Child.dtsx' }, { name: 'Fail.dtsx' }, { name: 'Inner.dtsx', entry: false }], param) });
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.create_execution', { folder_name: 'ETL', project_name: 'Loader', package_name: 'Inner.dtsx' }, ['execution_id']))?.number).toBe(27146);
    const ce = await call(engine, s, 'SSISDB.catalog.create_execution', { folder_name: 'ETL', project_name: 'Loader', package_name: 'Child.dtsx', use32bitruntime: false }, ['execution_id']);
    const id = ce.outputs.execution_id as number;
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.set_execution_parameter_value', { execution_id: id, object_type: 50, parameter_name: 'LOGGING_LEVEL', parameter_value: 9 }))?.number).toBe(27217);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.set_execution_parameter_value', { execution_id: id, object_type: 20, parameter_name: 'BatchSize', parameter_value: 5000 }))).toBeUndefined();
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.set_execution_parameter_value', { execution_id: id, object_type: 50, parameter_name: 'SYNCHRONIZED', parameter_value: 1 }))).toBeUndefined();
    const st = await call(engine, s, 'SSISDB.catalog.start_execution', { execution_id: id });
    expect(errorOf(st)).toBeUndefined();
    const status = await query(engine, s, 'SELECT status FROM SSISDB.catalog.executions WHERE execution_id = @id', { id });
    expect(status.resultSets[0]!.rows).toEqual([[7]]);
    const msgs = rowsAsObjects(await query(engine, s, 'SELECT message FROM SSISDB.catalog.event_messages WHERE operation_id = @id', { id }));
    expect(String(msgs[0]!.message)).toContain('/Package Child.dtsx /Par $Project::BatchSize(Int32);5000');
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.start_execution', { execution_id: id }))?.number).toBe(27121);
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.set_execution_parameter_value', { execution_id: id, object_type: 50, parameter_name: 'SYNCHRONIZED', parameter_value: 0 }))?.number).toBe(27224);

    const ce2 = await call(engine, s, 'SSISDB.catalog.create_execution', { folder_name: 'ETL', project_name: 'Loader', package_name: 'Fail.dtsx' }, ['execution_id']);
    const id2 = ce2.outputs.execution_id as number;
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.start_execution', { execution_id: id2 }))).toBeUndefined();
    const failed = await waitFor(async () => {
      const r = await query(engine, s, 'SELECT status FROM SSISDB.catalog.executions WHERE execution_id = @id', { id: id2 });
      const v = r.resultSets[0]!.rows[0]![0];
      return v === 4 ? v : null;
    });
    expect(failed).toBe(4);
    const errors = rowsAsObjects(await query(engine, s, 'SELECT message_time, package_name, message_source_name, message FROM SSISDB.catalog.event_messages WHERE operation_id = @execution_id AND message_type = 120 ORDER BY event_message_id', { execution_id: id2 }));
    expect(errors[0]).toMatchObject({ package_name: 'Fail.dtsx', message: 'Error: package failed' });
  });
});

describe('query() registry', () => {
  it('answers unsupported text with a clear error', async () => {
    const engine = await start();
    const s = session(engine);
    const o = await query(engine, s, 'UPDATE msdb.dbo.sysjobs SET enabled = 0');
    expect(errorOf(o)?.message).toMatch(/is not supported by the SQL Server Agent emulator/);
    expect(errorOf(await query(engine, s, 'SELECT * FROM msdb.dbo.nothing'))?.number).toBe(208);
    expect(errorOf(await query(engine, s, 'SELECT nope FROM msdb.dbo.sysjobs'))?.number).toBe(207);
    expect(errorOf(await query(engine, session(engine, 'nobody'), 'SELECT name FROM msdb.dbo.sysjobs'))?.number).toBe(229);
    const cats = await query(engine, s, "SELECT name FROM msdb.dbo.syscategories WHERE name = N'[Uncategorized (Local)]' AND category_class = 1");
    expect(cats.resultSets[0]!.rows).toEqual([['[Uncategorized (Local)]']]);
  });
});

describe('query() with EXEC', () => {
  it("runs SSMS's IF NOT EXISTS (...) EXEC sp_add_category form once", async () => {
    const engine = await start();
    const s = session(engine);
    const text = "IF NOT EXISTS (SELECT name FROM msdb.dbo.syscategories WHERE name=@cat AND category_class=1) EXEC msdb.dbo.sp_add_category @class=N'JOB', @type=N'LOCAL', @name=@cat";
    expect(errorOf(await query(engine, s, text, { cat: 'Deploy' }))).toBeUndefined();
    expect(errorOf(await query(engine, s, text, { cat: 'Deploy' }))).toBeUndefined();
    const rows = rowsAsObjects(await call(engine, s, 'msdb.dbo.sp_help_category', { name: 'Deploy' }));
    expect(rows).toHaveLength(1);
  });
});

describe('catalog executions: stop and restart', () => {
  it('stop_operation kills a running execution (status 3); 27124 when not running', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const engine = await start({ dtexec: 'sleep 30 #', dataDir: t.dir });
    const s = session(engine);
    await call(engine, s, 'SSISDB.catalog.create_folder', { folder_name: 'ETL' });
    await call(engine, s, 'SSISDB.catalog.deploy_project', { folder_name: 'ETL', project_name: 'Loader', project_stream: ispac('Loader', [{ name: 'Child.dtsx' }]) });
    const ce = await call(engine, s, 'SSISDB.catalog.create_execution', { folder_name: 'ETL', project_name: 'Loader', package_name: 'Child.dtsx' }, ['execution_id']);
    const id = ce.outputs.execution_id as number;
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.stop_operation', { operation_id: id }))?.number).toBe(27124);
    await call(engine, s, 'SSISDB.catalog.start_execution', { execution_id: id });
    await new Promise((r) => setTimeout(r, 200));
    expect(errorOf(await call(engine, s, 'SSISDB.catalog.stop_operation', { operation_id: id }))).toBeUndefined();
    const status = await waitFor(async () => {
      const v = (await query(engine, s, 'SELECT status, stopped_by_name FROM SSISDB.catalog.executions WHERE execution_id = @id', { id })).resultSets[0]!.rows[0]!;
      return v[0] === 3 ? v : null;
    });
    expect(status).toEqual([3, 'sa']);
    await engine.close();
    // The deployed project (and its bytes) survive a restart.
    const again = await start({ dataDir: t.dir });
    const ce2 = await call(again, session(again), 'SSISDB.catalog.create_execution', { folder_name: 'ETL', project_name: 'Loader', package_name: 'Child.dtsx' }, ['execution_id']);
    expect(errorOf(ce2)).toBeUndefined();
    expect(ce2.outputs.execution_id).toBeGreaterThan(id);
  });
});
