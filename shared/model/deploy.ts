/**
 * Deploying packages to servers: what the user assigned (package × server × target × job settings), what
 * was deployed where, and what a deploy run reports. Assignments and deployed state are kept in the sidecar
 * file next to the .dtproj (electron/services/deploy/README.md); nothing here ever holds a secret.
 */

/** Where the package goes on the server. */
export type DeployTarget =
  /** SSIS catalog: SSISDB → folder → project (created with catalog.create_folder / deploy_project if missing). */
  | { readonly kind: 'catalog'; readonly folder: string; readonly project: string }
  /** msdb package store: folder path below MSDB, `\`-separated ("" = the MSDB root). */
  | { readonly kind: 'msdb'; readonly folder: string }
  /**
   * File system: `path` is the folder as the server sees it (the job runs `/FILE <path>\<Package>.dtsx`);
   * `copyTo` is that same folder as reachable from this machine (a share or mount). null: `path` itself is
   * reachable from here (same machine, or a UNC path on Windows).
   */
  | { readonly kind: 'file'; readonly path: string; readonly copyTo: string | null };

export type DeployTargetKind = DeployTarget['kind'];
export const DEPLOY_TARGET_KINDS: readonly DeployTargetKind[] = ['catalog', 'msdb', 'file'];

/** The SQL Server Agent job that runs the package (no schedule: the parent package starts it). */
export interface JobSettings {
  /** false: upload only, no job (and an existing job is left alone). */
  readonly createJob: boolean;
  /** Default `<Project> - <Package>` (package without .dtsx). Must not contain `%` (SQL Server rule). */
  readonly name: string;
  readonly description: string | null;
  /** Login that owns the job; null = the login the app connects with. Only sysadmin may name another. */
  readonly owner: string | null;
  /** "Run as": an Agent proxy granted to SSIS; null = SQL Server Agent Service Account. */
  readonly proxy: string | null;
  /** 32-bit runtime (/X86). */
  readonly use32bit: boolean;
}

/** One package assigned to one server. At most one assignment per (package, server) in a project. */
export interface Assignment {
  readonly id: string;
  /** File name as the project lists it, e.g. "LoadCustomers.dtsx". */
  readonly packageName: string;
  /**
   * The server's display name (as registered in the Servers pane or given in a --servers file). Names, not
   * registration ids, so the sidecar works for everyone who opens the solution.
   */
  readonly server: string;
  readonly target: DeployTarget;
  readonly job: JobSettings;
}

/** What was last deployed for an assignment (kept in the sidecar's "state"). */
export interface DeployedRecord {
  /** SHA-256 (hex) of the package bytes uploaded. */
  readonly sha256: string;
  /** DTS:VersionGUID of the package uploaded, when it had one. */
  readonly versionGuid: string | null;
  /** settingsKey(target, job) at that time: a changed setting makes the assignment out of date. */
  readonly settings: string;
  /** The job's name and id on the server, when a job was made. */
  readonly jobName: string | null;
  readonly jobId: string | null;
  /**
   * What the server said it holds right after the deploy (catalog: the project's object_version_lsn), so a
   * redeploy by someone else shows up as a change; null when the bytes themselves are compared (msdb, file).
   */
  readonly serverVersion: string | null;
  /** ISO 8601 UTC. */
  readonly at: string;
}

export interface DeployFailureRecord {
  readonly at: string;
  readonly message: string;
  readonly sqlErrorNumber: number | null;
  readonly step: DeployStep;
}

export interface AssignmentState {
  readonly deployed: DeployedRecord | null;
  /** The last attempt failed (newer than `deployed`); null when the last attempt succeeded. */
  readonly failure: DeployFailureRecord | null;
}

/** How the Solution Explorer shows a package on a server. */
export type DeployStatus = 'deployed' | 'out-of-date' | 'failed' | 'not-deployed';

/** What happens, in order, for one assignment on one server; errors name the step that failed. */
export type DeployStep = 'connect' | 'folder' | 'upload' | 'copy' | 'job' | 'remove';

export type DeployOutcomeKind = 'created' | 'updated' | 'unchanged' | 'failed' | 'cancelled';

/** Everything the user needs to act on a failure. */
export interface DeployError {
  readonly step: DeployStep;
  readonly message: string;
  /** SQL Server's error number (e.g. 14262, 27123), when the server raised one. */
  readonly sqlErrorNumber: number | null;
  /** The procedure that raised it, e.g. "msdb.dbo.sp_add_jobstep". */
  readonly procedure: string | null;
  /** true when the server could not be reached or the connection broke (worth a Retry later). */
  readonly connection: boolean;
}

