/** catalog.create_folder and catalog.deploy_project (synchronous, as an operation of type 101). */
import type { ProcCall, ProcDef } from '../core/procedure.js';
import { raise, SqlError } from '../core/sql-error.js';
import type { Operation, State } from '../state/model.js';
import { catalogProc } from '../msdb/registry-helpers.js';
import { str } from '../msdb/params.js';
import { isSsisAdmin, isValidName, requireArgs, requireWindowsLogin } from './common.js';
import { IspacError, readIspac } from './ispac.js';

export function newOperation(call: ProcCall, type: number, objectType: number, objectId: number, objectName: string, status: number): Operation {
  const state = call.ctx.store.state;
  const now = call.ctx.now().toISOString();
  const op: Operation = {
    operation_id: ++state.counters.operation, operation_type: type, created_time: now, object_type: objectType, object_id: objectId,
    object_name: objectName, status, start_time: status === 1 ? null : now, end_time: null, caller_name: call.session.login, process_id: null,
    stopped_by_name: null, server_name: call.ctx.serverName, machine_name: call.ctx.serverName.split('\\')[0]!,
  };
  state.catalog.operations.push(op);
  return op;
}

export function addMessage(state: State, operationId: number, when: Date, type: number, sourceType: number, message: string, pkg: string | null = null): void {
  state.catalog.messages.push({
    operation_message_id: ++state.counters.message, operation_id: operationId, message_time: when.toISOString(), message_type: type,
    message_source_type: sourceType, message, package_name: pkg, event_name: pkg ? (type === 120 ? 'OnError' : 'OnInformation') : null, message_source_name: pkg,
  });
}

export function findFolder(state: State, name: string) {
  return state.catalog.folders.find((f) => f.name.toLowerCase() === name.toLowerCase());
}

/** The folder, or SSISDB's 27104 naming it, raised by `procedure`. */
export function requireFolder(state: State, name: string, procedure: string) {
  const folder = findFolder(state, name);
  if (!folder) throw raise(27104, "Cannot find the folder '%ls' because it does not exist or you do not have sufficient permissions.", [name], procedure);
  return folder;
}

/** The project of that name in the folder (names compare case-insensitively, as in SSISDB). */
export function findProject(state: State, folder: { readonly folder_id: number }, name: string) {
  return state.catalog.projects.find((p) => p.folder_id === folder.folder_id && p.name.toLowerCase() === name.toLowerCase());
}

/**
 * The project, or SSISDB's 27109 naming it, raised by `procedure`: also when there is no folder, or when the
 * caller may not see it (`visible` false).
 */
export function requireProject(state: State, folder: { readonly folder_id: number } | undefined, name: string, procedure: string, visible = true) {
  const project = folder ? findProject(state, folder, name) : undefined;
  if (!project || !visible) throw raise(27109, "Cannot find the project '%ls' because it does not exist or you do not have sufficient permissions.", [name], procedure);
  return project;
}

export const createFolder: ProcDef = catalogProc({
  name: 'create_folder',
  writes: true,
  params: [
    { name: 'folder_name', type: 'nvarchar', length: 128 },
    { name: 'folder_id', type: 'bigint', default: null, output: true },
  ],
  run(call) {
    requireWindowsLogin(call);
    if (!isSsisAdmin(call.session)) throw new SqlError(27188, 'Only members of the ssis_admin or sysadmin server roles can create, delete, or rename a catalog folder.', 16, 1, 'create_folder');
    const name = str(call, 'folder_name');
    if (name === null) throw new SqlError(27189, 'The folder name cannot be null.', 16, 1, 'create_folder');
    if (!isValidName(name)) throw raise(27199, "'%ls' is not a valid folder name. It consists of characters that are not allowed.", [name], 'create_folder');
    const state = call.ctx.store.state;
    if (findFolder(state, name)) throw raise(27190, "The folder '%ls' already exists or you have not been granted the appropriate permissions to create it.", [name], 'create_folder');
    const folder = { folder_id: ++state.counters.catalogFolder, name, description: null, created_by_name: call.session.login, created_time: call.ctx.now().toISOString() };
    state.catalog.folders.push(folder);
    call.reply.output('folder_id', folder.folder_id);
  },
});

export const deployProject: ProcDef = catalogProc({
  name: 'deploy_project',
  writes: true,
  params: [
    { name: 'folder_name', type: 'nvarchar', length: 128 },
    { name: 'project_name', type: 'nvarchar', length: 128 },
    { name: 'project_stream', type: 'varbinary', length: -1 },
    { name: 'operation_id', type: 'bigint', default: null, output: true },
  ],
  run(call) {
    requireWindowsLogin(call);
    requireArgs(call, 'folder_name', 'project_name', 'project_stream');
    const state = call.ctx.store.state;
    const folderName = str(call, 'folder_name')!;
    const projectName = str(call, 'project_name')!;
    if (!isValidName(projectName)) throw raise(27145, "'%ls' is not a valid project name. It consists of characters that are not allowed.", [projectName], 'deploy_project');
    const folder = requireFolder(state, folderName, 'deploy_project');
    if (!isSsisAdmin(call.session)) throw raise(27206, "Failed to deploy project to the folder '%ls'. You do not have sufficient permissions to deploy this project.", [folderName], 'deploy_project');
    const bytes = call.args.get('project_stream') as Buffer;
    const existing = findProject(state, folder, projectName);
    const op = newOperation(call, 101, 20, existing?.project_id ?? 0, projectName, 2);
    const now = call.ctx.now();
    call.reply.output('operation_id', op.operation_id);
    let failure: string | null = null;
    let content: ReturnType<typeof readIspac> | null = null;
    try {
      content = readIspac(bytes);
      if (content.name !== projectName) failure = `The project name '${projectName}' does not match the name '${content.name}' in the project file.`;
    } catch (e) {
      if (!(e instanceof IspacError)) throw e;
      failure = e.message;
    }
    if (failure !== null || !content) {
      // The operation and its messages stay, as in SSISDB, so operation_messages can explain the failure.
      op.status = 4;
      op.end_time = now.toISOString();
      addMessage(state, op.operation_id, now, 120, 10, failure!);
      call.reply.returnStatus = 1;
      const err = raise(27203, "Failed to deploy project. For more information, query the operation_messages view for the operation identifier '%I64d'.", [op.operation_id], 'deploy_project');
      err.keepChanges = true;
      throw err;
    }
    const lsn = ++state.counters.lsn;
    let nextPackage = state.counters.package;
    const packages = content.packages.map((p) => ({ ...p, package_id: ++nextPackage }));
    state.counters.package = nextPackage;
    const blob = call.ctx.store.blobs.put(bytes);
    if (existing) {
      Object.assign(existing, { description: content.description, deployed_by_name: call.session.login, last_deployed_time: now.toISOString(), object_version_lsn: lsn, blob, packages, parameters: content.parameters });
    } else {
      state.catalog.projects.push({
        project_id: ++state.counters.project, folder_id: folder.folder_id, name: projectName, description: content.description, project_format_version: 1,
        deployed_by_name: call.session.login, last_deployed_time: now.toISOString(), created_time: now.toISOString(), object_version_lsn: lsn, blob, packages,
        parameters: content.parameters,
      });
      op.object_id = state.counters.project;
    }
    op.status = 7;
    op.end_time = call.ctx.now().toISOString();
    addMessage(state, op.operation_id, now, 70, 10, `The project '${projectName}' was deployed to the folder '${folderName}' (${packages.length} package(s)).`);
  },
});
