/**
 * Project Build: the .ispac Visual Studio would build from a .dtproj, as bytes. The same consistency checks
 * as SSDT's build stop it: project deployment model only, every listed file present and readable, and every
 * package's protection level equal to the project's.
 */
import { parseDtsx, type DtsxInfo } from '../../../shared/formats/dtsx.js';
import {
  applyPackageParameterValues,
  applyProjectParameterValues,
  configurationParameterValues,
  ispacBytes,
  ispacManifestXml,
  projectConfiguration,
  type IspacFile,
  type ParameterValue,
  type ProjectConfiguration,
} from '../../../shared/formats/ispac/index.js';
import type { ParsedDtproj } from '../../../shared/formats/dtproj.js';
import { isPasswordLevel, protectionLevelName } from '../../../shared/formats/protection.js';
import type { ProtectionLevel } from '../../../shared/model/solution.js';
import { AppFailure } from '../../../shared/result.js';
import { findCaseInsensitive, resolveProjectPath } from '../files/paths.js';
import { decodeText, encodeText } from '../files/text-file.js';
import { catalogFileBytes, catalogManifestXml, SERVER_STORAGE } from '../solution/server-storage.js';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { errorMessage, readListedFile, readProjectForBuild, type ProjectForBuild } from './project-files.js';

export interface IspacOptions {
  /** The project password, needed for EncryptAllWithPassword projects. */
  readonly password?: string;
  /** The build configuration (case-insensitive); default: the project's first, as Visual Studio's "Development". */
  readonly configuration?: string;
  /**
   * The .ispac sent to the SSIS catalog rather than the one Build writes to bin/: a project protected with a
   * password is opened with it and sent decrypted with protection level ServerStorage, as the Deployment
   * Wizard sends it (solution/server-storage.ts). Other projects are the same either way.
   */
  readonly forCatalog?: boolean;
}

export interface BuiltIspac {
  readonly bytes: Uint8Array;
  readonly project: ProjectForBuild;
  readonly configuration: ProjectConfiguration;
  /** The manifest's Name property (what catalog.deploy_project must be given); the file name when absent. */
  readonly projectName: string;
  readonly protectionLevel: ProtectionLevel | null;
  readonly packages: readonly { name: string; entryPoint: boolean | null }[];
  readonly warnings: readonly string[];
}

async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i]!);
      }
    }),
  );
  return out;
}

/** What a package file says, for the manifest and the consistency check. */
function packageInfo(project: ProjectForBuild, name: string, data: Buffer): DtsxInfo {
  try {
    return parseDtsx(decodeText(data).text).info;
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${project.name}: ${name} is not a valid SSIS package: ${errorMessage(e)}`, { package: name });
  }
}

/** A package with the configuration's parameter values applied (the bytes are unchanged when none apply). */
function withParameterValues(name: string, data: Buffer, info: DtsxInfo, values: readonly ParameterValue[]): Buffer {
  const { text, encoding, lossless } = decodeText(data);
  const edited = lossless && !info.encrypted ? applyPackageParameterValues(text, name.replace(/\.dtsx$/i, ''), values) : text;
  return edited === text ? data : encodeText(edited, encoding);
}

/** The project's own file (Build), or its catalog form (forCatalog: decrypted, ServerStorage); errors name the project. */
type FileForm = (name: string, data: Buffer) => Buffer;

function fileForm(project: ProjectForBuild, options: IspacOptions): FileForm {
  if (!options.forCatalog || !isPasswordLevel(project.parsed.protectionLevel)) return (_name, data) => data;
  return (name, data) => {
    try {
      return catalogFileBytes(data, options.password, name);
    } catch (e) {
      throw e instanceof AppFailure ? new AppFailure(e.code, `${project.name}: ${e.message}`, { ...e.details, path: project.path }) : e;
    }
  };
}

function projectParams(project: ProjectForBuild, data: Buffer, values: readonly ParameterValue[]): Uint8Array {
  const { text, encoding, lossless } = decodeText(data);
  if (!lossless) return data;
  try {
    const edited = applyProjectParameterValues(text, values);
    return edited === text ? data : encodeText(edited, encoding);
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${project.name}: Project.params is not valid XML: ${errorMessage(e)}`);
  }
}

function checkProtectionLevels(project: ProjectForBuild, infos: readonly { name: string; info: DtsxInfo }[]): void {
  const level = project.parsed.protectionLevel;
  if (level === null) return;
  const differing = infos.filter((p) => p.info.protectionLevel !== level);
  if (differing.length === 0) return;
  const list = differing.map((p) => `${p.name} (${protectionLevelName(p.info.protectionLevel) ?? 'unknown'})`).join(', ');
  throw new AppFailure(
    'CONFLICT',
    `Project consistency check failed: ${list} ${differing.length === 1 ? 'has' : 'have'} a different ProtectionLevel than the project ${project.name} (${protectionLevelName(level)}).`,
    { packages: differing.map((p) => p.name) },
  );
}

