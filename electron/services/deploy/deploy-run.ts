/**
 * One deploy run: every server in parallel (at most `maxParallel` at a time), the assignments of one server
 * one after another on its own connection pool. Per server: connect, then per target upload the package and
 * create or update its job (agent-job.ts). A failure is recorded for the assignment it hit; a broken
 * connection fails the rest of that server only; other servers carry on. Cancel stops before the next step.
 */
import type sql from 'mssql';
import { buildJobStepCommand } from '../../../shared/dtexec/command.js';
import {
  combineOutcomes,
  countOutcomes,
  settingsKey,
  type Assignment,
  type AssignmentOutcome,
  type AssignmentState,
  type DeployError,
  type DeployOutcomeKind,
  type DeployProgress,
  type DeployStep,
  type DeploySummary,
  type ServerPhase,
  type ServerSummary,
} from '../../../shared/model/deploy.js';
import { AppFailure } from '../../../shared/result.js';
import { CancelledBeforeCommit, jobNames, proxyId, upsertJob } from './agent-job.js';
import { catalogProject, deployPackages, deployProject, ensureCatalogFolder, type CatalogProjectState } from './catalog.js';
import { copyPackage, serverFilePath } from './file-target.js';
import { ensureMsdbFolder, listMsdbFolder, putMsdbPackage, type MsdbListed } from './msdb-store.js';
import { catalogPackageBytes, readPackageFile, type PackageFile, type ProjectInfo } from './project-files.js';
import { deployErrorOf, inStep, StepFailure } from './step-failure.js';

/** How the run reaches a server by its display name. */
export interface ServerConnector {
  /** The registration with this display name (case-insensitive), or null. */
  find(name: string): Promise<{ readonly id: string; readonly displayName: string; readonly endpoint: string } | null>;
  pool(id: string): Promise<sql.ConnectionPool>;
}

/**
 * Builds the project's .ispac (electron/services/build, forCatalog) for catalog.deploy_project; `password`
 * opens a password-protected project, which is sent decrypted as ServerStorage.
 */
export type IspacBuilder = (dtprojPath: string, password: string | undefined) => Promise<Uint8Array>;

export interface PlanItem {
  readonly project: ProjectInfo;
  readonly assignment: Assignment;
  readonly state: AssignmentState | undefined;
}

/** What a finished assignment leaves in the sidecar. */
export interface PersistItem {
  readonly projectPath: string;
  readonly assignmentId: string;
  readonly state: AssignmentState;
}

export interface DeployRunOptions {
  readonly id: string;
  readonly retryOf: string | null;
  readonly items: readonly PlanItem[];
  readonly connector: ServerConnector;
  readonly buildIspac: IspacBuilder | null;
  /** Project path → the password of a password-protected project (memory only). */
  readonly passwords: ReadonlyMap<string, string>;
  readonly maxParallel: number;
  readonly emit: (p: DeployProgress) => void;
  /** Called once per server when it is finished, with the state to record. */
  readonly persist: (items: readonly PersistItem[]) => Promise<void>;
}

const stripDtsx = (n: string) => n.replace(/\.dtsx$/i, '');
const SERVERNAME_SQL = 'SELECT @@SERVERNAME AS server_name';

interface Working {
  readonly item: PlanItem;
  readonly started: number;
  pkg: PackageFile | null;
  packageOutcome: DeployOutcomeKind | null;
  jobOutcome: DeployOutcomeKind | null;
  jobId: string | null;
  command: string | null;
  serverVersion: string | null;
  error: DeployError | null;
  finished: AssignmentOutcome | null;
}

export class DeployRun {
  readonly startedAt = new Date();
  readonly log: DeployProgress[] = [];
  readonly servers = new Map<string, { server: string; phase: ServerPhase; done: number; total: number }>();
  summary: DeploySummary | null = null;
  readonly done: Promise<DeploySummary>;
  private cancelRequested = false;
  /** Each package file is read and parsed once per run, however many servers it goes to. */
  private readonly files = new Map<string, Promise<PackageFile>>();
  /** Each project's .ispac is built once per run, however many servers need it. */
  private readonly ispacs = new Map<string, Promise<Uint8Array>>();

