/**
 * Deployment's Node side: assignments in the sidecar next to each .dtproj, deploy runs over ServersService's
 * pools with progress events, cancel and retry, "Remove from server", and Export to msdb. Every public
 * method answers a Result and never throws.
 */
import { randomUUID } from 'node:crypto';
import { basename, resolve } from 'node:path';
import type { AssignmentView, DeployEvents, DeployRunView, DialogProposal, ExportResult, JobSettingsArgs, ProjectAssignments, UnassignResult } from '../../../shared/contract/deploy.js';
import {
  defaultDialogDefaults,
  defaultJobName,
  deployStatus,
  type Assignment,
  type AssignmentState,
  type DeploySummary,
  type DialogDefaults,
} from '../../../shared/model/deploy.js';
import { AppFailure, resultOf, toAppError, type Result } from '../../../shared/result.js';
import type { ServerListEntry } from '../../../shared/model/server.js';
import type { ServersService } from '../servers/index.js';
import { deleteJob } from './agent-job.js';
import { DeployRun, type IspacBuilder, type PersistItem, type PlanItem, type ServerConnector } from './deploy-run.js';
import { removeCopiedPackage } from './file-target.js';
import { deleteMsdbPackage, ensureMsdbFolder, listMsdbFolder, msdbPackageName, putMsdbPackage } from './msdb-store.js';
import { currentSha256, projectNameOf, projectPackage, readPackageFile, readProject, type ProjectInfo } from './project-files.js';
import { readSidecar, sidecarPathFor, withSidecarLock, writeSidecar, type Sidecar } from './sidecar.js';
import { deployErrorOf } from './step-failure.js';
import { validateJob, validateTarget } from './validate.js';

export interface DeployServiceOptions {
  readonly servers: ServersService;
  /** Builds a project's .ispac for catalog.deploy_project; null: only existing catalog projects can be deployed to. */
  readonly buildIspac: IspacBuilder | null;
  /**
   * The password of an EncryptAllWithPassword / EncryptSensitiveWithPassword project, when the user gave it
   * this session (Solution Explorer unlock); kept in memory by its owner, never written by the deploy.
   */
  readonly projectPassword?: (dtprojPath: string) => string | undefined;
  /** Servers deployed to at the same time (default 8). */
  readonly maxParallelServers?: number;
  readonly onEvent?: <E extends keyof DeployEvents>(event: E, payload: DeployEvents[E]) => void;
  readonly log?: (line: string) => void;
}

/** Finished runs kept for deploy:get and deploy:retry. */
const KEEP_RUNS = 20;

export class DeployService {
  private readonly runs = new Map<string, { run: DeployRun; projectPaths: readonly string[]; passwords: ReadonlyMap<string, string> }>();
  /** Serialises read-modify-write of each sidecar file. */
  private readonly locks = new Map<string, Promise<unknown>>();
  /** Project path → deploy outcomes waiting for the next write of its sidecar. */
  private readonly unsaved = new Map<string, { items: PersistItem[]; written: Promise<void> }>();
  private readonly connector: ServerConnector;

  constructor(private readonly o: DeployServiceOptions) {
    this.connector = {
      find: async (name) => {
        const list = await o.servers.list();
        if (!list.ok) throw new AppFailure(list.error.code, list.error.message, list.error.details as Record<string, unknown> | undefined);
        const lower = name.toLowerCase();
        const reg = list.value.servers.find((s) => s.displayName.toLowerCase() === lower);
        return reg ? { id: reg.id, displayName: reg.displayName, endpoint: reg.port === null ? reg.host : `${reg.host}:${reg.port}` } : null;
      },
      pool: async (id) => (await o.servers.poolFor(id)).pool,
    };
  }

  listAssignments(projectPath: string): Promise<Result<ProjectAssignments>> {
    return resultOf(async () => {
      const sidecar = await readSidecar(sidecarPathFor(projectPath));
      // Nothing assigned, nothing to look up: the Solution Explorer asks for every project it opens, and a
      // 10,000-package .dtproj is not worth parsing again for an empty list.
      if (sidecar.assignments.length === 0) return this.view({ path: projectPath, name: projectNameOf(projectPath), packages: [] }, sidecar);
      return this.view(await this.project(projectPath), sidecar);
    });
  }

