/**
 * What deploying needs from a project on disk: its name, its packages (with the Entry-point flag) and each
 * package's bytes with the identity msdb and the catalog record (DTSID, version, VersionGUID).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { readManifest } from '../../../shared/formats/dtproj.js';
import { parseDtproj, parseDtsx } from '../../../shared/formats/index.js';
import { NS_SSIS } from '../../../shared/formats/namespaces.js';
import { AppFailure } from '../../../shared/result.js';
import { firstChild } from '../../../shared/xml/query.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { decodeText, fileError, hashBytes, readTextFile } from '../files/text-file.js';
import { decryptSsisBlock } from '../solution/password.js';

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

/**
 * `password` opens an EncryptAllWithPassword project (the one given when it was unlocked in the Solution
 * Explorer, or asked for by the deploy); it is used in memory only.
 */
export async function readProject(dtprojPath: string, password?: string): Promise<ProjectInfo> {
  if (extname(dtprojPath).toLowerCase() !== '.dtproj') throw new AppFailure('INVALID_ARGUMENT', `${dtprojPath} is not a .dtproj file.`, { path: dtprojPath });
  const file = await readTextFile(dtprojPath);
  let parsed;
  try {
    parsed = parseDtproj(file.text);
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${basename(dtprojPath)}: ${e instanceof Error ? e.message : String(e)}`, { path: dtprojPath });
  }
  let listed: Pick<typeof parsed, 'projectName' | 'packages'> = parsed;
  if (parsed.encrypted) {
    if (password === undefined) {
      throw new AppFailure('LOCKED', `${basename(dtprojPath)} is encrypted with a password (EncryptAllWithPassword); unlock the project in the Solution Explorer (or give its password) before deploying its packages.`, { path: dtprojPath, needsPassword: true });
    }
    listed = decryptedManifest(dtprojPath, parsed.encrypted, password);
  }
  const dir = dirname(dtprojPath);
  return {
    path: dtprojPath,
    name: basename(dtprojPath, extname(dtprojPath)),
    manifestName: listed.projectName,
    deploymentModel: parsed.deploymentModel,
    packages: listed.packages.map((p) => ({ name: p.name, path: join(dir, p.fullPath), entryPoint: p.entryPoint })),
  };
}

/** The package list inside an EncryptAllWithPassword manifest (BAD_PASSWORD when the password is wrong). */
function decryptedManifest(dtprojPath: string, encrypted: NonNullable<ReturnType<typeof parseDtproj>['encrypted']>, password: string): ReturnType<typeof readManifest> {
  let xml: string;
  try {
    xml = decryptSsisBlock({ password, ...encrypted });
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'BAD_PASSWORD') throw new AppFailure('BAD_PASSWORD', `The password given for ${basename(dtprojPath)} is not correct.`, { path: dtprojPath, needsPassword: true });
    throw e;
  }
  try {
    const root = parseXml(xml).root;
    const manifest = root.local === 'Project' && root.ns === NS_SSIS ? root : firstChild(root, 'Project', NS_SSIS);
    if (manifest) return readManifest(manifest);
  } catch {
    // reported below
  }
  throw new AppFailure('PARSE_ERROR', `The decrypted manifest of ${basename(dtprojPath)} is not an SSIS project manifest.`, { path: dtprojPath });
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