  constructor(private readonly o: DeployRunOptions) {
    for (const it of o.items) {
      const key = it.assignment.server.toLowerCase();
      const s = this.servers.get(key) ?? { server: it.assignment.server, phase: 'queued' as ServerPhase, done: 0, total: 0 };
      s.total++;
      this.servers.set(key, s);
    }
    // Start after the caller has answered with the deployId, so the renderer knows the id of the first events.
    this.done = new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.run());
  }

  get id(): string {
    return this.o.id;
  }

  get running(): boolean {
    return this.summary === null;
  }

  covers(assignmentId: string): boolean {
    return this.o.items.some((i) => i.assignment.id === assignmentId);
  }

  cancel(): boolean {
    if (!this.running) return false;
    this.cancelRequested = true;
    return true;
  }

  private report(server: string, line: Omit<DeployProgress, 'deployId' | 'server' | 'phase' | 'done' | 'total'>, phase?: ServerPhase): void {
    const s = this.servers.get(server.toLowerCase())!;
    if (phase) s.phase = phase;
    const p: DeployProgress = { deployId: this.o.id, server: s.server, phase: s.phase, done: s.done, total: s.total, ...line };
    this.log.push(p);
    this.o.emit(p);
  }

  private async run(): Promise<DeploySummary> {
    const byServer = new Map<string, PlanItem[]>();
    for (const it of this.o.items) {
      const key = it.assignment.server.toLowerCase();
      byServer.set(key, [...(byServer.get(key) ?? []), it]);
    }
    const queue = [...byServer.values()];
    for (const items of queue) this.report(items[0]!.assignment.server, { assignmentId: null, packageName: null, step: null, message: `${items[0]!.assignment.server}: queued (${items.length} package${items.length === 1 ? '' : 's'})`, error: null }, 'queued');
    const outcomes: AssignmentOutcome[] = [];
    const summaries: ServerSummary[] = [];
    const worker = async () => {
      for (let items = queue.shift(); items; items = queue.shift()) {
        const started = Date.now();
        const results = await this.deployServer(items);
        outcomes.push(...results);
        const s = this.servers.get(items[0]!.assignment.server.toLowerCase())!;
        summaries.push({ server: s.server, phase: s.phase === 'failed' || s.phase === 'cancelled' ? s.phase : 'done', counts: countOutcomes(results), elapsedMs: Date.now() - started });
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.o.maxParallel, queue.length)) }, worker));
    const finishedAt = new Date();
    const order = new Map(this.o.items.map((it, i) => [it.assignment.id, i]));
    outcomes.sort((a, b) => (order.get(a.assignmentId) ?? 0) - (order.get(b.assignmentId) ?? 0));
    this.summary = {
      deployId: this.o.id,
      retryOf: this.o.retryOf,
      startedAt: this.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      elapsedMs: finishedAt.getTime() - this.startedAt.getTime(),
      counts: countOutcomes(outcomes),
      servers: summaries.sort((a, b) => a.server.localeCompare(b.server)),
      outcomes,
      cancelled: this.cancelRequested,
    };
    return this.summary;
  }

  /** Everything for one server; never throws. */
  private async deployServer(items: readonly PlanItem[]): Promise<AssignmentOutcome[]> {
    const server = items[0]!.assignment.server;
    const work: Working[] = items.map((item) => ({ item, started: Date.now(), pkg: null, packageOutcome: null, jobOutcome: null, jobId: null, command: null, serverVersion: null, error: null, finished: null }));
    let endpoint = server;
    const finish = (w: Working) => {
      if (w.finished) return w.finished;
      const a = w.item.assignment;
      const outcome = w.error ? 'failed' : combineOutcomes(w.packageOutcome, w.jobOutcome);
      w.finished = {
        assignmentId: a.id,
        projectPath: w.item.project.path,
        packageName: a.packageName,
        server: a.server,
        target: a.target.kind,
        packageOutcome: w.packageOutcome,
        jobOutcome: w.jobOutcome,
        outcome,
        jobName: a.job.createJob ? a.job.name : null,
        jobId: w.jobId,
        command: w.command,
        error: w.error,
        elapsedMs: Date.now() - w.started,
      };
      const s = this.servers.get(server.toLowerCase())!;
      s.done++;
      const what = w.error
        ? `failed at ${w.error.step}: ${w.error.message}`
        : [`package ${w.packageOutcome ?? '-'}`, a.job.createJob ? `job '${a.job.name}' ${w.jobOutcome ?? '-'}` : null].filter(Boolean).join(', ');
      this.report(server, { assignmentId: a.id, packageName: a.packageName, step: w.error?.step ?? null, message: `${server}: ${a.packageName}: ${what}`, error: w.error });
      return w.finished;
    };
    const cancelRest = () => {
      for (const w of work) {
        if (w.finished) continue;
        const a = w.item.assignment;
        w.finished = {
          assignmentId: a.id, projectPath: w.item.project.path, packageName: a.packageName, server: a.server, target: a.target.kind,
          packageOutcome: w.packageOutcome, jobOutcome: null, outcome: 'cancelled', jobName: a.job.createJob ? a.job.name : null,
          jobId: null, command: w.command, error: null, elapsedMs: Date.now() - w.started,
        };
        this.servers.get(server.toLowerCase())!.done++;
      }
    };
    const failAll = (list: readonly Working[], error: DeployError) => {
      for (const w of list) {
        if (w.finished) continue;
        w.error = error;
        finish(w);
      }
    };
    const failRest = (error: DeployError) => failAll(work, error);

    try {
      if (this.cancelRequested) {
        cancelRest();
        this.report(server, { assignmentId: null, packageName: null, step: null, message: `${server}: cancelled`, error: null }, 'cancelled');
        return work.map((w) => w.finished!);
      }
      this.report(server, { assignmentId: null, packageName: null, step: 'connect', message: `${server}: connecting`, error: null }, 'connecting');
      let pool: sql.ConnectionPool;
      let instance: string;
      try {
        const reg = await this.o.connector.find(server);
        if (!reg) throw new AppFailure('NOT_FOUND', `${server}: no server with this name is registered. Add it in the Servers pane (or in the --servers file).`);
        endpoint = reg.endpoint;
        pool = await this.o.connector.pool(reg.id);
        const r = await pool.request().query<{ server_name: string | null }>(SERVERNAME_SQL);
        instance = r.recordset[0]?.server_name ?? reg.displayName;
      } catch (e) {
        const error = deployErrorOf(e, server, endpoint, 'connect');
        this.report(server, { assignmentId: null, packageName: null, step: 'connect', message: `${server}: ${error.message}`, error }, 'failed');
        failRest(error);
        return work.map((w) => w.finished!);
      }
      this.report(server, { assignmentId: null, packageName: null, step: null, message: `${server}: connected (${instance})`, error: null }, 'deploying');

      const context: ServerContext = { pool, instance, msdbFolders: new Map(), proxies: new Map(), jobs: null };
      for (const unit of units(work)) {
        if (this.cancelRequested) break;
        try {
          await this.deployUnit(context, unit, finish);
        } catch (e) {
          const error = deployErrorOf(e, server, endpoint, 'upload');
          failAll(unit, error);
          if (error.connection) {
            failRest(error);
            break;
          }
        }
      }
      if (this.cancelRequested) cancelRest();
      const failed = work.some((w) => w.finished?.outcome === 'failed');
      const phase: ServerPhase = this.cancelRequested ? 'cancelled' : failed ? 'failed' : 'done';
      const c = countOutcomes(work.map((w) => w.finished!));
      this.report(server, { assignmentId: null, packageName: null, step: null, message: `${server}: ${phase === 'done' ? 'finished' : phase}: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.failed} failed${c.cancelled ? `, ${c.cancelled} cancelled` : ''}`, error: null }, phase);
      return work.map((w) => w.finished!);
    } finally {
      await this.o.persist(work.filter((w) => w.finished && w.finished.outcome !== 'cancelled').map((w) => persistOf(w))).catch(() => undefined);
    }
  }

  private packageFile(item: PlanItem): Promise<PackageFile> {
    const pkg = packageOf(item);
    let file = this.files.get(pkg.path);
    if (!file) {
      file = readPackageFile(pkg, this.o.passwords.get(item.project.path));
      this.files.set(pkg.path, file);
    }
    return file;
  }

  /** One upload target (a catalog project, or one msdb/file package) and the jobs of its assignments. */
  private async deployUnit(server: ServerContext, unit: Working[], finish: (w: Working) => AssignmentOutcome): Promise<void> {
    const { pool, instance } = server;
    const first = unit[0]!.item;
    const target = first.assignment.target;
    for (const w of unit) {
      try {
        w.pkg = await inStep('upload', null, () => this.packageFile(w.item));
      } catch (e) {
        w.error = deployErrorOf(e, first.assignment.server, first.assignment.server, 'upload');
        finish(w);
      }
    }
    const live = unit.filter((w) => !w.finished);
    if (live.length === 0) return;

    if (target.kind === 'catalog') {
      const folderId = await ensureCatalogFolder(pool, target.folder);
      const before = await catalogProject(pool, folderId, target.project);
      if (!before) {
        if (!this.o.buildIspac) throw new StepFailure('upload', null, new Error(`The project ${target.project} is not in the catalog folder ${target.folder} yet, and building an .ispac is not available here.`));
        const build = this.o.buildIspac;
        let made = this.ispacs.get(first.project.path);
        if (!made) {
          made = build(first.project.path, this.o.passwords.get(first.project.path));
          this.ispacs.set(first.project.path, made);
        }
        const ispac = await inStep('upload', null, () => made);
        await deployProject(pool, target.folder, target.project, ispac);
        for (const w of live) w.packageOutcome = 'created';
      } else {
        const changed = live.filter((w) => !catalogUnchanged(w, before));
        const password = this.o.passwords.get(first.project.path);
        if (changed.length > 0) await deployPackages(pool, target.folder, target.project, changed.map((w) => ({ name: w.pkg!.name, bytes: catalogPackageBytes(w.pkg!, password) })));
        for (const w of live) w.packageOutcome = !changed.includes(w) ? 'unchanged' : before.packages.has(w.item.assignment.packageName.toLowerCase()) ? 'updated' : 'created';
      }
      const after = await catalogProject(pool, folderId, target.project);
      for (const w of live) w.serverVersion = after ? `lsn:${after.lsn}` : null;
    } else if (target.kind === 'msdb') {
      const folder = await msdbFolderOf(server, target.folder);
      const w = live[0]!;
      const d = w.item.state?.deployed;
      const put = await putMsdbPackage(pool, folder.id, w.pkg!, folder.packages.get(msdbKey(w.item.assignment.packageName)), (v) => d?.sha256 === w.pkg!.sha256 && d.serverVersion === v);
      w.packageOutcome = put.outcome;
      w.serverVersion = put.serverVersion;
    } else {
      live[0]!.packageOutcome = await copyPackage(target.copyTo ?? target.path, live[0]!.pkg!);
    }

    for (const w of live) {
      if (this.cancelRequested) return;
      const a = w.item.assignment;
      try {
        w.command = commandFor(a, instance);
        if (a.job.createJob) {
          const job = { name: a.job.name, description: a.job.description, owner: a.job.owner, proxy: a.job.proxy, stepName: stripDtsx(a.packageName), command: w.command };
          const absent = !(await jobsOf(server)).has(a.job.name.toLowerCase());
          const r = await upsertJob(pool, job, { cancelled: () => this.cancelRequested, proxyIdOf: (proxy) => proxyIdOf(server, proxy), knownAbsent: absent });
          w.jobOutcome = r.outcome;
          w.jobId = r.jobId;
          if (r.outcome === 'created') (await jobsOf(server)).add(a.job.name.toLowerCase());
        }
      } catch (e) {
        if (e instanceof CancelledBeforeCommit) return;
        w.error = deployErrorOf(e, a.server, a.server, 'job');
        if (w.error.connection) throw e;
      }
      finish(w);
    }
  }
}

