/**
 * Request channels and events of deployment (electron/services/deploy): assignments of packages to servers,
 * deploy runs with progress and cancel/retry, and Export to msdb. Servers are named by registration id in
 * requests (what the Servers pane has) and by display name in the sidecar file and in results.
 */
import type {
  Assignment,
  AssignmentState,
  DeployProgress,
  DeployStatus,
  DeploySummary,
  DeployTarget,
  DialogDefaults,
  DeployOutcomeKind,
  JobSettings,
  ServerPhase,
} from '../model/deploy.js';
import { DEPLOY_TARGET_KINDS } from '../model/deploy.js';
import type { ArgRules, FieldRule } from './rules.js';

/** An assignment as the Solution Explorer and the deploy UI show it. */
export interface AssignmentView extends Assignment {
  /** The registration with this display name; null when no registered server has it (Deploy then fails for it). */
  readonly serverId: string | null;
  readonly status: DeployStatus;
  readonly state: AssignmentState;
}

export interface ProjectAssignments {
  readonly projectPath: string;
  readonly projectName: string;
  /** `<Project>.dtproj.deploy.json` next to the .dtproj (may not exist yet). */
  readonly sidecarPath: string;
  readonly assignments: readonly AssignmentView[];
  /** Remembered dialog choices per server display name. */
  readonly defaults: Readonly<Record<string, DialogDefaults>>;
}

/** Job settings as the dialog sends them; `name` null = `<Project> - <Package>` for each package. */
export interface JobSettingsArgs extends Omit<JobSettings, 'name'> {
  name: string | null;
}

/** What the dialog shows first for a drop of `packageNames` onto a server. */
export interface DialogProposal {
  readonly server: string;
  readonly defaults: DialogDefaults;
  /** Default job name per package, in the order given. */
  readonly jobNames: readonly string[];
  /** Packages of the drop marked Entry-point (usually the parent): the dialog warns that children are what is usually deployed. */
  readonly entryPointPackages: readonly string[];
  /**
   * Packages of the drop not marked Entry-point: a catalog job cannot start them (catalog.create_execution
   * runs entry points only), so the dialog warns when the target is the catalog.
   */
  readonly notEntryPointPackages: readonly string[];
  /** Packages of the drop already assigned to this server (the dialog then updates them). */
  readonly alreadyAssigned: readonly string[];
}

export interface UnassignResult {
  readonly assignments: ProjectAssignments;
  /** What was removed on the servers, one line each (for the Output pane). */
  readonly removed: readonly string[];
}

/** A run in progress or finished, for a renderer that (re)connects in the middle. */
export interface DeployRunView {
  readonly deployId: string;
  readonly running: boolean;
  readonly servers: readonly { readonly server: string; readonly phase: ServerPhase; readonly done: number; readonly total: number }[];
  /** The lines reported so far (oldest first). */
  readonly log: readonly DeployProgress[];
  /** Set once the run finished. */
  readonly summary: DeploySummary | null;
}

export interface ExportResult {
  readonly server: string;
  /** `\Folder\Package` as the /SQL option names it. */
  readonly packagePath: string;
  readonly outcome: DeployOutcomeKind;
}

export interface DeployChannels {
  'deploy:listAssignments': [{ projectPath: string }, ProjectAssignments];
  'deploy:dialogDefaults': [{ projectPath: string; serverId: string; packageNames: string[] }, DialogProposal];
  /**
   * Assigns packages to a server (one assignment per package; an existing one for the same package and
   * server is updated). `rememberDefaults` stores target and job settings as this server's dialog defaults.
   */
  'deploy:assign': [
    { projectPath: string; serverId: string; packageNames: string[]; target: DeployTarget; job: JobSettingsArgs; rememberDefaults: boolean },
    ProjectAssignments,
  ];
  /** "Remove from server": optionally deletes the job and/or the package there first; nothing is forgotten if that fails. */
  'deploy:unassign': [{ projectPath: string; assignmentIds: string[]; deleteJob: boolean; deletePackage: boolean }, UnassignResult];
  /**
   * Starts a deploy of the saved assignments of these projects (assignmentIds null = all of them; servers
   * null = every server) and answers at once; progress and the summary come as events with the deployId.
   * A password-protected project needs its password: the one given when it was unlocked in the Solution
   * Explorer, or one in `projectPasswords` (asked for after a LOCKED/BAD_PASSWORD answer whose details name
   * the project's `path`); it is held in memory for this run and its retries, never written.
   */
  'deploy:run': [{ projectPaths: string[]; assignmentIds: string[] | null; servers: string[] | null; projectPasswords?: { projectPath: string; password: string }[] }, { deployId: string }];
  /** Stops starting new work; what runs on a server finishes or rolls back (never a half-made job). */
  'deploy:cancel': [{ deployId: string }, { cancelled: boolean }];
  /** Runs again what failed or was cancelled in that run. */
  'deploy:retry': [{ deployId: string }, { deployId: string }];
  'deploy:get': [{ deployId: string }, DeployRunView];
  /** Package context menu Export... → a server's msdb, without a job. */
  'deploy:exportToMsdb': [{ projectPath: string; packageName: string; serverId: string; folder: string }, ExportResult];
}

export interface DeployEvents {
  'deploy:progress': DeployProgress;
  'deploy:finished': DeploySummary;
  /** Assignments or deployed state of a project changed (assign, unassign, a deploy finished). */
  'deploy:assignmentsChanged': ProjectAssignments;
}

const targetRule: FieldRule = {
  object: {
    kind: { oneOf: DEPLOY_TARGET_KINDS },
    folder: { optional: 'string' },
    project: { optional: 'string' },
    path: { optional: 'string' },
    copyTo: { optional: 'string|null' },
  },
};

const jobRule: FieldRule = {
  object: {
    createJob: 'boolean',
    name: 'string|null',
    description: 'string|null',
    owner: 'string|null',
    proxy: 'string|null',
    use32bit: 'boolean',
  },
};

export const DEPLOY_RULES: { readonly [C in keyof DeployChannels]: ArgRules<DeployChannels[C][0]> } = {
  'deploy:listAssignments': { projectPath: 'string' },
  'deploy:dialogDefaults': { projectPath: 'string', serverId: 'string', packageNames: 'string[]' },
  'deploy:assign': { projectPath: 'string', serverId: 'string', packageNames: 'string[]', target: targetRule, job: jobRule, rememberDefaults: 'boolean' },
  'deploy:unassign': { projectPath: 'string', assignmentIds: 'string[]', deleteJob: 'boolean', deletePackage: 'boolean' },
  'deploy:run': {
    projectPaths: 'string[]',
    assignmentIds: { nullable: 'string[]' },
    servers: { nullable: 'string[]' },
    projectPasswords: { optional: { arrayOf: { object: { projectPath: 'string', password: 'string' } }, max: 1000 } },
  },
  'deploy:cancel': { deployId: 'string' },
  'deploy:retry': { deployId: 'string' },
  'deploy:get': { deployId: 'string' },
  'deploy:exportToMsdb': { projectPath: 'string', packageName: 'string', serverId: 'string', folder: 'string' },
};

export const DEPLOY_EVENTS: readonly (keyof DeployEvents)[] = ['deploy:progress', 'deploy:finished', 'deploy:assignmentsChanged'];