  dialogDefaults(projectPath: string, serverId: string, packageNames: readonly string[]): Promise<Result<DialogProposal>> {
    return resultOf(async () => {
      const project = await this.project(projectPath);
      const reg = await this.registration(serverId);
      const server = reg.displayName;
      const sidecar = await readSidecar(sidecarPathFor(projectPath));
      const pkgs = packageNames.map((n) => projectPackage(project, n));
      const assigned = new Set(sidecar.assignments.filter((a) => a.server.toLowerCase() === server.toLowerCase()).map((a) => a.packageName.toLowerCase()));
      return {
        server,
        // SSISDB refuses SQL Server logins (27123), so with one the proposal is msdb.
        defaults: rememberedDefaults(sidecar, server) ?? defaultDialogDefaults(project.name, project.deploymentModel === 'Package' || reg.authentication === 'sql'),
        jobNames: pkgs.map((p) => defaultJobName(project.name, p.name)),
        entryPointPackages: pkgs.filter((p) => p.entryPoint === true).map((p) => p.name),
        notEntryPointPackages: pkgs.filter((p) => p.entryPoint === false).map((p) => p.name),
        alreadyAssigned: pkgs.filter((p) => assigned.has(p.name.toLowerCase())).map((p) => p.name),
      };
    });
  }

  /** From the Servers pane: the server by registration id. */
  assign(projectPath: string, serverId: string, packageNames: readonly string[], target: Parameters<typeof validateTarget>[0], job: JobSettingsArgs, rememberDefaults: boolean): Promise<Result<ProjectAssignments>> {
    return resultOf(async () => this.assignNow(projectPath, await this.serverName(serverId), packageNames, target, job, rememberDefaults));
  }

  /** From the CLI: the server by display name (it need not be registered yet). */
  assignToServer(projectPath: string, server: string, packageNames: readonly string[], target: Parameters<typeof validateTarget>[0], job: JobSettingsArgs, rememberDefaults: boolean): Promise<Result<ProjectAssignments>> {
    return resultOf(() => this.assignNow(projectPath, server, packageNames, target, job, rememberDefaults));
  }

  unassign(projectPath: string, assignmentIds: readonly string[], deleteJobToo: boolean, deletePackage: boolean): Promise<Result<UnassignResult>> {
    return resultOf(async () => {
      const project = await this.project(projectPath);
      const path = sidecarPathFor(projectPath);
      const removed: string[] = [];
      const sidecar = await readSidecar(path);
      const chosen = assignmentIds.map((id) => {
        const a = sidecar.assignments.find((x) => x.id === id);
        if (!a) throw new AppFailure('NOT_FOUND', 'That assignment no longer exists (the deploy settings file changed).', { assignmentId: id });
        return a;
      });
      const busy = [...this.runs.values()].find((r) => r.run.running && chosen.some((a) => r.run.covers(a.id)));
      if (busy) throw new AppFailure('CONFLICT', 'That package is being deployed right now; wait for the deploy to finish or cancel it, then remove it.', { deployId: busy.run.id });
      // Remove on the servers first: if that fails, the assignment is kept so nothing is forgotten.
      for (const a of chosen) removed.push(...(await this.removeOnServer(a, deleteJobToo, deletePackage)));
      const after = await this.updateSidecar(projectPath, (s) => ({ ...s, assignments: s.assignments.filter((a) => !assignmentIds.includes(a.id)) }));
      const assignments = await this.view(project, after);
      this.o.onEvent?.('deploy:assignmentsChanged', assignments);
      return { assignments, removed };
    });
  }

  /**
   * Starts a run and answers at once with its id. `passwords` (project path → password) are for
   * password-protected projects the user was asked about; they live as long as the run, in memory.
   */
  run(projectPaths: readonly string[], assignmentIds: readonly string[] | null, servers: readonly string[] | null, passwords: readonly ProjectPassword[] = []): Promise<Result<{ deployId: string }>> {
    return resultOf(async () => ({ deployId: (await this.start(projectPaths, assignmentIds, servers, null, passwordMap(passwords))).id }));
  }

