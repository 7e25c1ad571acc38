/** `ssisd solution show <.sln|.slnx|.dtproj> [--json]`: the tree as Visual Studio's Solution Explorer shows it. */
import type { ProjectNode, SolutionView } from '../../../shared/model/solution.js';
import { SolutionService } from '../../services/solution/service.js';
import { UsageError, type CliIo } from '../io.js';

/** The JSON shape documented in issue #2 (stable for scripts and the bench). */
export function toShowJson(view: SolutionView): unknown {
  return {
    solution: view.solution ? { name: view.solution.name, path: view.solution.path } : null,
    projects: view.projects.map((p) => ({
      name: p.name,
      path: p.path,
      status: p.status,
      ...(p.error ? { error: p.error } : {}),
      deploymentModel: p.deploymentModel,
      packages: p.packages.map((k) => ({
        name: k.name,
        path: k.path,
        entryPoint: k.entryPoint,
        protectionLevel: k.protectionLevel,
        formatVersion: k.formatVersion,
        status: k.status,
        ...(k.error ? { error: k.error } : {}),
      })),
      connectionManagers: p.connectionManagers.map((c) => ({ name: c.name })),
    })),
  };
}

function projectLabel(p: ProjectNode): string {
  if (p.status === 'unavailable') return `${p.name} (unavailable)`;
  if (p.status === 'foreign') return `${p.name} (${p.foreignKind ?? 'foreign'} project, not supported)`;
  if (p.status === 'locked') return `${p.name} (locked: password required)`;
  if (p.status === 'error') return `${p.name} (error)`;
  return p.name;
}

export function toShowText(view: SolutionView): string {
  const lines: string[] = [];
  const total = view.projects.length;
  const loaded = view.projects.filter((p) => p.status === 'loaded').length;
  let indent = '';
  if (view.solution) {
    lines.push(`Solution '${view.solution.name}' (${loaded} of ${total} project${total === 1 ? '' : 's'})`);
    indent = '  ';
  }
  for (const p of view.projects) {
    lines.push(`${indent}${projectLabel(p)}`);
    const i2 = `${indent}  `;
    const i3 = `${indent}    `;
    if (p.error) lines.push(`${i2}! ${p.error}`);
    if (p.status !== 'loaded') continue;
    if (p.projectParams) lines.push(`${i2}${p.projectParams.name}${p.projectParams.status !== 'ok' ? ` [${p.projectParams.status}]` : ''}`);
    lines.push(`${i2}Connection Managers`);
    for (const c of p.connectionManagers) lines.push(`${i3}${c.name}${c.status !== 'ok' ? ` [${c.status}: ${c.error ?? ''}]` : ''}`);
    lines.push(`${i2}SSIS Packages`);
    for (const k of p.packages) {
      const marks = [k.entryPoint ? 'Entry-point' : null, p.startupObject && p.startupObject.toLowerCase() === k.name.toLowerCase() ? 'StartUp' : null].filter(Boolean);
      const status = k.status !== 'ok' ? ` [${k.status}: ${k.error ?? ''}]` : '';
      lines.push(`${i3}${k.name}${marks.length ? ` (${marks.join(', ')})` : ''}${status}`);
    }
    lines.push(`${i2}Package Parts`);
    lines.push(`${i3}Control Flow`);
    for (const c of p.packageParts) lines.push(`${i3}  ${c.name}${c.status !== 'ok' ? ` [${c.status}]` : ''}`);
    lines.push(`${i2}Miscellaneous`);
    for (const c of p.miscellaneous) lines.push(`${i3}${c.name}${c.status !== 'ok' ? ` [${c.status}]` : ''}`);
  }
  return lines.join('\n') + '\n';
}

export async function solutionShow(args: readonly string[], io: CliIo): Promise<number> {
  const json = args.includes('--json');
  const rest = args.filter((a) => a !== '--json');
  const unknown = rest.find((a) => a.startsWith('-'));
  if (unknown) throw new UsageError(`unknown option ${unknown}`);
  if (rest.length !== 1) throw new UsageError('usage: ssisd solution show <.sln|.slnx|.dtproj> [--json]');
  const service = new SolutionService({ watch: false });
  try {
    const r = await service.open({ path: rest[0]! });
    if (!r.ok) {
      io.err(`ssisd: ${r.error.message}\n`);
      return 1;
    }
    io.out(json ? `${JSON.stringify(toShowJson(r.value), null, 2)}\n` : toShowText(r.value));
    return 0;
  } finally {
    await service.close();
  }
}
