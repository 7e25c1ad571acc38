/**
 * Preflight checks: the usual reasons a package that runs in the designer fails as a SQL Server Agent job,
 * found before the deploy. Inputs are plain data (the project's files already read, the deploy assignments,
 * what Test Connection said about each server); the rules are pure functions of them.
 */
import type { ProtectionLevel } from '../model/solution.js';
import type { ServerInfo } from '../model/server.js';
import type { ConnectionFact, PackageFacts } from './package-facts.js';

export type Severity = 'error' | 'warning' | 'info';

export type RuleId =
  | 'protection-user-key'
  | 'protection-password-no-decrypt'
  | 'local-file-path'
  | 'local-data-source'
  | 'windows-auth-no-proxy'
  | 'provider-32bit'
  | 'child-not-on-server'
  | 'target-version-newer'
  | 'no-ssis-subsystem'
  | 'no-ssisdb'
  | 'missing-roles'
  | 'owner-needs-proxy'
  | 'proxy-not-usable'
  | 'server-not-checked'
  | 'package-unreadable';

/** What a one-click fix does; the UI and the CLI carry it out through the service that owns the data. */
export type FixAction =
  /** Turn on the 32-bit runtime (/X86) for this assignment's job step. */
  | { readonly kind: 'set-32bit'; readonly assignmentId: string }
  /** Assign the child package to the same server (with the parent's target). */
  | { readonly kind: 'assign-child'; readonly assignmentId: string; readonly childPackage: string }
  /** Pick a proxy ("Run as") for the assignment's job step. */
  | { readonly kind: 'choose-proxy'; readonly assignmentId: string }
  /** Create an Agent proxy on the server (Servers pane → Proxies → New Proxy...). */
  | { readonly kind: 'create-proxy'; readonly server: string };

export interface Fix {
  /** Button text, e.g. "Use 32-bit runtime". */
  readonly label: string;
  readonly action: FixAction;
}

export interface Finding {
  /** Stable across runs: rule, package, server and subject. */
  readonly key: string;
  readonly rule: RuleId;
  readonly severity: Severity;
  readonly packageName: string;
  readonly server: string;
  /** The assignment the finding is about; null for project-wide findings. */
  readonly assignmentId: string | null;
  /** A connection manager, task path or proxy the finding is about, when it has one. */
  readonly subject: string | null;
  /** One line, e.g. "Protection level EncryptSensitiveWithUserKey". */
  readonly title: string;
  /** Plain explanation: what will happen under SQL Server Agent and why. */
  readonly explanation: string;
  readonly fix: Fix | null;
}

/** One package assigned to one server; the deploy model's Assignment fits this shape. */
export interface PreflightAssignment {
  readonly id: string;
  readonly packageName: string;
  readonly server: string;
  readonly target:
    | { readonly kind: 'catalog'; readonly folder: string; readonly project: string }
    | { readonly kind: 'msdb'; readonly folder: string }
    | { readonly kind: 'file'; readonly path: string };
  readonly job: {
    readonly createJob: boolean;
    /** Login that owns the job; null = the login the app connects with. */
    readonly owner: string | null;
    readonly proxy: string | null;
    readonly use32bit: boolean;
    /** The job step is given the package password (/DECRYPT). */
    readonly decrypt?: boolean;
  };
}

/** A proxy as the server lists it. */
export interface ProxyFact {
  readonly name: string;
  readonly enabled: boolean;
  /** Granted to the SSIS subsystem (id 11); null when this login may not see grants. */
  readonly ssis: boolean | null;
}

export interface ServerFacts {
  /** Display name, as assignments name servers. */
  readonly name: string;
  /** From Test Connection; null when the server could not be reached. */
  readonly info: ServerInfo | null;
  /** Why info is null (the connection error). */
  readonly error: string | null;
  /** Proxies usable for SSIS; null when not read. */
  readonly proxies: readonly ProxyFact[] | null;
}

export interface PackageInput {
  readonly name: string;
  /** null with `error` set when the file could not be read. */
  readonly facts: PackageFacts | null;
  readonly error?: string;
}

export interface PreflightProject {
  readonly name: string;
  readonly path: string;
  readonly protectionLevel: ProtectionLevel | null;
  /** SQLServer2012 ... SQLServer2025, from the .dtproj; null when not set. */
  readonly targetServerVersion: string | null;
  /** Project connection managers (.conmgr); every package sees them. */
  readonly connections: readonly ConnectionFact[];
  readonly packages: readonly PackageInput[];
}

export interface PreflightInput {
  readonly project: PreflightProject;
  readonly assignments: readonly PreflightAssignment[];
  readonly servers: readonly ServerFacts[];
}

export interface PreflightReport {
  readonly findings: readonly Finding[];
  readonly counts: { readonly error: number; readonly warning: number; readonly info: number };
}
