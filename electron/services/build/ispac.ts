/**
 * Project Build: the .ispac Visual Studio would build from a .dtproj, as bytes. The same consistency checks
 * as SSDT's build stop it: project deployment model only, every listed file present and readable, and every
 * package's protection level equal to the project's.
 */
import { parseDtsx, type DtsxInfo } from '../../../shared/formats/dtsx.js';
import { ispacBytes, ispacManifestXml, type IspacFile } from '../../../shared/formats/ispac/index.js';
import { protectionLevelName } from '../../../shared/formats/protection.js';
import type { ProtectionLevel } from '../../../shared/model/solution.js';
import { AppFailure } from '../../../shared/result.js';
import { findCaseInsensitive, resolveProjectPath } from '../files/paths.js';
import { decodeText } from '../files/text-file.js';
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { describe, readListedFile, readProjectForBuild, type ProjectForBuild } from './project-files.js';

export interface IspacOptions {
  /** The project password, needed for EncryptAllWithPassword projects. */
  readonly password?: string;
}

export interface BuiltIspac {
  readonly bytes: Uint8Array;
  readonly project: ProjectForBuild;
  /** The manifest's Name property (what catalog.deploy_project must be given); the file name when absent. */
  readonly projectName: string;
  readonly protectionLevel: ProtectionLevel | null;
  readonly packages: readonly { name: string; entryPoint: boolean | null }[];
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

function packageInfo(project: ProjectForBuild, name: string, data: Buffer): DtsxInfo {
  const { text } = decodeText(data);
  try {
    return parseDtsx(text).info;
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${project.name}: ${name} is not a valid SSIS package: ${describe(e)}`, { package: name });
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
  const packages = await mapLimit(project.packages, 16, async (ref) => {
    const file = await readListedFile(project, ref.fullPath || ref.name, 'package');
    return { name: ref.name, entryPoint: ref.entryPoint, data: file.data, info: packageInfo(project, ref.name, file.data) };
  });
  checkProtectionLevels(project, packages);
  const connectionManagers: IspacFile[] = await mapLimit(project.connectionManagers, 8, async (ref) => ({
    name: ref.name,
    data: (await readListedFile(project, ref.fullPath || ref.name, 'connection manager')).data,
  }));
  const paramsPath = await findCaseInsensitive(resolveProjectPath(project.dir, 'Project.params'));
  const projectParams = paramsPath ? await readFile(paramsPath) : null;
  const manifest = ispacManifestXml(parsed, new Map(packages.map((p) => [p.name.toLowerCase(), p.info])));
  let bytes: Uint8Array;
  try {
    bytes = ispacBytes({ manifest, projectParams, packages, connectionManagers });
  } catch (e) {
    throw new AppFailure('CONFLICT', `${project.name}: ${describe(e)}`, { path: project.path });
  }
  return {
    bytes,
    project,
    projectName: parsed.projectName ?? project.name,
    protectionLevel: parsed.protectionLevel,
    packages: packages.map((p) => ({ name: p.name, entryPoint: p.entryPoint })),
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