/**
 * The @Project.manifest text. Build keeps a password-encrypted manifest as it is; the catalog form is the
 * decrypted manifest with the package metadata of the packages sent and protection level ServerStorage.
 */
function manifestXml(project: ProjectForBuild, options: IspacOptions, infos: ReadonlyMap<string, DtsxInfo>, values: readonly ParameterValue[]): string {
  const { parsed } = project;
  if (!options.forCatalog || !isPasswordLevel(parsed.protectionLevel)) return ispacManifestXml(parsed, infos, values);
  const opened: ParsedDtproj = project.decrypted ? { ...parsed, doc: project.decrypted.doc, manifest: project.decrypted.manifest, encrypted: null } : parsed;
  try {
    return catalogManifestXml(ispacManifestXml(opened, infos, values), options.password, project.name);
  } catch (e) {
    throw e instanceof AppFailure ? new AppFailure(e.code, `${project.name}: ${e.message}`, { ...e.details, path: project.path }) : e;
  }
}

/** Builds the .ispac in memory. Throws AppFailure with a message naming the project and the file at fault. */
export async function buildIspac(dtprojPath: string, options: IspacOptions = {}): Promise<BuiltIspac> {
  const project = await readProjectForBuild(dtprojPath, options.password);
  const { parsed } = project;
  if (parsed.deploymentModel !== 'Project' || !parsed.manifest) {
    throw new AppFailure(
      'UNSUPPORTED',
      `${project.name} uses the package deployment model; an .ispac is built only in the project deployment model (use Create deployment utility instead).`,
      { path: project.path },
    );
  }
  const configuration = projectConfiguration(parsed, options.configuration);
  if (!configuration) {
    const names = parsed.configurations.map((c) => c.name).join(', ') || 'none';
    throw new AppFailure('INVALID_ARGUMENT', `${project.name} has no configuration named "${options.configuration}" (it has: ${names})`);
  }
  const values = parsed.encrypted ? [] : configurationParameterValues(parsed, configuration.name);
  const form = fileForm(project, options);
  const read = await mapLimit(project.packages, 16, async (ref) => {
    const file = await readListedFile(project, ref.fullPath || ref.name, 'package');
    return { name: ref.name, entryPoint: ref.entryPoint, data: file.data, info: packageInfo(project, ref.name, file.data) };
  });
  // The check is on the files as they are (the catalog form of a consistent project is consistent too).
  checkProtectionLevels(project, read);
  const packages = read.map((p) => {
    const data = form(p.name, p.data);
    const info = data === p.data ? p.info : packageInfo(project, p.name, data);
    return { ...p, info, data: withParameterValues(p.name, data, info, values) };
  });
  const connectionManagers: IspacFile[] = await mapLimit(project.connectionManagers, 8, async (ref) => ({
    name: ref.name,
    data: form(ref.name, (await readListedFile(project, ref.fullPath || ref.name, 'connection manager')).data),
  }));
  const paramsPath = await findCaseInsensitive(resolveProjectPath(project.dir, 'Project.params'));
  const params = paramsPath ? projectParams(project, form('Project.params', await readFile(paramsPath)), values) : null;
  const manifest = manifestXml(project, options, new Map(packages.map((p) => [p.name.toLowerCase(), p.info])), values);
  let bytes: Uint8Array;
  try {
    bytes = ispacBytes({ manifest, projectParams: params, packages, connectionManagers });
  } catch (e) {
    throw new AppFailure('CONFLICT', `${project.name}: ${errorMessage(e)}`, { path: project.path });
  }
  return {
    bytes,
    project,
    configuration,
    projectName: project.manifestName ?? project.name,
    protectionLevel: options.forCatalog && isPasswordLevel(parsed.protectionLevel) ? SERVER_STORAGE : parsed.protectionLevel,
    packages: packages.map((p) => ({ name: p.name, entryPoint: p.entryPoint })),
    warnings: parsed.packageParts.length
      ? [
          `${project.name} has control flow package parts (${parsed.packageParts.map((p) => p.name).join(', ')}); Visual Studio copies a part's tasks into the packages that use it when it builds, this build does not: check those packages before deploying.`,
        ]
      : [],
  };
}

/**
 * The .ispac of a project, for deploying with catalog.deploy_project. Throws AppFailure (shared/result.ts)
 * with a message a person can act on when the project cannot be built.
 */
export async function ispacBytesForProject(dtprojPath: string, options: IspacOptions = {}): Promise<Uint8Array> {
  return (await buildIspac(dtprojPath, options)).bytes;
}

export function ispacFileName(project: ProjectForBuild): string {
  return `${basename(project.path).replace(/\.dtproj$/i, '')}.ispac`;
}
