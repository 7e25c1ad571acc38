/**
 * Request channels of preflight checks, Compare with Servers (drift) and Wire Child Jobs
 * (electron/services/preflight). Findings and drift rows are plain data the findings panel lists.
 */
import type { PreflightReport } from '../preflight/types.js';
import type { WiredTask, WireOrder } from '../formats/wire-children/wire.js';
import type { WireMode } from '../formats/wire-children/sql.js';
import type { ArgRules } from './rules.js';

export interface ServerCheck {
  readonly server: string;
  /** null when the server is not registered. */
  readonly serverId: string | null;
  readonly reachable: boolean;
  /** Why it could not be checked. */
  readonly error: string | null;
}

export interface PreflightResult {
  readonly projectPath: string;
  readonly projectName: string;
  readonly report: PreflightReport;
  readonly servers: readonly ServerCheck[];
}

export type DriftCheck = 'job' | 'step' | 'version' | 'proxy';
export type DriftState = 'ok' | 'differs' | 'missing' | 'unknown';

export interface DriftCell {
  readonly check: DriftCheck;
  readonly state: DriftState;
  /** What the server has, in words (e.g. "job runs \SSISDB\ETL\P\Old.dtsx"). */
  readonly detail: string;
}

export interface DriftRow {
  readonly assignmentId: string;
  readonly packageName: string;
  readonly server: string;
  readonly jobName: string | null;
  readonly cells: readonly DriftCell[];
  /** Every check is ok (unknown cells do not count as differences). */
  readonly inSync: boolean;
}

export interface DriftReport {
  readonly projectPath: string;
  readonly rows: readonly DriftRow[];
  /** Rows with a difference. */
  readonly differences: number;
}

export interface WireArgs {
  projectPath: string;
  /** The Entry-point (parent) package, e.g. "Parent.dtsx". */
  packageName: string;
  mode: WireMode;
  order: WireOrder;
  /** true: say what would be written, write nothing. */
  dryRun: boolean;
}

export interface WireSummary {
  readonly packagePath: string;
  readonly changed: boolean;
  readonly written: boolean;
  readonly tasks: readonly WiredTask[];
  readonly removed: readonly string[];
  readonly mode: WireMode;
  readonly order: WireOrder;
}

/** One wired task of a parent: the job it starts, on which server, for which child package. */
export interface TopologyLink {
  /** The Execute SQL Task's name (what a run's progress reports). */
  readonly taskName: string;
  readonly jobName: string | null;
  readonly server: string | null;
  /** The assigned package whose job it is; null when no assignment has that job. */
  readonly childPackage: string | null;
  readonly mode: WireMode;
}

export interface TopologyParent {
  readonly packageName: string;
  readonly order: WireOrder;
  readonly links: readonly TopologyLink[];
}

export interface Topology {
  readonly projectPath: string;
  /** Packages that hold wired tasks. */
  readonly parents: readonly TopologyParent[];
  /** Assigned packages with a job that no parent starts yet. */
  readonly unwired: readonly { readonly packageName: string; readonly server: string; readonly jobName: string }[];
}

export interface PreflightChannels {
  'preflight:check': [{ projectPath: string }, PreflightResult];
  'preflight:topology': [{ projectPath: string }, Topology];
  'preflight:drift': [{ projectPath: string }, DriftReport];
  'preflight:wire': [WireArgs, WireSummary];
}

export const PREFLIGHT_RULES: { readonly [C in keyof PreflightChannels]: ArgRules<PreflightChannels[C][0]> } = {
  'preflight:check': { projectPath: 'string' },
  'preflight:drift': { projectPath: 'string' },
  'preflight:topology': { projectPath: 'string' },
  'preflight:wire': { projectPath: 'string', packageName: 'string', mode: { oneOf: ['start', 'wait'] }, order: { oneOf: ['parallel', 'sequence'] }, dryRun: 'boolean' },
};
