/** Wire Child Jobs on disk: which children and servers, the registrations' connection data, the atomic write. */
import { randomUUID } from 'node:crypto';
import { basename } from 'node:path';
import type { WireArgs, WireSummary } from '../../../shared/contract/preflight.js';
import { wireChildJobs, WireError, type WireChild, type WireServer } from '../../../shared/formats/wire-children/wire.js';
import { packageFacts } from '../../../shared/preflight/package-facts.js';
import type { ServerRegistration } from '../../../shared/model/server.js';
import { AppFailure } from '../../../shared/result.js';
import { writeTextFileAtomic } from '../files/atomic-write.js';
import { readTextFile } from '../files/text-file.js';
import type { ProjectAssignment } from './assignments.js';
import type { ProjectOnDisk } from './project-reader.js';

/** OLE DB Data Source of a registration: host, host\instance, or host,port when a port is given. */
export function dataSourceOf(reg: Pick<ServerRegistration, 'host' | 'port'>): string {
  if (reg.port === null) return reg.host;
  return `${reg.host.split('\\')[0]},${reg.port}`;
}

/**
 * The children to wire: the packages the parent's Execute Package Tasks run (project references), or, when
 * it has none, every other package assigned with a job. One task per (child, server) assignment.
 */
export function childrenToWire(parentName: string, parentText: string, assignments: readonly ProjectAssignment[]): WireChild[] {
  const refs = packageFacts(parentText)
    .children.filter((c) => c.kind === 'project' && !c.disabled && c.packageName)
    .map((c) => c.packageName!.toLowerCase());
  const withJobs = assignments.filter((a) => a.job.createJob && a.packageName.toLowerCase() !== parentName.toLowerCase());
  const picked = refs.length > 0 ? refs.flatMap((r) => withJobs.filter((a) => a.packageName.toLowerCase() === r)) : withJobs;
  return picked.map((a) => ({ packageName: a.packageName, server: a.server, jobName: a.job.name }));
}

export async function wireParent(
  project: ProjectOnDisk,
  args: WireArgs,
  assignments: readonly ProjectAssignment[],
  registrations: ReadonlyMap<string, ServerRegistration>,
  pollSeconds?: number,
): Promise<WireSummary> {
  const path = project.packagePaths.get(args.packageName.toLowerCase());
  if (!path) throw new AppFailure('NOT_FOUND', `${project.name} lists no package named ${args.packageName}.`, { projectPath: project.path });
  const file = await readTextFile(path);
  if (!file.lossless) throw new AppFailure('PARSE_ERROR', `${basename(path)} is not valid UTF-8; it is left alone.`, { path });
  const children = childrenToWire(args.packageName, file.text, assignments);
  const servers: WireServer[] = [];
  for (const c of children) {
    const reg = registrations.get(c.server.toLowerCase());
    if (!reg) throw new AppFailure('NOT_FOUND', `${c.server} (assigned ${c.packageName}) is not a registered server; register it to wire its job.`, { server: c.server });
    if (!servers.some((s) => s.name === reg.displayName)) {
      servers.push({ name: reg.displayName, dataSource: dataSourceOf(reg) });
    }
  }
  let result;
  try {
    result = wireChildJobs(file.text, { children: children.map((c) => ({ ...c, server: registrations.get(c.server.toLowerCase())!.displayName })), servers, mode: args.mode, order: args.order, newGuid: randomUUID, pollSeconds });
  } catch (e) {
    if (e instanceof WireError) throw new AppFailure('UNSUPPORTED', `${basename(path)}: ${e.message}`, { path });
    throw new AppFailure('PARSE_ERROR', `${basename(path)}: ${e instanceof Error ? e.message : String(e)}`, { path });
  }
  const written = result.changed && !args.dryRun;
  if (written) await writeTextFileAtomic(path, result.text, { expected: file.fingerprint, encoding: file.encoding });
  return { packagePath: path, changed: result.changed, written, tasks: result.tasks, removed: result.removed, mode: args.mode, order: args.order };
}
