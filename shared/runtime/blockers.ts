/**
 * What the built-in engine cannot run, found before a run starts: Data Flow, Script and third-party tasks,
 * unknown Foreach enumerators — in the package, its event handlers, and the child packages it runs through
 * project references. A run with any blocker does not start; nothing is skipped silently.
 */
import type { RunBlocker } from '../contract/runs.js';
import { childElements, textContent } from '../xml/query.js';
import { enumeratorMoniker, SUPPORTED_ENUMERATORS } from './foreach.js';
import type { ExecutableDef, PackageDef, ProjectDef } from './model.js';
import { normalizeTaskType, TASK } from './task-types.js';

function messageFor(exec: ExecutableDef): string {
  switch (normalizeTaskType(exec.taskType)) {
    case TASK.dataFlow:
      return `"${exec.name}" is a Data Flow Task. The built-in engine runs control flow only; install SQL Server Integration Services (dtexec) to run data flows, or disable the task.`;
    case TASK.script:
      return `"${exec.name}" is a Script Task. The built-in engine cannot run .NET scripts; install SQL Server Integration Services (dtexec) to run it, or disable the task.`;
    default:
      return `"${exec.name}" is a task of type "${exec.taskType}", which the built-in engine cannot run (it runs Execute SQL, Execute Package, Execute SQL Server Agent Job, Execute Process, File System and Expression tasks). Install SQL Server Integration Services (dtexec) to run it, or disable the task.`;
  }
}

function childPackageName(exec: ExecutableDef): string | null {
  if (normalizeTaskType(exec.taskType) !== TASK.executePackage || !exec.data) return null;
  const field = (local: string) => {
    const el = childElements(exec.data!).find((c) => c.local === local);
    return el ? textContent(el).trim() : null;
  };
  if ((field('UseProjectReference') ?? '').toLowerCase() !== 'true') return null;
  if (exec.propertyExpressions.some((p) => p.name === 'PackageName')) return null;
  return field('PackageName');
}

export async function findBlockers(pkg: PackageDef, supportedTasks: ReadonlySet<string>, project: ProjectDef | null, seen: Set<string> = new Set()): Promise<RunBlocker[]> {
  const out: RunBlocker[] = [];
  seen.add(pkg.name.toLowerCase());
  const children: string[] = [];
  const prefix = seen.size > 1 ? `${pkg.name}: ` : '';
  const visit = (exec: ExecutableDef, path: string) => {
    if (exec.disabled) return;
    if (exec.kind === 'task' && !supportedTasks.has(normalizeTaskType(exec.taskType))) out.push({ path, taskType: exec.taskType, message: prefix + messageFor(exec) });
    if (exec.kind === 'foreachLoop' && exec.foreach && !SUPPORTED_ENUMERATORS.includes(enumeratorMoniker(exec.foreach.enumerator))) {
      out.push({ path, taskType: exec.foreach.enumerator, message: `${prefix}The Foreach Loop "${exec.name}" uses the enumerator "${exec.foreach.enumerator}"; the built-in engine supports the File, Item and ADO enumerators.` });
    }
    const child = childPackageName(exec);
    if (child) children.push(child);
    for (const h of exec.eventHandlers) visit(h.body, `${path}.EventHandlers[${h.event}]`);
    for (const e of exec.executables) visit(e, `${path}\\${e.name}`);
  };
  visit(pkg.root, '\\Package');
  for (const name of children) {
    if (!project || seen.has(name.toLowerCase())) continue;
    const child = await project.loadPackage(name).catch(() => null);
    if (child) out.push(...(await findBlockers(child, supportedTasks, project, seen)));
  }
  return out;
}

/**
 * Features the built-in engine runs without (the run goes ahead, and the Output says so at its start):
 * distributed transactions, legacy package configurations, checkpoint files.
 */
export function findLimitations(pkg: PackageDef): string[] {
  const out: string[] = [];
  const transacted: string[] = [];
  const visit = (e: ExecutableDef, path: string) => {
    if (e.disabled) return;
    if (e.transactionRequired) transacted.push(path);
    for (const c of e.executables) visit(c, `${path}\\${c.name}`);
  };
  visit(pkg.root, '\\Package');
  if (transacted.length) out.push(`TransactionOption is Required on ${transacted.join(', ')}; the built-in engine runs without a distributed (MSDTC) transaction, so a failure does not roll back work already done.`);
  if (pkg.configurations > 0) out.push(`The package has ${pkg.configurations} package configuration${pkg.configurations === 1 ? '' : 's'} (legacy); the built-in engine does not apply them — use parameters, /SET or /CONNECTION instead.`);
  if (pkg.saveCheckpoints) out.push('SaveCheckpoints is True; the built-in engine does not write a checkpoint file, so a rerun starts from the beginning.');
  return out;
}
