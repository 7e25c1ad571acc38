/**
 * Where packages come from: a project folder (.dtproj with Project.params and .conmgr files), a .dtsx file,
 * an .ispac (dtexec /Project), and raw bytes fetched from msdb or the SSIS catalog. Whole-package encryption
 * (EncryptAllWithPassword) and password-encrypted sensitive values (EncryptSensitiveWithPassword) are
 * decrypted with the /DECRYPT password (in the app: the one given at Unlock Project); files are found case-insensitively because
 * projects written on Windows do not agree on case.
 */
import { readFile } from 'node:fs/promises';
import { basename, dirname } from 'node:path';
import { unzipSync } from 'fflate';
import { parseDtproj, readManifest } from '../../../shared/formats/index.js';
import { parseConnectionManagerFile, parsePackage, parseProjectParams, PackageLoadError } from '../../../shared/runtime/load-package.js';
import type { ConnectionDef, PackageDef, ParameterDef, ProjectDef } from '../../../shared/runtime/model.js';
import { parseXml } from '../../../shared/xml/reader.js';
import { AppFailure } from '../../../shared/result.js';
import { decryptText } from '../solution/decrypt-text.js';
import { findCaseInsensitive, resolveProjectPath } from '../files/paths.js';

/** Bytes → text: UTF-8 with or without BOM, or UTF-16 LE with BOM (msdb stores what it was given). */
export function decodeText(bytes: Uint8Array): string {
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return Buffer.from(bytes.subarray(2)).toString('utf16le');
  return Buffer.from(bytes).toString('utf8').replace(/^\uFEFF/, '');
}

/**
 * Removes EncryptAllWithPassword encryption and decrypts EncryptSensitiveWithPassword values in place; other
 * texts come back unchanged. Without the password, sensitive values are blank, as SSIS loads such a package.
 */
export function decryptPackageText(text: string, fileName: string, password: string | null): string {
  try {
    return decryptText(text, password);
  } catch (e) {
    if (!(e instanceof AppFailure)) throw e;
    if (e.code === 'LOCKED') throw new PackageLoadError(`The package "${fileName}" is encrypted with a password (EncryptAllWithPassword); give the password with /DECRYPT.`);
    throw new PackageLoadError(
      e.details?.['sensitive']
        ? `The sensitive values of "${fileName}" could not be decrypted: the package password (EncryptSensitiveWithPassword) given with /DECRYPT is not correct.`
        : `The package "${fileName}" could not be decrypted: the password given with /DECRYPT is not correct.`,
    );
  }
}

export function packageFromText(text: string, fileName: string, source: string, password: string | null): PackageDef {
  return parsePackage(decryptPackageText(text, fileName, password), fileName, source);
}

export async function loadPackageFile(path: string, password: string | null): Promise<PackageDef> {
  let text: string;
  try {
    text = decodeText(await readFile(path));
  } catch (e) {
    throw new PackageLoadError(`The package "${path}" could not be found: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'the file does not exist' : (e as Error).message}.`);
  }
  return packageFromText(text, basename(path), path, password);
}

/** A project on disk: the .dtproj's folder gives Project.params, the .conmgr files and sibling packages. */
export interface ProjectFolder extends ProjectDef {
  /** 'Project' for the project deployment model (what dtexec runs as /Project x.ispac). */
  readonly deploymentModel: string | null;
  packagePath(fileName: string): Promise<string | null>;
}

export async function loadProjectFolder(dtprojPath: string, password: string | null): Promise<ProjectFolder> {
  const dir = dirname(dtprojPath);
  const dtproj = parseDtproj(decodeText(await readFile(dtprojPath)));
  // Names as the .dtproj writes them (Windows separators, any case), as Build and the Solution Explorer read them.
  const inProject = (name: string) => findCaseInsensitive(resolveProjectPath(dir, name));
  const paramsPath = await inProject('Project.params');
  const parameters: ParameterDef[] = paramsPath ? parseProjectParams(decryptPackageText(decodeText(await readFile(paramsPath)), 'Project.params', password)) : [];
  const connections: ConnectionDef[] = [];
  for (const cm of dtproj.connectionManagers) {
    const p = await inProject(cm.fullPath || cm.name);
    if (p) connections.push(parseConnectionManagerFile(decryptPackageText(decodeText(await readFile(p)), cm.name, password)));
  }
  const cache = new Map<string, Promise<PackageDef | null>>();
  const packagePath = inProject;
  return {
    name: dtproj.projectName ?? basename(dtprojPath).replace(/\.dtproj$/i, ''),
    deploymentModel: dtproj.deploymentModel,
    parameters,
    connections,
    packagePath,
    loadPackage(fileName) {
      let p = cache.get(fileName.toLowerCase());
      if (!p) {
        p = packagePath(fileName).then((path) => (path ? loadPackageFile(path, password) : null));
        cache.set(fileName.toLowerCase(), p);
      }
      return p;
    },
  };
}

/** An .ispac (dtexec /Project, and what the SSIS catalog stores): parts are URI-escaped. */
export function projectFromIspac(bytes: Uint8Array, source: string, password: string | null): ProjectDef {
  const parts = unzipSync(bytes);
  const byName = new Map(Object.entries(parts).map(([k, v]) => [decodeURIComponent(k).toLowerCase(), v] as const));
  const text = (name: string) => {
    const b = byName.get(name.toLowerCase());
    return b ? decryptPackageText(decodeText(b), name, password) : null;
  };
  const params = text('Project.params');
  const manifest = text('@Project.manifest');
  const manifestName = manifest ? readManifest(parseXml(manifest).root).projectName : null;
  const connections = [...byName.keys()].filter((k) => k.endsWith('.conmgr')).map((k) => parseConnectionManagerFile(text(k)!));
  return {
    name: manifestName ?? basename(source).replace(/\.ispac$/i, ''),
    parameters: params ? parseProjectParams(params) : [],
    connections,
    async loadPackage(fileName) {
      const t = text(fileName);
      return t === null ? null : parsePackage(t, fileName, `${source}\\${fileName}`);
    },
  };
}
