/**
 * Request channels of Build and Export (electron/services/build): project Build to an .ispac, the package
 * deployment model's deployment utility, and Export... of one package to a .dtsx file.
 * `password` travels only from a dialog to the Node side (EncryptAllWithPassword projects); no response
 * carries one.
 */
import type { ArgRules } from './rules.js';

export interface BuildProjectResult {
  /** The .ispac written: <project folder>/<OutputPath>/<Configuration>/<Project>.ispac. */
  readonly path: string;
  readonly configuration: string;
  /** The manifest's project Name (what the SSIS catalog calls the project). */
  readonly projectName: string;
  readonly packageCount: number;
  readonly bytes: number;
  readonly elapsedMs: number;
  /** What the user should know about the .ispac (e.g. package parts that were not expanded). */
  readonly warnings: readonly string[];
}

export interface DeploymentUtilityResult {
  /** The deployment folder (DeploymentOutputPath, default bin\Deployment). */
  readonly folder: string;
  readonly manifestPath: string;
  /** Every file now in the folder besides the manifest, by name. */
  readonly files: readonly string[];
  /** What could not be copied (e.g. a configuration file that is not on this machine). */
  readonly warnings: readonly string[];
}

export interface ExportPackageResult {
  readonly path: string;
  readonly bytes: number;
}

export interface BuildChannels {
  'build:project': [{ projectPath: string; configuration?: string; password?: string }, BuildProjectResult];
  'build:deploymentUtility': [{ projectPath: string; configuration?: string }, DeploymentUtilityResult];
  /** Copies the package file; refuses (ALREADY_EXISTS) to replace an existing file unless `overwrite`. */
  'package:exportFile': [{ projectPath: string; packageName: string; targetPath: string; overwrite: boolean }, ExportPackageResult];
}

export const BUILD_RULES: { readonly [C in keyof BuildChannels]: ArgRules<BuildChannels[C][0]> } = {
  'build:project': { projectPath: 'string', configuration: { optional: 'string' }, password: { optional: 'string' } },
  'build:deploymentUtility': { projectPath: 'string', configuration: { optional: 'string' } },
  'package:exportFile': { projectPath: 'string', packageName: 'string', targetPath: 'string', overwrite: 'boolean' },
};