  /** Runs and waits for the summary (CLI, bench). */
  runAndWait(projectPaths: readonly string[], assignmentIds: readonly string[] | null, servers: readonly string[] | null, passwords: readonly ProjectPassword[] = []): Promise<Result<DeploySummary>> {
    return resultOf(async () => (await this.start(projectPaths, assignmentIds, servers, null, passwordMap(passwords))).done);
  }

  cancel(deployId: string): Promise<Result<{ cancelled: boolean }>> {
    return resultOf(async () => ({ cancelled: this.runOf(deployId).run.cancel() }));
  }

  retry(deployId: string): Promise<Result<{ deployId: string }>> {
    return resultOf(async () => {
      const { run, projectPaths, passwords } = this.runOf(deployId);
      if (!run.summary) throw new AppFailure('CONFLICT', 'That deploy is still running; cancel it or wait for it to finish before retrying.', { deployId });
      const again = run.summary.outcomes.filter((o) => o.outcome === 'failed' || o.outcome === 'cancelled').map((o) => o.assignmentId);
      if (again.length === 0) throw new AppFailure('INVALID_ARGUMENT', 'Nothing failed or was cancelled in that deploy; there is nothing to retry.', { deployId });
      return { deployId: (await this.start(projectPaths, again, null, deployId, passwords)).id };
    });
  }

  /** deploy:retry for the CLI and tests: retries and waits. */
  retryAndWait(deployId: string): Promise<Result<DeploySummary>> {
    return resultOf(async () => {
      const r = await this.retry(deployId);
      if (!r.ok) throw new AppFailure(r.error.code, r.error.message, r.error.details as Record<string, unknown> | undefined);
      return this.runOf(r.value.deployId).run.done;
    });
  }

  get(deployId: string): Promise<Result<DeployRunView>> {
    return resultOf(async () => {
      const { run } = this.runOf(deployId);
      return { deployId, running: run.running, servers: [...run.servers.values()].map((s) => ({ ...s })), log: [...run.log], summary: run.summary };
    });
  }

  exportToMsdb(projectPath: string, packageName: string, serverId: string, folder: string): Promise<Result<ExportResult>> {
    return resultOf(async () => {
      const project = await this.project(projectPath);
      const pkg = await readPackageFile(projectPackage(project, packageName));
      const target = validateTarget({ kind: 'msdb', folder });
      const { registration, pool } = await this.o.servers.poolFor(serverId);
      try {
        const folderId = await ensureMsdbFolder(pool, target.kind === 'msdb' ? target.folder : '');
        const listed = (await listMsdbFolder(pool, folderId)).get(msdbPackageName(pkg.name).toLowerCase());
        const { outcome } = await putMsdbPackage(pool, folderId, pkg, listed, () => false);
        const path = `\\${target.kind === 'msdb' && target.folder ? `${target.folder}\\` : ''}${msdbPackageName(pkg.name)}`;
        return { server: registration.displayName, packagePath: path, outcome };
      } catch (e) {
        const err = deployErrorOf(e, registration.displayName, registration.host, 'upload');
        throw new AppFailure(err.connection ? 'CONNECTION_ERROR' : 'SQL_ERROR', `${registration.displayName}: ${err.message}`, { server: registration.displayName, sqlErrorNumber: err.sqlErrorNumber, procedure: err.procedure, step: err.step });
      }
    });
  }

  /** Cancels what runs and waits for it to stop. */
  async close(): Promise<void> {
    const running = [...this.runs.values()].filter((r) => r.run.running);
    for (const r of running) r.run.cancel();
    await Promise.allSettled(running.map((r) => r.run.done));
  }

  // ---- internals ----

