import type { ShellSlice } from '../features/shell/shellSlice.js';
import type { AppError } from '../../shared/result.js';
import type { PackageProperties, ProjectProperties, SolutionView } from '../../shared/model/solution.js';
import type { ViewCode } from '../../shared/contract/channels.js';
import type { DeploySlice } from './deploySlice.js';
import type { JobsSlice } from './jobsSlice.js';
import type { PreflightSlice } from '../features/preflight/preflightSlice.js';
import type { ProxiesSlice } from '../features/proxies/proxiesSlice.js';
import type { BuildSlice } from './buildSlice.js';
import type { OutputSlice } from './outputSlice.js';
import type { RunsSlice } from './runsSlice.js';
import type { ServersSlice } from './serversSlice.js';

export interface PackageRef {
  readonly projectPath: string;
  readonly packageName: string;
}

export interface ErrorEntry {
  readonly id: number;
  readonly code: AppError['code'];
  readonly message: string;
}

/** A write the host refused because the file changed on disk since it was read. */
export interface ConflictState {
  readonly message: string;
}

export interface SolutionSlice {
  view: SolutionView | null;
  /** True once the first 'solution:get' answered (ok or not). */
  loaded: boolean;
  selection: string[];
  expanded: Record<string, boolean>;
  filter: string;
  /** Number of calls in flight. */
  busy: number;
  errors: ErrorEntry[];
  conflict: ConflictState | null;

  /** Subscribes to 'solution:changed' and fetches the current solution; returns the unsubscribe. */
  start(): () => void;
  load(): Promise<void>;
  open(path: string): Promise<AppError | null>;
  reload(): Promise<void>;
  setEntryPoint(ref: PackageRef, entryPoint: boolean): Promise<void>;
  setStartupObject(ref: PackageRef): Promise<void>;
  /** Returns the error to show in the Rename dialog, or null when renamed. */
  renamePackage(ref: PackageRef, newName: string): Promise<AppError | null>;
  deletePackages(refs: readonly PackageRef[]): Promise<void>;
  excludePackage(ref: PackageRef): Promise<void>;
  newPackage(projectPath: string): Promise<void>;
  addExistingPackage(projectPath: string, sourcePath: string): Promise<AppError | null>;
  unlockProject(projectPath: string, password: string): Promise<AppError | null>;
  viewCode(path: string): Promise<ViewCode | null>;
  packageProperties(ref: PackageRef): Promise<PackageProperties | null>;
  projectProperties(projectPath: string): Promise<ProjectProperties | null>;
  /** Asks the native picker; null path = cancelled; UNSUPPORTED error = ask for a typed path. */
  pickFile(title: string, extensions: string[]): Promise<{ path: string | null } | AppError>;
  /** The desktop app's Save As dialog: the path chosen, or null (cancelled, or an error shown). */
  pickSaveFile(title: string, extensions: string[], defaultName: string): Promise<string | null>;

  setSelection(ids: string[]): void;
  setExpanded(id: string, open: boolean): void;
  setFilter(filter: string): void;
  reportError(error: AppError): void;
  dismissError(id: number): void;
  clearConflict(): void;
}

export type DialogState =
  | { kind: 'rename'; ref: PackageRef }
  | { kind: 'delete'; refs: PackageRef[] }
  | { kind: 'packageProperties'; props: PackageProperties }
  | { kind: 'projectProperties'; props: ProjectProperties }
  | { kind: 'viewCode'; code: ViewCode }
  | { kind: 'password'; projectPath: string; projectName: string }
  | { kind: 'typedPath'; purpose: 'openSolution' }
  | { kind: 'typedPath'; purpose: 'addExistingPackage'; projectPath: string };

export interface ContextMenuState {
  readonly nodeId: string;
  readonly x: number;
  readonly y: number;
}

export type Theme = 'light' | 'dark';

export interface UiSlice {
  dialog: DialogState | null;
  contextMenu: ContextMenuState | null;
  theme: Theme;
  openDialog(dialog: DialogState): void;
  closeDialog(): void;
  openContextMenu(menu: ContextMenuState): void;
  closeContextMenu(): void;
  setTheme(theme: Theme): void;
}

export type AppState = SolutionSlice & UiSlice & OutputSlice & ServersSlice & DeploySlice & RunsSlice & JobsSlice & BuildSlice & PreflightSlice & ProxiesSlice & ShellSlice;
