/**
 * Reads a .dtproj for Build: the parsed project, its real path, and the package and connection-manager lists,
 * decrypting an EncryptAllWithPassword manifest when the password is given. Files listed by the project are
 * found case-insensitively, as Visual Studio on Windows finds them.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { parseDtproj, readManifest, type DtprojItemRef, type DtprojPackageRef, type ParsedDtproj } from '../../../shared/formats/dtproj.js';
import { AppFailure } from '../../../shared/result.js';
import type { XmlDocument, XmlElement } from '../../../shared/xml/types.js';
import { findCaseInsensitive, resolveProjectPath } from '../files/paths.js';
import { fileError, readTextFile } from '../files/text-file.js';
import { decryptManifest } from '../solution/decrypt-text.js';

export interface ProjectForBuild {
  readonly path: string;
  readonly dir: string;
  /** The project name Visual Studio shows: the .dtproj file name without extension. */
  readonly name: string;
  readonly parsed: ParsedDtproj;
  readonly packages: readonly DtprojPackageRef[];
  readonly connectionManagers: readonly DtprojItemRef[];
  /** The manifest's Name property (from the decrypted manifest of an EncryptAllWithPassword project). */
  readonly manifestName: string | null;
  /** The decrypted manifest of an EncryptAllWithPassword project (memory only); null otherwise. */
  readonly decrypted: { readonly doc: XmlDocument; readonly manifest: XmlElement } | null;
}

export function errorMessage(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}

export async function readProjectForBuild(dtprojPath: string, password: string | undefined): Promise<ProjectForBuild> {
  if (extname(dtprojPath).toLowerCase() !== '.dtproj') throw new AppFailure('INVALID_ARGUMENT', `Build needs a .dtproj file (got "${basename(dtprojPath)}")`, { path: dtprojPath });
  const path = (await findCaseInsensitive(resolve(dtprojPath))) ?? resolve(dtprojPath);
  const file = await readTextFile(path);
  let parsed: ParsedDtproj;
  try {
    parsed = parseDtproj(file.text);
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${basename(path)}: ${errorMessage(e)}`, { path });
  }
  const name = basename(path, extname(path));
  if (!parsed.encrypted) return { path, dir: dirname(path), name, parsed, packages: parsed.packages, connectionManagers: parsed.connectionManagers, manifestName: parsed.projectName, decrypted: null };
  if (password === undefined) {
    throw new AppFailure('LOCKED', `${name} is encrypted with a password (EncryptAllWithPassword); give the project password to build it.`, { path });
  }
  let decrypted;
  try {
    decrypted = decryptManifest(parsed.encrypted, password, name);
  } catch (e) {
    throw e instanceof AppFailure && e.code === 'PARSE_ERROR' ? new AppFailure('PARSE_ERROR', e.message, { path }) : e;
  }
  const listed = readManifest(decrypted.manifest);
  return { path, dir: dirname(path), name, parsed, packages: listed.packages, connectionManagers: listed.connectionManagers, manifestName: listed.projectName, decrypted };
}

/** The bytes of a file the project lists; NOT_FOUND names the project and the file. */
export async function readListedFile(project: ProjectForBuild, written: string, what: string): Promise<{ path: string; data: Buffer }> {
  const wanted = resolveProjectPath(project.dir, written);
  const real = await findCaseInsensitive(wanted);
  if (!real) throw new AppFailure('NOT_FOUND', `${project.name}: the ${what} ${written} is listed in the project but the file was not found (${wanted})`, { path: wanted });
  try {
    return { path: real, data: await readFile(real) };
  } catch (e) {
    throw fileError(e, real);
  }
}
