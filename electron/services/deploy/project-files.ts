/**
 * What deploying needs from a project on disk: its name, its packages (with the Entry-point flag) and each
 * package's bytes with the identity msdb and the catalog record (DTSID, version, VersionGUID).
 */
import { readFile, stat } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { readManifest, type EncryptedManifest } from '../../../shared/formats/dtproj.js';
import { encryptedValues, parseDtproj, parseDtsx } from '../../../shared/formats/index.js';
import type { ProtectionLevel } from '../../../shared/model/solution.js';
import type { XmlDocument } from '../../../shared/xml/types.js';
import { AppFailure } from '../../../shared/result.js';
import { decodeText, fileError, hashBytes, readTextFile } from '../files/text-file.js';
import { decryptManifest, decryptText } from '../solution/decrypt-text.js';
import { decryptSsisBlock } from '../solution/password.js';
import { catalogFileBytes } from '../solution/server-storage.js';

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
  /** The project's protection level (null when it does not say: the package deployment model). */
  readonly protectionLevel: ProtectionLevel | null;
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
 * Explorer, or asked for by the deploy); it is used in memory only. The password of an
 * EncryptSensitiveWithPassword project is checked here too, so a wrong one is refused before anything is sent.
 */
/** A project's name as Visual Studio shows it: its .dtproj file name without the extension. */
export function projectNameOf(dtprojPath: string): string {
  return basename(dtprojPath, extname(dtprojPath));
}

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
  } else if (password !== undefined && parsed.protectionLevel === 2) {
    checkSensitivePassword(dtprojPath, parsed.doc, password);
  }
  const dir = dirname(dtprojPath);
  return {
    path: dtprojPath,
    name: projectNameOf(dtprojPath),
    manifestName: listed.projectName,
    deploymentModel: parsed.deploymentModel,
    protectionLevel: parsed.protectionLevel,
    packages: listed.packages.map((p) => ({ name: p.name, path: join(dir, p.fullPath), entryPoint: p.entryPoint })),
  };
}

/** The package list inside an EncryptAllWithPassword manifest (BAD_PASSWORD when the password is wrong). */
function decryptedManifest(dtprojPath: string, encrypted: EncryptedManifest, password: string): ReturnType<typeof readManifest> {
  try {
    return readManifest(decryptManifest(encrypted, password, basename(dtprojPath)).manifest);
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'BAD_PASSWORD') throw new AppFailure('BAD_PASSWORD', `The password given for ${basename(dtprojPath)} is not correct.`, { path: dtprojPath, needsPassword: true });
    if (e instanceof AppFailure && e.code === 'PARSE_ERROR') throw new AppFailure('PARSE_ERROR', e.message, { path: dtprojPath });
    throw e;
  }
}

/** BAD_PASSWORD when `password` does not open the first password-encrypted value of the .dtproj (none: nothing to check). */
function checkSensitivePassword(dtprojPath: string, doc: XmlDocument, password: string): void {
  const first = encryptedValues(doc)[0];
  if (!first) return;
  try {
    decryptSsisBlock({ password, iv: first.iv, algorithm: first.algorithm, cipherText: first.cipherText });
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'BAD_PASSWORD') throw new AppFailure('BAD_PASSWORD', `The password given for ${basename(dtprojPath)} is not correct.`, { path: dtprojPath, needsPassword: true });
    throw e;
  }
}

export function projectPackage(project: ProjectInfo, packageName: string): ProjectPackage {
  const lower = packageName.toLowerCase();
  const found = project.packages.find((p) => p.name === packageName) ?? project.packages.find((p) => p.name.toLowerCase() === lower);
  if (!found) throw new AppFailure('NOT_FOUND', `The project ${project.name} does not list a package named "${packageName}".`, { packageName });
  return found;
}

/**
 * The package file as it is on disk (bytes and SHA-256: what msdb and the file share get, and how "out of
 * date" is told). With `password`, the identity of a whole-file encrypted package is read from its plaintext.
 */
export async function readPackageFile(pkg: ProjectPackage, password?: string): Promise<PackageFile> {
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
    const { text } = decodeText(bytes);
    info = parseDtsx(text).info;
    if (info.encrypted && password !== undefined) info = parseDtsx(decryptText(text, password)).info;
  } catch (e) {
    if (e instanceof AppFailure && e.code === 'BAD_PASSWORD') throw new AppFailure('BAD_PASSWORD', `The password does not open ${pkg.name}: it is not correct.`, { path: pkg.path, needsPassword: true });
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

/**
 * The bytes catalog.deploy_packages gets: a package protected with a password decrypted and marked
 * ServerStorage, as catalog.deploy_project gets it in the .ispac (solution/server-storage.ts); others as
 * they are. The sidecar keeps the SHA-256 of the file on disk.
 */
export function catalogPackageBytes(pkg: PackageFile, password: string | undefined): Buffer {
  try {
    return catalogFileBytes(pkg.bytes, password, pkg.name);
  } catch (e) {
    throw e instanceof AppFailure ? new AppFailure(e.code, e.message, { ...e.details, path: pkg.path }) : e;
  }
}

/** The SHA-256 of a package file now, or null when it cannot be read (status: out of date). */
export async function currentSha256(path: string): Promise<string | null> {
  try {
    return hashBytes(await readFile(path));
  } catch {
    return null;
  }
}
