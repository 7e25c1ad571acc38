/** catalog.create_execution, set_execution_parameter_value, start_execution (SYNCHRONIZED honoured), stop_operation. */
import type { ProcCall, ProcDef } from '../core/procedure.js';
import { raise, SqlError } from '../core/sql-error.js';
import { catalogProc } from '../msdb/registry-helpers.js';
import { num, str } from '../msdb/params.js';
import type { Execution, ExecutionParameter } from '../state/model.js';
import { requireArgs, requireWindowsLogin } from './common.js';
import { newOperation, requireFolder, requireProject } from './deploy.js';

const SERVER_OPTIONS: Record<string, string> = {
  LOGGING_LEVEL: 'Int32', CUSTOMIZED_LOGGING_LEVEL: 'String', DUMP_ON_ERROR: 'Boolean', DUMP_ON_EVENT: 'Boolean', DUMP_EVENT_CODE: 'String',
  CALLER_INFO: 'String', SYNCHRONIZED: 'Boolean',
};

function findExecution(call: ProcCall): Execution {
  const id = num(call, 'execution_id');
  const e = call.ctx.store.state.catalog.executions.find((x) => x.execution_id === id);
  if (!e) throw raise(27103, "Cannot find the execution instance '%I64d' because it does not exist or you do not have sufficient permissions.", [id ?? 0], call.procName);
  return e;
}

function statusOf(call: ProcCall, id: number): number {
  return call.ctx.store.state.catalog.operations.find((o) => o.operation_id === id)?.status ?? 0;
}

export const createExecution: ProcDef = catalogProc({
  name: 'create_execution',
  writes: true,
  params: [
    { name: 'folder_name', type: 'nvarchar', length: 128 },
    { name: 'project_name', type: 'nvarchar', length: 128 },
    { name: 'package_name', type: 'nvarchar', length: 260 },
    { name: 'reference_id', type: 'bigint', default: null },
    { name: 'use32bitruntime', type: 'bit', default: 0 },
    { name: 'runinscaleout', type: 'bit', default: null },
    { name: 'useanyworker', type: 'bit', default: null },
    { name: 'execution_id', type: 'bigint', output: true },
  ],
  run(call) {
    requireWindowsLogin(call);
    requireArgs(call, 'folder_name', 'project_name', 'package_name');
    const state = call.ctx.store.state;
    const folderName = str(call, 'folder_name')!;
    const projectName = str(call, 'project_name')!;
    const packageName = str(call, 'package_name')!;
    const folder = requireFolder(state, folderName, 'create_execution');
    const project = requireProject(state, folder, projectName, 'create_execution');
    const pkg = project.packages.find((p) => p.name.toLowerCase() === packageName.toLowerCase());
    if (!pkg || pkg.entry_point !== 1) throw new SqlError(27146, 'Cannot access the package or the package does not exist. Verify that the package exists and that the user has permissions to it.', 16, 1, 'create_execution');
    const ref = num(call, 'reference_id');
    if (ref !== null) throw raise(27208, "The environment reference '%I64d' is not associated with the project.", [ref], 'create_execution');
    const op = newOperation(call, 200, 20, project.project_id, pkg.name, 1);
    const parameters: ExecutionParameter[] = [
      ...project.parameters
        .filter((p) => p.object_type === 20 || p.object_name.toLowerCase() === pkg.name.toLowerCase())
        .map((p) => ({ object_type: p.object_type, parameter_name: p.parameter_name, value: p.design_default_value, data_type: p.data_type })),
      { object_type: 50, parameter_name: 'LOGGING_LEVEL', value: 1, data_type: 'Int32' },
      { object_type: 50, parameter_name: 'SYNCHRONIZED', value: false, data_type: 'Boolean' },
    ];
    state.catalog.executions.push({
      execution_id: op.operation_id, folder_name: folder.name, project_name: project.name, package_name: pkg.name, reference_id: null,
      use32bitruntime: num(call, 'use32bitruntime') ?? 0, project_id: project.project_id, project_lsn: project.object_version_lsn, parameters,
    });
    call.reply.output('execution_id', op.operation_id);
  },
});