/** What one server's deploy keeps between units: its pool, its @@SERVERNAME and the msdb folders seen. */
interface ServerContext {
  readonly pool: sql.ConnectionPool;
  readonly instance: string;
  /** Folder path (lower case) → its id and listing, made or read once per server and run. */
  readonly msdbFolders: Map<string, Promise<MsdbFolderState>>;
  /** Proxy name (lower case) → id, looked up once per server and run. */
  readonly proxies: Map<string, Promise<number>>;
  /** The jobs on the server when its deploy began (lower-case names), read once. */
  jobs: Promise<Set<string>> | null;
}

/** A job not in the list is made without reading it first; one in it is read and compared. */
function jobsOf(server: ServerContext): Promise<Set<string>> {
  if (!server.jobs) {
    const listed = jobNames(server.pool);
    listed.catch(() => {
      server.jobs = null;
    });
    server.jobs = listed;
  }
  return server.jobs;
}

function proxyIdOf(server: ServerContext, proxy: string): Promise<number> {
  const key = proxy.toLowerCase();
  let id = server.proxies.get(key);
  if (!id) {
    id = proxyId(server.pool, proxy);
    id.catch(() => server.proxies.delete(key));
    server.proxies.set(key, id);
  }
  return id;
}

interface MsdbFolderState {
  readonly id: string;
  readonly packages: ReadonlyMap<string, MsdbListed>;
}

