/**
 * The Solution Explorer's view of a solution: what the tree shows and what `ssisd solution show --json`
 * prints. Produced by electron/services/solution from files on disk; read-only everywhere else.
 * Paths are absolute and use the host OS separator.
 */

export type ProjectStatus = 'loaded' | 'unavailable' | 'foreign' | 'locked' | 'error';
export type PackageStatus = 'ok' | 'missing' | 'error';
export type DeploymentModel = 'Project' | 'Package';
export type SolutionKind = 'sln' | 'slnx' | 'dtproj';

/** 0 DontSaveSensitive ... 5 ServerStorage, as DTS:ProtectionLevel writes it. */
export type ProtectionLevel = 0 | 1 | 2 | 3 | 4 | 5;

export const PROTECTION_LEVEL_NAMES: readonly string[] = [
  'DontSaveSensitive',
  'EncryptSensitiveWithUserKey',
  'EncryptSensitiveWithPassword',
  'EncryptAllWithPassword',
  'EncryptAllWithUserKey',
  'ServerStorage',
];

export interface PackageNode {
  /** File name as the project lists it, e.g. "Child1.dtsx". */
  readonly name: string;
  readonly path: string;
  /** null in the package deployment model (no entry-point concept). */
  readonly entryPoint: boolean | null;
  /** As the .dtsx says (an omitted attribute means 1); null when the file could not be read. */
  readonly protectionLevel: ProtectionLevel | null;
  readonly formatVersion: number | null;
  readonly status: PackageStatus;
  readonly error?: string;
  /** DTS:DTSID of the package, when readable. */
  readonly id?: string;
  readonly versionGuid?: string;
}

export interface ItemNode {
  readonly name: string;
  readonly path: string;
  readonly status: 'ok' | 'missing' | 'error';
  readonly error?: string;
}

export interface ProjectNode {
  readonly name: string;
  readonly path: string;
  readonly status: ProjectStatus;
  readonly error?: string;
  readonly deploymentModel: DeploymentModel | null;
  /** Project protection level from the manifest (Project model), when known. */
  readonly protectionLevel?: ProtectionLevel | null;
  readonly targetServerVersion?: string | null;
  /** Project.params when the project has one (project deployment model). */
  readonly projectParams?: ItemNode | null;
  readonly connectionManagers: readonly ItemNode[];
  readonly packages: readonly PackageNode[];
  readonly packageParts: readonly ItemNode[];
  readonly miscellaneous: readonly ItemNode[];
  /** For 'foreign' projects: the kind of project, e.g. "Analysis Services", "Reporting Services". */
  readonly foreignKind?: string;
  /** Package file name of the StartUp object, from .dtproj.user, when set. */
  readonly startupObject?: string | null;
}

export interface SolutionInfo {
  readonly name: string;
  readonly path: string;
}

export interface SolutionView {
  /** null when a .dtproj was opened on its own. */
  readonly solution: SolutionInfo | null;
  readonly projects: readonly ProjectNode[];
  /** The file the user opened (.sln, .slnx or .dtproj). */
  readonly openedPath: string;
  readonly kind: SolutionKind;
}

/** Properties window for a package (Visual Studio's names). */
export interface PackageProperties {
  readonly name: string;
  readonly path: string;
  readonly id: string | null;
  readonly versionGuid: string | null;
  readonly versionMajor: number | null;
  readonly versionMinor: number | null;
  readonly versionBuild: number | null;
  readonly protectionLevel: ProtectionLevel | null;
  readonly protectionLevelName: string | null;
  readonly formatVersion: number | null;
  readonly targetServerVersion: string | null;
  readonly creatorName: string | null;
  readonly creationDate: string | null;
  readonly description: string | null;
  readonly entryPoint: boolean | null;
}

export interface ProjectProperties {
  readonly name: string;
  readonly path: string;
  readonly deploymentModel: DeploymentModel | null;
  readonly protectionLevel: ProtectionLevel | null;
  readonly protectionLevelName: string | null;
  readonly productVersion: string | null;
  readonly targetServerVersion: string | null;
  readonly configurations: readonly string[];
  readonly id: string | null;
}
