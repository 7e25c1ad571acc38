/**
 * catalog.delete_project and catalog.delete_folder: 27123 for SQL logins, 27138 for NULL names, 27104 for a
 * folder that is not there, 27109 for a project that is not there (or not visible without ssis_admin), 27188
 * for deleting a folder without ssis_admin/sysadmin. Executions of a deleted project stay in the history views.
 */
import type { ProcDef } from '../core/procedure.js';
import { raise, SqlError } from '../core/sql-error.js';
import { catalogProc } from '../msdb/registry-helpers.js';
import { str } from '../msdb/params.js';
import { isSsisAdmin, requireArgs, requireWindowsLogin } from './common.js';
import { requireFolder, requireProject } from './deploy.js';

export const deleteProject: ProcDef = catalogProc({
  name: 'delete_project',
  writes: true,
  params: [
    { name: 'folder_name', type: 'nvarchar', length: 128 },
    { name: 'project_name', type: 'nvarchar', length: 128 },
  ],
  run(call) {
    requireWindowsLogin(call);
    requireArgs(call, 'folder_name', 'project_name');
    const state = call.ctx.store.state;
    const folderName = str(call, 'folder_name')!;
    const projectName = str(call, 'project_name')!;
    const folder = requireFolder(state, folderName, 'delete_project');
    const project = requireProject(state, folder, projectName, 'delete_project', isSsisAdmin(call.session));
    state.catalog.projects.splice(state.catalog.projects.indexOf(project), 1);
  },
});

export const deleteFolder: ProcDef = catalogProc({
  name: 'delete_folder',
  writes: true,
  params: [{ name: 'folder_name', type: 'nvarchar', length: 128 }],
  run(call) {
    requireWindowsLogin(call);
    if (!isSsisAdmin(call.session)) throw new SqlError(27188, 'Only members of the ssis_admin or sysadmin server roles can create, delete, or rename a catalog folder.', 16, 1, 'delete_folder');
    requireArgs(call, 'folder_name');
    const state = call.ctx.store.state;
    const folderName = str(call, 'folder_name')!;
    const folder = requireFolder(state, folderName, 'delete_folder');
    if (state.catalog.projects.some((p) => p.folder_id === folder.folder_id)) {
      // SQL Server refuses to delete a folder that still holds projects; the number and wording are best effort.
      throw raise(27191, "The folder '%ls' cannot be deleted because it contains projects. Delete them first.", [folder.name], 'delete_folder');
    }
    state.catalog.folders = state.catalog.folders.filter((f) => f.folder_id !== folder.folder_id);
  },
});
