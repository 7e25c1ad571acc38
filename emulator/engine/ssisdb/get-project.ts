/**
 * catalog.get_project: the deployed project as .ispac bytes, one row with one varbinary(max) column. As its
 * body: 27123 for SQL logins, 27138 for NULL names, 27109 when the folder or project is not there (or not
 * visible to the caller).
 */
import { varbinary } from '../core/columns.js';
import type { ProcDef } from '../core/procedure.js';
import { catalogProc } from '../msdb/registry-helpers.js';
import { str } from '../msdb/params.js';
import { isSsisAdmin, requireArgs, requireWindowsLogin } from './common.js';
import { findFolder, requireProject } from './deploy.js';

export const getProject: ProcDef = catalogProc({
  name: 'get_project',
  writes: false,
  params: [
    { name: 'folder_name', type: 'nvarchar', length: 128 },
    { name: 'project_name', type: 'nvarchar', length: 128 },
  ],
  run(call) {
    requireWindowsLogin(call);
    requireArgs(call, 'folder_name', 'project_name');
    const state = call.ctx.store.state;
    const projectName = str(call, 'project_name')!;
    const project = requireProject(state, findFolder(state, str(call, 'folder_name')!), projectName, 'get_project', isSsisAdmin(call.session));
    call.reply.resultSet({ columns: [varbinary('project_stream', -1)], rows: [[call.ctx.store.blobs.get(project.blob)]] });
  },
});