export const setExecutionParameterValue: ProcDef = catalogProc({
  name: 'set_execution_parameter_value',
  writes: true,
  params: [
    { name: 'execution_id', type: 'bigint' },
    { name: 'object_type', type: 'smallint' },
    { name: 'parameter_name', type: 'nvarchar', length: 128 },
    { name: 'parameter_value', type: 'sql_variant' },
  ],
  run(call) {
    requireWindowsLogin(call);
    requireArgs(call, 'execution_id', 'object_type', 'parameter_name', 'parameter_value');
    const e = findExecution(call);
    if (statusOf(call, e.execution_id) !== 1) throw new SqlError(27224, 'The parameter value cannot be changed after the execution has been started.', 16, 1, 'set_execution_parameter_value');
    const type = num(call, 'object_type')!;
    if (![20, 30, 50].includes(type)) throw raise(27101, "The value specified for the input parameter, '%ls', is not valid.", ['object_type'], 'set_execution_parameter_value');
    const pname = str(call, 'parameter_name')!;
    const value = call.args.get('parameter_value')!;
    let param = e.parameters.find((p) => p.object_type === type && p.parameter_name.toLowerCase() === pname.toLowerCase());
    if (type === 50) {
      const option = Object.keys(SERVER_OPTIONS).find((k) => k === pname.toUpperCase());
      if (!option) throw raise(27176, "The parameter '%ls' does not exist or you do not have sufficient permissions.", [pname], 'set_execution_parameter_value');
      if (!param) {
        param = { object_type: 50, parameter_name: option, value: null, data_type: SERVER_OPTIONS[option]! };
        e.parameters.push(param);
      }
    }
    if (!param) throw raise(27176, "The parameter '%ls' does not exist or you do not have sufficient permissions.", [pname], 'set_execution_parameter_value');
    const numeric = typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean';
    let stored: string | number | boolean;
    if (param.data_type === 'Boolean') {
      if (!numeric) throw raise(27147, "The data type of the input value is not compatible with the data type of the '%ls'.", [pname], 'set_execution_parameter_value');
      stored = Number(value) !== 0;
    } else if (param.data_type === 'String') {
      if (typeof value !== 'string') throw raise(27147, "The data type of the input value is not compatible with the data type of the '%ls'.", [pname], 'set_execution_parameter_value');
      stored = value;
    } else if (['Int16', 'Int32', 'Int64', 'UInt32', 'UInt64', 'Byte', 'Single', 'Double', 'Decimal'].includes(param.data_type)) {
      if (!numeric || typeof value === 'boolean') throw raise(27147, "The data type of the input value is not compatible with the data type of the '%ls'.", [pname], 'set_execution_parameter_value');
      stored = Number(value);
    } else stored = value instanceof Date ? value.toISOString() : String(value);
    if (type === 50 && param.parameter_name === 'LOGGING_LEVEL' && ![0, 1, 2, 3, 4, 100].includes(stored as number)) {
      throw raise(27217, "The logging level '%d' is undefined. Valid values are 0 (None), 1 (Basic), 2 (Performance), 3 (Verbose), 4 (RuntimeLineage) and 100 (Customized).", [stored as number], 'set_execution_parameter_value');
    }
    param.value = stored;
  },
});

export const startExecution: ProcDef = catalogProc({
  name: 'start_execution',
  writes: true,
  params: [
    { name: 'execution_id', type: 'bigint' },
    { name: 'retry_count', type: 'int', default: 0 },
  ],
  run(call) {
    requireWindowsLogin(call);
    requireArgs(call, 'execution_id');
    if ((num(call, 'retry_count') ?? 0) < 0) throw raise(27101, "The value specified for the input parameter, '%ls', is not valid.", ['retry_count'], 'start_execution');
    const state = call.ctx.store.state;
    const e = findExecution(call);
    const op = state.catalog.operations.find((o) => o.operation_id === e.execution_id)!;
    if (op.status !== 1) throw new SqlError(27121, 'The project is currently running or has completed. An instance of execution can only be started once.', 16, 1, 'start_execution');
    const project = state.catalog.projects.find((p) => p.project_id === e.project_id);
    if (!project || project.object_version_lsn !== e.project_lsn) {
      throw new SqlError(27150, 'The version of the project has changed since the instance of the execution has been created. Create a new execution instance and try again.', 16, 1, 'start_execution');
    }
    const required = project.parameters.filter((p) => p.required === 1 && (p.object_type === 20 || p.object_name.toLowerCase() === e.package_name.toLowerCase()));
    if (required.some((r) => e.parameters.find((p) => p.object_type === r.object_type && p.parameter_name === r.parameter_name)?.value == null)) {
      throw new SqlError(27184, 'In order to execute this package, you need to specify values for the required parameters.', 16, 1, 'start_execution');
    }
    op.status = 2;
    op.start_time = call.ctx.now().toISOString();
    const done = call.ctx.catalog.start(structuredClone(e), project.blob);
    const synchronized = e.parameters.find((p) => p.object_type === 50 && p.parameter_name === 'SYNCHRONIZED')?.value === true;
    // SYNCHRONIZED waits for the end (after the lock is released); it never raises for a failed package.
    if (synchronized) call.reply.after = () => done;
  },
});

export const stopOperation: ProcDef = catalogProc({
  name: 'stop_operation',
  writes: false,
  params: [{ name: 'operation_id', type: 'bigint' }],
  run(call) {
    requireWindowsLogin(call);
    requireArgs(call, 'operation_id');
    const id = num(call, 'operation_id')!;
    if (!call.ctx.catalog.stop(id, call.session.login)) {
      throw raise(27124, "Integration Services server cannot stop the operation. The specified operation with ID '%I64d' is not valid or is not running.", [id], 'stop_operation');
    }
  },
});