export interface AssignmentOutcome {
  readonly assignmentId: string;
  readonly projectPath: string;
  readonly packageName: string;
  readonly server: string;
  readonly target: DeployTargetKind;
  /** created / updated / unchanged for the package on the server; null when it never got that far. */
  readonly packageOutcome: DeployOutcomeKind | null;
  /** null when no job is wanted (createJob false) or it never got that far. */
  readonly jobOutcome: DeployOutcomeKind | null;
  /** The combined outcome: failed/cancelled if either part was; else created > updated > unchanged. */
  readonly outcome: DeployOutcomeKind;
  readonly jobName: string | null;
  readonly jobId: string | null;
  /** The job step's @command as written to the server. */
  readonly command: string | null;
  readonly error: DeployError | null;
  readonly elapsedMs: number;
}

export type ServerPhase = 'queued' | 'connecting' | 'deploying' | 'done' | 'failed' | 'cancelled';

/** One 'deploy:progress' event: one server's state plus one line for the Output pane. */
export interface DeployProgress {
  readonly deployId: string;
  readonly server: string;
  readonly phase: ServerPhase;
  /** Assignments finished on this server / assigned to it in this run. */
  readonly done: number;
  readonly total: number;
  /** The assignment this line is about, if any. */
  readonly assignmentId: string | null;
  readonly packageName: string | null;
  readonly step: DeployStep | null;
  /** One line for the Output pane ("SRV1: LoadCustomers.dtsx: job 'X - Y' created"). */
  readonly message: string;
  /** Set on the line that reports a failure. */
  readonly error: DeployError | null;
}

export interface OutcomeCounts {
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly failed: number;
  readonly cancelled: number;
}

export interface ServerSummary {
  readonly server: string;
  readonly phase: 'done' | 'failed' | 'cancelled';
  readonly counts: OutcomeCounts;
  readonly elapsedMs: number;
}

/** The 'deploy:finished' payload and `ssisd deploy --json` output. */
export interface DeploySummary {
  readonly deployId: string;
  /** The run this one retried, if any. */
  readonly retryOf: string | null;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly elapsedMs: number;
  readonly counts: OutcomeCounts;
  readonly servers: readonly ServerSummary[];
  readonly outcomes: readonly AssignmentOutcome[];
  readonly cancelled: boolean;
}

/** The dialog's remembered choices for one server (per project, in the sidecar). */
export interface DialogDefaults {
  readonly target: DeployTarget;
  readonly job: Omit<JobSettings, 'name'>;
}

// ---- pure rules ----

const stripDtsx = (name: string): string => name.replace(/\.dtsx$/i, '');

/**
 * The job name SSIS Designer proposes: `<Project> - <Package>`, made valid for sp_add_job (a job name may not
 * contain '%', so it becomes "pct"; at most 128 characters).
 */
export function defaultJobName(projectName: string, packageName: string): string {
  return `${projectName} - ${stripDtsx(packageName)}`.replace(/%/g, 'pct').slice(0, 128).trim();
}

/**
 * Default dialog choices for a server nobody deployed to from this project yet: the catalog (folder and
 * project named after the project), or the msdb root when the catalog is out of reach (the package
 * deployment model has none; SSISDB refuses SQL Server logins).
 */
export function defaultDialogDefaults(projectName: string, noCatalog = false): DialogDefaults {
  return {
    target: noCatalog ? { kind: 'msdb', folder: '' } : { kind: 'catalog', folder: projectName, project: projectName },
    job: { createJob: true, description: null, owner: null, proxy: null, use32bit: false },
  };
}

/** A stable text of the settings that decide what lands on the server (compared, never parsed). */
export function settingsKey(target: DeployTarget, job: JobSettings): string {
  const t =
    target.kind === 'catalog'
      ? ['catalog', target.folder, target.project]
      : target.kind === 'msdb'
        ? ['msdb', target.folder]
        : ['file', target.path, target.copyTo];
  const j = job.createJob ? [job.name, job.description, job.owner, job.proxy, job.use32bit] : [false];
  return JSON.stringify([t, j]);
}

/** deployed / out of date / failed / not deployed, from the sidecar's state and the package file now. */
export function deployStatus(a: Assignment, state: AssignmentState | undefined, currentSha256: string | null): DeployStatus {
  if (state?.failure) return 'failed';
  const d = state?.deployed;
  if (!d) return 'not-deployed';
  if (currentSha256 === null || d.sha256 !== currentSha256 || d.settings !== settingsKey(a.target, a.job)) return 'out-of-date';
  return 'deployed';
}

function emptyCounts(): OutcomeCounts {
  return { created: 0, updated: 0, unchanged: 0, failed: 0, cancelled: 0 };
}

export function countOutcomes(outcomes: readonly { readonly outcome: DeployOutcomeKind }[]): OutcomeCounts {
  const c = { ...emptyCounts() };
  for (const o of outcomes) c[o.outcome]++;
  return c;
}

/** created > updated > unchanged; failed or cancelled in any part wins. */
export function combineOutcomes(...parts: (DeployOutcomeKind | null)[]): DeployOutcomeKind {
  const order: DeployOutcomeKind[] = ['failed', 'cancelled', 'created', 'updated', 'unchanged'];
  for (const o of order) if (parts.includes(o)) return o;
  return 'unchanged';
}