  private async assignNow(projectPath: string, server: string, packageNames: readonly string[], targetArgs: Parameters<typeof validateTarget>[0], job: JobSettingsArgs, rememberDefaults: boolean): Promise<ProjectAssignments> {
    const project = await this.project(projectPath);
    if (packageNames.length === 0) throw new AppFailure('INVALID_ARGUMENT', 'Choose at least one package.', { field: 'packageNames' });
    if (job.name !== null && job.name.trim() && packageNames.length > 1) {
      throw new AppFailure('INVALID_ARGUMENT', 'Several packages cannot share one job name; leave the name empty to use "<Project> - <Package>" for each.', { field: 'job.name' });
    }
    const target = validateTarget(targetArgs);
    const pkgs = packageNames.map((n) => projectPackage(project, n));
    const settings = pkgs.map((p) => validateJob({ ...job, name: job.name?.trim() ? job.name : defaultJobName(project.name, p.name) }));
    const after = await this.updateSidecar(projectPath, (s) => {
      let assignments = [...s.assignments];
      pkgs.forEach((p, i) => {
        const index = assignments.findIndex((a) => a.packageName.toLowerCase() === p.name.toLowerCase() && a.server.toLowerCase() === server.toLowerCase());
        const next: Assignment = { id: index >= 0 ? assignments[index]!.id : randomUUID(), packageName: p.name, server, target, job: settings[i]! };
        if (index >= 0) assignments[index] = next;
        else assignments = [...assignments, next];
      });
      const clash = findJobNameClash(assignments);
      if (clash) throw new AppFailure('INVALID_ARGUMENT', `Two packages would use the job "${clash.job}" on ${clash.server}; give one of them another job name.`, { field: 'job.name' });
      const defaults = rememberDefaults ? { ...s.defaults, [server]: { target, job: { createJob: job.createJob, description: settings[0]!.description, owner: settings[0]!.owner, proxy: settings[0]!.proxy, use32bit: job.use32bit } } } : s.defaults;
      return { ...s, assignments, defaults };
    });
    const view = await this.view(project, after);
    this.o.onEvent?.('deploy:assignmentsChanged', view);
    return view;
  }

  private async removeOnServer(a: Assignment, deleteJobToo: boolean, deletePackage: boolean): Promise<string[]> {
    const lines: string[] = [];
    if (!deleteJobToo && !deletePackage) return lines;
    if (deletePackage && a.target.kind === 'file') {
      const removed = await removeCopiedPackage(a.target.copyTo ?? a.target.path, a.packageName);
      lines.push(`${a.server}: ${a.packageName}: ${removed ? 'file deleted' : 'file was not there'}`);
    }
    const needsServer = (deleteJobToo && a.job.createJob) || (deletePackage && a.target.kind === 'msdb');
    if (needsServer) {
      const reg = await this.connector.find(a.server);
      if (!reg) throw new AppFailure('NOT_FOUND', `${a.server}: no server with this name is registered, so its job and package cannot be removed.`, { server: a.server });
      const pool = await this.connector.pool(reg.id);
      try {
        if (deleteJobToo && a.job.createJob) lines.push(`${a.server}: job '${a.job.name}' ${(await deleteJob(pool, a.job.name)) ? 'deleted' : 'was not there'}`);
        if (deletePackage && a.target.kind === 'msdb') lines.push(`${a.server}: ${a.packageName}: ${(await deleteMsdbPackage(pool, a.target.folder, a.packageName)) ? 'deleted from msdb' : 'was not in msdb'}`);
      } catch (e) {
        const err = deployErrorOf(e, a.server, reg.endpoint, 'remove');
        throw new AppFailure(err.connection ? 'CONNECTION_ERROR' : 'SQL_ERROR', `${a.server}: ${err.message}`, { server: a.server, sqlErrorNumber: err.sqlErrorNumber, procedure: err.procedure });
      }
    }
    if (deletePackage && a.target.kind === 'catalog') {
      lines.push(`${a.server}: ${a.packageName}: left in the catalog (SSISDB removes whole projects only; delete project ${a.target.project} in SSMS if it is no longer needed)`);
    }
    return lines;
  }

