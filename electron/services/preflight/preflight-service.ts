/**
 * Preflight checks, Compare with Servers and Wire Child Jobs over a project on disk, its deploy assignments
 * (the deploy service's sidecar) and the registered servers. Every public method answers a Result.
 */
import type { DriftReport, PreflightResult, Topology, WireArgs, WireSummary } from '../../../shared/contract/preflight.js';
import { readDtsx } from '../../../shared/formats/dtsx.js';
import { runPreflight } from '../../../shared/preflight/rules.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { AppFailure, resultOf, type Result } from '../../../shared/result.js';
import { serverFailure } from '../servers/sql-errors.js';
import { readTextFile } from '../files/text-file.js';
import type { AssignmentSource, ProjectAssignment } from './assignments.js';
import { driftRow } from './drift.js';
import { readProjectOnDisk } from './project-reader.js';
import { readServerFacts, registrationsByName, type ServersApi } from './server-facts.js';
import { topologyOf } from './topology.js';
import { wireParent } from './wire-parent.js';

export interface PreflightServiceOptions {
  readonly servers: ServersApi;
  readonly assignments: AssignmentSource;
  /** Start and wait: seconds between polls of msdb in the wired tasks (default 5). */
  readonly pollSeconds?: number;
}

export class PreflightService {
  constructor(private readonly opts: PreflightServiceOptions) {}

  check(projectPath: string): Promise<Result<PreflightResult>> {
    return resultOf(async () => {
      const project = await readProjectOnDisk(projectPath);
      const assignments = await this.assignmentsOf(projectPath);
      const { facts, checks } = await readServerFacts(this.opts.servers, assignments.map((a) => a.server));
      const report = runPreflight({ project: project.input, assignments, servers: facts });
      return { projectPath, projectName: project.name, report, servers: checks };
    });
  }

  drift(projectPath: string): Promise<Result<DriftReport>> {
    return resultOf(async () => {
      const project = await readProjectOnDisk(projectPath);
      const assignments = await this.assignmentsOf(projectPath);
      const regs = await registrationsByName(this.opts.servers);
      const versions = new Map<string, string | null>();
      for (const [name, path] of project.packagePaths) {
        try {
          versions.set(name, readDtsx(parseXml((await readTextFile(path)).text)).versionGuid);
        } catch {
          versions.set(name, null);
        }
      }
      const rows = await Promise.all(
        assignments.map(async (a) => {
          const reg = regs.get(a.server.toLowerCase());
          if (!reg) {
            return { assignmentId: a.id, packageName: a.packageName, server: a.server, jobName: a.job.createJob ? a.job.name : null, inSync: false, cells: [{ check: 'job' as const, state: 'unknown' as const, detail: `${a.server} is not a registered server.` }] };
          }
          try {
            const { pool } = await this.opts.servers.poolFor(reg.id);
            return await driftRow(pool, a, versions.get(a.packageName.toLowerCase()) ?? null);
          } catch (e) {
            const why = serverFailure(reg, e).message;
            return { assignmentId: a.id, packageName: a.packageName, server: a.server, jobName: a.job.createJob ? a.job.name : null, inSync: false, cells: [{ check: 'job' as const, state: 'unknown' as const, detail: why }] };
          }
        }),
      );
      return { projectPath, rows, differences: rows.filter((r) => !r.inSync).length };
    });
  }

  wire(args: WireArgs): Promise<Result<WireSummary>> {
    return resultOf(async () => {
      const project = await readProjectOnDisk(args.projectPath);
      const assignments = await this.assignmentsOf(args.projectPath);
      const regs = await registrationsByName(this.opts.servers);
      return wireParent(project, args, assignments, regs, this.opts.pollSeconds);
    });
  }

  /** Parent → jobs → servers → children, from the wired tasks in the packages and the assignments. */
  topology(projectPath: string): Promise<Result<Topology>> {
    return resultOf(async () => topologyOf(await readProjectOnDisk(projectPath), await this.assignmentsOf(projectPath)));
  }

  private async assignmentsOf(projectPath: string): Promise<readonly ProjectAssignment[]> {
    const r = await this.opts.assignments.listAssignments(projectPath);
    if (!r.ok) throw new AppFailure(r.error.code, r.error.message, r.error.details as Record<string, unknown> | undefined);
    return r.value.assignments;
  }
}