const msdbKey = (fileName: string) => fileName.replace(/\.dtsx$/i, '').toLowerCase();

function msdbFolderOf(server: ServerContext, folder: string): Promise<MsdbFolderState> {
  const key = folder.toLowerCase();
  let state = server.msdbFolders.get(key);
  if (!state) {
    state = (async () => {
      const id = await ensureMsdbFolder(server.pool, folder);
      return { id, packages: await listMsdbFolder(server.pool, id) };
    })();
    // A failure is not kept: the next unit tries again (and reports its own error).
    state.catch(() => server.msdbFolders.delete(key));
    server.msdbFolders.set(key, state);
  }
  return state;
}

function packageOf(item: PlanItem) {
  const lower = item.assignment.packageName.toLowerCase();
  const p = item.project.packages.find((k) => k.name.toLowerCase() === lower);
  if (!p) throw new AppFailure('NOT_FOUND', `The project ${item.project.name} no longer lists ${item.assignment.packageName}.`);
  return p;
}

/** The catalog already holds this version: same bytes deployed by us and nobody redeployed since. */
function catalogUnchanged(w: Working, server: CatalogProjectState): boolean {
  const name = w.item.assignment.packageName.toLowerCase();
  if (!server.packages.has(name)) return false;
  const d = w.item.state?.deployed;
  const pkg = w.pkg!;
  const guid = server.packages.get(name) ?? null;
  // The catalog records each package's VersionGUID; the recorded SHA-256 also catches edits that kept it.
  if (guid !== null && pkg.versionGuid !== null) return guid === pkg.versionGuid && (!d || d.sha256 === pkg.sha256);
  return !!d && d.sha256 === pkg.sha256 && d.serverVersion === `lsn:${server.lsn}`;
}