  private async start(projectPaths: readonly string[], assignmentIds: readonly string[] | null, servers: readonly string[] | null, retryOf: string | null, given: ReadonlyMap<string, string>): Promise<DeployRun> {
    if (projectPaths.length === 0) throw new AppFailure('INVALID_ARGUMENT', 'No project to deploy.', { field: 'projectPaths' });
    const items: PlanItem[] = [];
    const wanted = assignmentIds ? new Set(assignmentIds) : null;
    const serverSet = servers ? new Set(servers.map((s) => s.toLowerCase())) : null;
    const passwords = new Map<string, string>();
    for (const path of projectPaths) {
      const sidecar = await readSidecar(sidecarPathFor(path));
      const chosen = sidecar.assignments.filter((a) => (!wanted || wanted.has(a.id)) && (!serverSet || serverSet.has(a.server.toLowerCase())));
      // A project with nothing to deploy is not opened (a locked one needs no password then).
      if (chosen.length === 0) continue;
      const password = given.get(resolve(path)) ?? this.o.projectPassword?.(path);
      if (password !== undefined) passwords.set(path, password);
      const project = await readProject(path, password);
      // The catalog gets sensitive values decrypted (it keeps them under its own key), so it needs the password.
      if (project.protectionLevel === 2 && password === undefined && chosen.some((a) => a.target.kind === 'catalog')) {
        throw new AppFailure('LOCKED', `${basename(path)} encrypts its sensitive values with a password (EncryptSensitiveWithPassword); give the project password to deploy it to the SSIS catalog.`, { path, needsPassword: true });
      }
      for (const a of chosen) items.push({ project, assignment: a, state: sidecar.state[a.id] });
    }
    if (wanted) {
      const found = new Set(items.map((i) => i.assignment.id));
      const missing = [...wanted].filter((id) => !found.has(id));
      if (missing.length && !serverSet) throw new AppFailure('NOT_FOUND', `${missing.length} of the chosen assignments no longer exist (the deploy settings file changed).`, { assignmentIds: missing });
    }
    if (items.length === 0) throw new AppFailure('INVALID_ARGUMENT', 'There is nothing to deploy: no package is assigned to a server (drag packages onto a server first).');
    // Two runs must not work on the same job at once (their transactions would race); the second waits for the user.
    const busy = [...this.runs.values()].find((r) => r.run.running && items.some((i) => r.run.covers(i.assignment.id)));
    if (busy) throw new AppFailure('CONFLICT', 'A deploy of some of these packages is still running; wait for it to finish or cancel it first.', { deployId: busy.run.id });
    const run = new DeployRun({
      id: randomUUID(),
      retryOf,
      items,
      connector: this.connector,
      buildIspac: this.o.buildIspac,
      passwords,
      maxParallel: this.o.maxParallelServers ?? 8,
      emit: (p) => {
        this.o.log?.(p.message);
        this.o.onEvent?.('deploy:progress', p);
      },
      persist: (done) => this.persist(done),
    });
    this.runs.set(run.id, { run, projectPaths: [...projectPaths], passwords: given });
    this.trimRuns();
    void run.done.then(async (summary) => {
      this.o.onEvent?.('deploy:finished', summary);
      for (const path of projectPaths) {
        const view = await this.listAssignments(path);
        if (view.ok) this.o.onEvent?.('deploy:assignmentsChanged', view.value);
      }
    });
    return run;
  }

  private async persist(done: readonly PersistItem[]): Promise<void> {
    const byProject = new Map<string, PersistItem[]>();
    for (const d of done) byProject.set(d.projectPath, [...(byProject.get(d.projectPath) ?? []), d]);
    await Promise.all([...byProject].map(([path, list]) => this.record(path, list)));
  }

  /**
   * Adds outcomes to the next write of the project's sidecar. Servers that finish while a write is under way share
   * the one after it, instead of taking the file's lock one after another.
   */
  private record(projectPath: string, items: readonly PersistItem[]): Promise<void> {
    const waiting = this.unsaved.get(projectPath);
    if (waiting) {
      waiting.items.push(...items);
      return waiting.written;
    }
    const batch = { items: [...items], written: Promise.resolve() };
    const taken = () => {
      if (this.unsaved.get(projectPath) === batch) this.unsaved.delete(projectPath);
    };
    this.unsaved.set(projectPath, batch);
    batch.written = this.updateSidecar(projectPath, (s) => {
      taken(); // outcomes from now on wait for the next write
      const known = new Set(s.assignments.map((a) => a.id));
      const state: Record<string, AssignmentState> = { ...s.state };
      for (const d of batch.items) if (known.has(d.assignmentId)) state[d.assignmentId] = d.state;
      return { ...s, state };
    }).then(
      () => undefined,
      (e: unknown) => {
        taken();
        this.o.log?.(`deploy: could not record the outcome in ${sidecarPathFor(projectPath)}: ${toAppError(e).message}`);
      },
    );
    return batch.written;
  }

