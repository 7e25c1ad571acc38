/**
 * The tasks that need no I/O of their own: the Expression Task (`@[User::x] = expr`) and the Execute Package
 * Task (a project reference or a File connection, with parameter assignments; the child runs in process
 * and its failure fails the task).
 */
import { childElements, textContent } from '../../xml/query.js';
import { parsePackage } from '../load-package.js';
import { TaskError, type EngineHost, type TaskContext, type TaskImpl } from '../task-api.js';
import { valueToString, type TypedValue } from '../values.js';

export const expressionTask: TaskImpl = async (ctx) => {
  const expression = ctx.props.get('Expression') ?? '';
  if (!expression.trim()) throw new TaskError('The Expression Task has no expression.', '0xC0014032');
  const v = ctx.evaluate(expression, true);
  ctx.info(`The expression "${expression}" evaluated to "${valueToString(v)}".`);
};

function assignments(ctx: TaskContext): Map<string, TypedValue> {
  const out = new Map<string, TypedValue>();
  for (const a of ctx.data ? childElements(ctx.data, 'ParameterAssignment') : []) {
    const field = (local: string) => {
      const el = childElements(a).find((c) => c.local === local);
      return el ? textContent(el).trim() : '';
    };
    const name = field('ParameterName').replace(/^\$Package::/i, '');
    const source = field('BindedVariableOrParameterName');
    if (name && source) out.set(name, ctx.read(source));
  }
  return out;
}

export function executePackageTask(host: EngineHost): TaskImpl {
  return async (ctx) => {
    const useProject = (ctx.props.get('UseProjectReference') ?? '').toLowerCase() === 'true';
    let pkg;
    if (useProject) {
      const name = ctx.props.get('PackageName') ?? '';
      if (!ctx.project) throw new TaskError(`The package "${name}" is referenced from the project, but this package was not run from a project.`, '0xC0012050');
      pkg = await ctx.project.loadPackage(name);
      if (!pkg) throw new TaskError(`The package "${name}" could not be found in the project "${ctx.project.name}".`, '0xC0012050');
    } else {
      const connId = ctx.props.get('Connection') ?? '';
      const conn = ctx.connection(connId);
      if (!conn) throw new TaskError(`The connection "${connId}" is not found. This error is thrown by Connections collection when the specific connection element is not found.`, '0xC001000E');
      if (conn.def.creationName.toUpperCase().startsWith('OLEDB')) {
        // The msdb package store of the server that connection names; PackageName is `\Folder\Name`.
        const path = ctx.props.get('PackageName') ?? '';
        try {
          pkg = await host.loadMsdbPackage(conn.connectionString, path);
        } catch (e) {
          throw new TaskError(`The package "${path}" could not be loaded from msdb through "${conn.def.name}": ${(e as Error).message}`, '0xC0012050');
        }
      } else {
        const path = conn.connectionString;
        let text: string;
        try {
          text = await host.readPackageFile(path);
        } catch (e) {
          throw new TaskError(`The package "${path}" could not be loaded: ${(e as Error).message}`, '0xC0012050');
        }
        pkg = parsePackage(text, path.split(/[\\/]/).pop() ?? path, path);
      }
    }
    const result = await ctx.runPackage({ pkg, displayPath: pkg.source, project: useProject ? ctx.project : null, parameters: assignments(ctx) });
    if (result === 'failure') throw new TaskError(`The package "${pkg.name}" failed.`, '0xC0012050');
  };
}