/** Catalog assignments of the same folder/project go up together (one deploy_packages); others one by one. */
function units(work: Working[]): Working[][] {
  const out: Working[][] = [];
  const catalog = new Map<string, Working[]>();
  for (const w of work) {
    const t = w.item.assignment.target;
    if (t.kind !== 'catalog') {
      out.push([w]);
      continue;
    }
    const key = JSON.stringify([w.item.project.path, t.folder.toLowerCase(), t.project.toLowerCase()]);
    const group = catalog.get(key);
    if (group) group.push(w);
    else {
      const g = [w];
      catalog.set(key, g);
      out.push(g);
    }
  }
  return out;
}

/** The SSIS step's @command exactly as SSMS writes it for this source (shared/dtexec). */
function commandFor(a: Assignment, instance: string): string {
  const t = a.target;
  const source =
    t.kind === 'catalog'
      ? ({ kind: 'catalog', server: instance, folder: t.folder, project: t.project, packageName: a.packageName } as const)
      : t.kind === 'msdb'
        ? ({ kind: 'msdb', server: instance, folderPath: t.folder, packageName: a.packageName } as const)
        : ({ kind: 'file', path: serverFilePath(t.path, a.packageName) } as const);
  return buildJobStepCommand({ source, x86: a.job.use32bit });
}

function persistOf(w: Working): PersistItem {
  const a = w.item.assignment;
  const at = new Date().toISOString();
  const previous = w.item.state;
  const state: AssignmentState = w.error
    ? { deployed: previous?.deployed ?? null, failure: { at, message: w.error.message, sqlErrorNumber: w.error.sqlErrorNumber, step: w.error.step as DeployStep } }
    : {
        deployed: {
          sha256: w.pkg!.sha256,
          versionGuid: w.pkg!.versionGuid,
          settings: settingsKey(a.target, a.job),
          jobName: a.job.createJob ? a.job.name : null,
          jobId: w.jobId,
          serverVersion: w.serverVersion,
          at,
        },
        failure: null,
      };
  return { projectPath: w.item.project.path, assignmentId: a.id, state };
}
