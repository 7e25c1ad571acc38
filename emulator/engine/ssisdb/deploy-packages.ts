/**
 * catalog.deploy_packages (SQL Server 2016+): adds or replaces packages of a project that is already in the
 * catalog, from a catalog.Package_Table_Type table (name without .dtsx, package_data = the .dtsx bytes).
 * Synchronous, as a deploy operation (type 101) that either succeeds (status 7) or fails (status 4, the
 * reasons in operation_messages, error 27231). A new project version is recorded, so executions created
 * before it can no longer start (27150).
 */
import type { ProcDef } from '../core/procedure.js';
import { raise } from '../core/sql-error.js';
import type { TableType } from '../core/table-param.js';
import { catalogProc } from '../msdb/registry-helpers.js';
import { str } from '../msdb/params.js';
import { isSsisAdmin, isValidName, requireArgs, requireWindowsLogin } from './common.js';
import { addMessage, newOperation, requireFolder, requireProject } from './deploy.js';
import { PackageFormatError, readDtsx } from './dtsx.js';
import { readIspac } from './ispac.js';
import { withPackages, type PackageUpdate } from './ispac-write.js';

/** CREATE TYPE [catalog].[Package_Table_Type] AS TABLE ([name] nvarchar(260) NOT NULL, [package_data] varbinary(max) NULL). */
export const PACKAGE_TABLE_TYPE: TableType = {
  schema: 'catalog',
  name: 'Package_Table_Type',
  columns: [
    { name: 'name', type: 'nvarchar', length: 260, nullable: false },
    { name: 'package_data', type: 'varbinary', length: -1, nullable: true },
  ],
};

/** Why one row of the table cannot be deployed, or its parsed package. */
function checkRow(name: string, data: Buffer | null, seen: Set<string>): PackageUpdate | string {
  if (!isValidName(name)) return `'${name}' is not a valid package name. It consists of characters that are not allowed.`;
  const full = `${name}.dtsx`;
  if (seen.has(full.toLowerCase())) return `The package '${name}' appears more than once in the packages table.`;
  seen.add(full.toLowerCase());
  if (data === null || data.length === 0) return `The package '${name}' has no package data.`;
  try {
    return { name: full, bytes: data, info: readDtsx(data) };
  } catch (e) {
    if (e instanceof PackageFormatError) return `Failed to load the package '${name}'. ${e.message}`;
    throw e;
  }
}

export const deployPackages: ProcDef = catalogProc({
  name: 'deploy_packages',
  writes: true,
  params: [
    { name: 'folder_name', type: 'nvarchar', length: 128 },
    { name: 'project_name', type: 'nvarchar', length: 128 },
    { name: 'packages_table', type: 'table', tableType: PACKAGE_TABLE_TYPE },
    { name: 'operation_id', type: 'bigint', default: null, output: true },
  ],
  run(call) {
    requireWindowsLogin(call);
    requireArgs(call, 'folder_name', 'project_name');
    const state = call.ctx.store.state;
    const folderName = str(call, 'folder_name')!;
    const projectName = str(call, 'project_name')!;
    const folder = requireFolder(state, folderName, 'deploy_packages');
    // Without ssis_admin/sysadmin (the only catalog permissions the emulator knows) the project is not visible.
    const project = requireProject(state, folder, projectName, 'deploy_packages', isSsisAdmin(call.session));
    const rows = call.tables.get('packages_table') ?? [];
    const op = newOperation(call, 101, 20, project.project_id, project.name, 2);
    call.reply.output('operation_id', op.operation_id);
    const now = call.ctx.now();
    const seen = new Set<string>();
    const updates: PackageUpdate[] = [];
    const failures: string[] = [];
    for (const [name, data] of rows) {
      const r = checkRow(String(name), (data as Buffer | null) ?? null, seen);
      if (typeof r === 'string') failures.push(r);
      else updates.push(r);
    }
    if (failures.length > 0) {
      // The failed operation and its messages stay, as in SSISDB, so operation_messages can explain it.
      op.status = 4;
      op.end_time = now.toISOString();
      for (const f of failures) addMessage(state, op.operation_id, now, 120, 10, f);
      call.reply.returnStatus = 1;
      const err = raise(27231, "Failed to deploy packages. For more information, query the operation_messages view for the operation identifier '%I64d'.", [op.operation_id], 'deploy_packages');
      err.keepChanges = true;
      throw err;
    }
    if (updates.length > 0) {
      const ispac = withPackages(call.ctx.store.blobs.get(project.blob), updates);
      const content = readIspac(ispac);
      const ids = new Map(project.packages.map((p) => [p.name.toLowerCase(), p.package_id]));
      project.packages = content.packages.map((p) => ({ ...p, package_id: ids.get(p.name.toLowerCase()) ?? ++state.counters.package }));
      project.parameters = content.parameters;
      project.blob = call.ctx.store.blobs.put(ispac);
      project.object_version_lsn = ++state.counters.lsn;
      project.deployed_by_name = call.session.login;
      project.last_deployed_time = now.toISOString();
    }
    op.status = 7;
    op.end_time = call.ctx.now().toISOString();
    const names = updates.map((u) => u.name).join(', ');
    addMessage(state, op.operation_id, now, 70, 10, `${updates.length} package(s) were deployed to the project '${project.name}' in the folder '${folder.name}'${names ? `: ${names}` : ''}.`);
  },
});
