/** The Topology view's data: each parent's wired tasks, matched to the assignments whose jobs they start. */
import type { Topology, TopologyParent } from '../../../shared/contract/preflight.js';
import { readWiring } from '../../../shared/formats/wire-children/wire.js';
import { readTextFile } from '../files/text-file.js';
import type { ProjectAssignment } from './assignments.js';
import type { ProjectOnDisk } from './project-reader.js';

export async function topologyOf(project: ProjectOnDisk, assignments: readonly ProjectAssignment[]): Promise<Topology> {
  const parents: TopologyParent[] = [];
  const started = new Set<string>();
  for (const p of project.dtproj.packages) {
    const path = project.packagePaths.get(p.name.toLowerCase());
    if (!path) continue;
    let wiring;
    try {
      wiring = readWiring((await readTextFile(path)).text);
    } catch {
      continue; // unreadable packages are reported by the checks
    }
    if (wiring.tasks.length === 0) continue;
    parents.push({
      packageName: p.name,
      order: wiring.order,
      links: wiring.tasks.map((t) => {
        const candidates = assignments.filter((a) => a.job.createJob && t.jobName !== null && a.job.name.toLowerCase() === t.jobName.toLowerCase());
        // The connection manager is named "<server>.msdb": prefer the assignment on that server.
        const cm = (t.connectionManager ?? '').toLowerCase();
        const a = candidates.find((x) => cm.startsWith(`${x.server.toLowerCase()}.`)) ?? candidates[0] ?? null;
        if (a) started.add(a.id);
        return { taskName: t.name, jobName: t.jobName, server: a?.server ?? (t.connectionManager ? t.connectionManager.replace(/\.msdb( \d+)?$/i, '') : null), childPackage: a?.packageName ?? null, mode: t.mode };
      }),
    });
  }
  const parentNames = new Set(parents.map((p) => p.packageName.toLowerCase()));
  const unwired = assignments
    .filter((a) => a.job.createJob && !started.has(a.id) && !parentNames.has(a.packageName.toLowerCase()))
    .map((a) => ({ packageName: a.packageName, server: a.server, jobName: a.job.name }));
  return { projectPath: project.path, parents, unwired };
}