  private trimRuns(): void {
    const finished = [...this.runs.entries()].filter(([, r]) => !r.run.running);
    for (const [id] of finished.slice(0, Math.max(0, finished.length - KEEP_RUNS))) this.runs.delete(id);
  }

  private runOf(deployId: string) {
    const r = this.runs.get(deployId);
    if (!r) throw new AppFailure('NOT_FOUND', 'That deploy is not known (it may be from before the app restarted).', { deployId });
    return r;
  }

  /** A project as deploying sees it, opened with the password its owner holds for this session, if any. */
  private project(projectPath: string): Promise<ProjectInfo> {
    return readProject(projectPath, this.o.projectPassword?.(projectPath));
  }

  private async serverName(serverId: string): Promise<string> {
    return (await this.registration(serverId)).displayName;
  }

  private async registration(serverId: string): Promise<ServerListEntry> {
    const list = await this.o.servers.list();
    if (!list.ok) throw new AppFailure(list.error.code, list.error.message);
    const reg = list.value.servers.find((s) => s.id === serverId);
    if (!reg) throw new AppFailure('NOT_FOUND', 'That server is not registered (it may have been removed).', { serverId });
    return reg;
  }

  /** Read-modify-write of one sidecar, one at a time per file. */
  private updateSidecar(projectPath: string, change: (s: Sidecar) => Sidecar): Promise<Sidecar> {
    const path = sidecarPathFor(projectPath);
    const previous = this.locks.get(path) ?? Promise.resolve();
    const next = previous.then(() =>
      withSidecarLock(path, async () => {
        const after = change(await readSidecar(path));
        await writeSidecar(path, after);
        return after;
      }),
    );
    this.locks.set(path, next.catch(() => undefined));
    return next;
  }

  private async view(project: Pick<ProjectInfo, 'path' | 'name' | 'packages'>, sidecar: Sidecar): Promise<ProjectAssignments> {
    const list = await this.o.servers.list();
    const ids = new Map((list.ok ? list.value.servers : []).map((s) => [s.displayName.toLowerCase(), s.id]));
    // Only assigned packages are hashed (to tell "out of date"), not every package of the project.
    const assigned = new Set(sidecar.assignments.map((a) => a.packageName.toLowerCase()));
    const shas = new Map<string, string | null>();
    for (const p of project.packages) if (assigned.has(p.name.toLowerCase())) shas.set(p.name.toLowerCase(), await currentSha256(p.path));
    const assignments: AssignmentView[] = sidecar.assignments.map((a) => {
      const state = sidecar.state[a.id] ?? { deployed: null, failure: null };
      return { ...a, serverId: ids.get(a.server.toLowerCase()) ?? null, state, status: deployStatus(a, state, shas.get(a.packageName.toLowerCase()) ?? null) };
    });
    return { projectPath: project.path, projectName: project.name, sidecarPath: sidecarPathFor(project.path), assignments, defaults: sidecar.defaults };
  }
}

/** The password of one project, given with deploy:run. */
export interface ProjectPassword {
  readonly projectPath: string;
  readonly password: string;
}

function passwordMap(list: readonly ProjectPassword[]): ReadonlyMap<string, string> {
  return new Map(list.map((p) => [resolve(p.projectPath), p.password]));
}

function rememberedDefaults(s: Sidecar, server: string): DialogDefaults | null {
  const key = Object.keys(s.defaults).find((k) => k.toLowerCase() === server.toLowerCase());
  return key ? s.defaults[key]! : null;
}

function findJobNameClash(assignments: readonly Assignment[]): { job: string; server: string } | null {
  const seen = new Set<string>();
  for (const a of assignments) {
    if (!a.job.createJob) continue;
    const key = `${a.server.toLowerCase()}\u0000${a.job.name.toLowerCase()}`;
    if (seen.has(key)) return { job: a.job.name, server: a.server };
    seen.add(key);
  }
  return null;
}


