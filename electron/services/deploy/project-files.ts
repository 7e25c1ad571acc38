/**
 * What deploying needs from a project on disk: its name, its packages (with the Entry-point flag) and each
 * package's bytes with the identity msdb and the catalog record (DTSID, version, VersionGUID).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseDtproj, parseDtsx } from '../../../shared/formats/index.js';
import { AppFailure } from '../../../shared/result.js';
import { decodeText, fileError, hashBytes, readTextFile } from '../files/text-file.js';

export interface ProjectPackage {
  /** File name as the project lists it. */
  readonly name: string;
  readonly path: string;
  /** null in the package deployment model. */
  readonly entryPoint: boolean | null;
}

export interface ProjectInfo {
  readonly path: string;
  /** The project's name as Visual Studio shows it (the .dtproj file name). */
  readonly name: string;
  /** The manifest's Name (what catalog.deploy_project must be given); null in the package model. */
  readonly manifestName: string | null;
  /** 'Package': the legacy package deployment model (no catalog; msdb or the file system). */
  readonly deploymentModel: 'Project' | 'Package' | null;
  readonly packages: readonly ProjectPackage[];
}

export interface PackageFile {
  readonly name: string;
  readonly path: string;
  readonly bytes: Buffer;
  readonly sha256: string;
  /** DTS:DTSID without braces, upper case; null if the package does not say. */
  readonly id: string | null;
  readonly versionGuid: string | null;
  readonly versionMajor: number;
  readonly versionMinor: number;
  readonly versionBuild: number;
  readonly description: string | null;
}

const MAX_PACKAGE_BYTES = 128 * 1024 * 1024;
const bare = (guid: string | null): string | null => (guid ? guid.replace(/[{}]/g, '').toUpperCase() : null);

export async function readProject(dtprojPath: string): Promise<ProjectInfo> {
  if (extname(dtprojPath).toLowerCase() !== '.dtproj') throw new AppFailure('INVALID_ARGUMENT', `${dtprojPath} is not a .dtproj file.`, { path: dtprojPath });
  const file = await readTextFile(dtprojPath);
  let parsed;
  try {
    parsed = parseDtproj(file.text);
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${basename(dtprojPath)}: ${e instanceof Error ? e.message : String(e)}`, { path: dtprojPath });
  }
  if (parsed.encrypted) {
    throw new AppFailure('LOCKED', `${basename(dtprojPath)} is encrypted with a password (EncryptAllWithPassword); unlock the project before deploying its packages.`, { path: dtprojPath });
  }
  const dir = dirname(dtprojPath);
  return {
    path: dtprojPath,
    name: basename(dtprojPath, extname(dtprojPath)),
    manifestName: parsed.projectName,
    deploymentModel: parsed.deploymentModel,
    packages: parsed.packages.map((p) => ({ name: p.name, path: join(dir, p.fullPath), entryPoint: p.entryPoint })),
  };
}

export function projectPackage(project: ProjectInfo, packageName: string): ProjectPackage {
  const lower = packageName.toLowerCase();
  const found = project.packages.find((p) => p.name === packageName) ?? project.packages.find((p) => p.name.toLowerCase() === lower);
  if (!found) throw new AppFailure('NOT_FOUND', `The project ${project.name} does not list a package named "${packageName}".`, { packageName });
  return found;
}

export async function readPackageFile(pkg: ProjectPackage): Promise<PackageFile> {
  let bytes: Buffer;
  try {
    const st = await stat(pkg.path);
    if (st.size > MAX_PACKAGE_BYTES) throw new AppFailure('IO_ERROR', `${pkg.path} is larger than 128 MB.`, { path: pkg.path });
    bytes = await readFile(pkg.path);
  } catch (e) {
    throw fileError(e, pkg.path);
  }
  let info;
  try {
    info = parseDtsx(decodeText(bytes).text).info;
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${pkg.name} cannot be read as a package: ${e instanceof Error ? e.message : String(e)}`, { path: pkg.path });
  }
  return {
    name: pkg.name,
    path: pkg.path,
    bytes,
    sha256: hashBytes(bytes),
    id: bare(info.id),
    versionGuid: bare(info.versionGuid),
    versionMajor: info.versionMajor ?? 1,
    versionMinor: info.versionMinor ?? 0,
    versionBuild: info.versionBuild ?? 0,
    description: info.description,
  };
}

/** The SHA-256 of a package file now, or null when it cannot be read (status: out of date). */
export async function currentSha256(path: string): Promise<string | null> {
  try {
    return hashBytes(await readFile(path));
  } catch {
    return null;
  }
}
