/**
 * Create deployment utility (package deployment model): copies the packages, the `.dtsConfig` files they
 * name and the project's Miscellaneous files into DeploymentOutputPath (default bin\Deployment) and writes
 * `<Project>.SSISDeploymentManifest` listing them. As in Visual Studio the folder is rebuilt: files a
 * previous run left there and this one did not write are removed (only files, never folders).
 */
import { mkdir, readdir, readFile, stat, unlink } from 'node:fs/promises';
import { basename, isAbsolute, join, relative, sep, win32 } from 'node:path';
import { deploymentManifestXml, packageConfigurationFiles, roundTripLocalDate } from '../../../shared/formats/deployment-manifest.js';
import { projectConfiguration } from '../../../shared/formats/ispac/index.js';
import { parseXml } from '../../../shared/xml/reader.js';
import type { DeploymentUtilityResult } from '../../../shared/contract/build.js';
import { AppFailure } from '../../../shared/result.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { findCaseInsensitive, resolveProjectPath } from '../files/paths.js';
import { decodeText, fileError } from '../files/text-file.js';
import { errorMessage, readListedFile, readProjectForBuild, type ProjectForBuild } from './project-files.js';

export interface DeploymentUtilityOptions {
  readonly configuration?: string;
  readonly now: Date;
  /** Stamped as GeneratedBy (Visual Studio writes DOMAIN\user). */
  readonly generatedBy: string;
}

/** A path written in a package (often C:\…\x.dtsConfig): as given, else the same file name in the project folder. */
async function findConfigurationFile(project: ProjectForBuild, written: string): Promise<string | null> {
  const direct = await findCaseInsensitive(resolveProjectPath(project.dir, written));
  if (direct) return direct;
  return findCaseInsensitive(join(project.dir, win32.basename(written)));
}

/**
 * Refuses folders whose cleaning could delete project files: the project folder, any folder above it, or a
 * folder that holds a project or solution of its own.
 */
async function assertSafeFolder(project: ProjectForBuild, folder: string): Promise<void> {
  const rel = relative(folder, project.dir);
  const holdsProject = rel === '' || (rel !== '..' && !rel.startsWith(`..${sep}`) && !isAbsolute(rel));
  const names = holdsProject ? [] : await readdir(folder).catch(() => [] as string[]);
  if (holdsProject || names.some((n) => /\.(dtproj|sln|slnx)$/i.test(n))) {
    throw new AppFailure(
      'INVALID_ARGUMENT',
      `${project.name}: the deployment output folder ${folder} holds a project; set DeploymentOutputPath to a folder of its own (default bin\\Deployment).`,
      { path: folder },
    );
  }
}

async function readBytes(path: string): Promise<Buffer> {
  try {
    return await readFile(path);
  } catch (e) {
    throw fileError(e, path);
  }
}

export async function createDeploymentUtility(dtprojPath: string, options: DeploymentUtilityOptions): Promise<DeploymentUtilityResult> {
  const project = await readProjectForBuild(dtprojPath, undefined);
  const { parsed } = project;
  if (parsed.deploymentModel !== 'Package') {
    throw new AppFailure('UNSUPPORTED', `${project.name} uses the project deployment model; the deployment utility exists only in the package deployment model (use Build to make an .ispac).`, { path: project.path });
  }
  const config = projectConfiguration(parsed, options.configuration);
  if (!config) {
    const names = parsed.configurations.map((c) => c.name).join(', ') || 'none';
    throw new AppFailure('INVALID_ARGUMENT', `${project.name} has no configuration named "${options.configuration}" (it has: ${names})`);
  }
  const folder = resolveProjectPath(project.dir, config.deploymentOutputPath);
  await assertSafeFolder(project, folder);

  const files = new Map<string, { from: string; data: Buffer }>();
  const warnings: string[] = [];
  const add = (name: string, from: string, data: Buffer): boolean => {
    const key = name.toLowerCase();
    const had = files.get(key);
    if (had && had.from !== from) {
      warnings.push(`${name} from ${from} was not copied: another file of the same name (${had.from}) is already in the deployment folder.`);
      return false;
    }
    files.set(key, { from, data });
    return true;
  };
  const packages: string[] = [];
  const configurations: string[] = [];
  for (const ref of project.packages) {
    const file = await readListedFile(project, ref.fullPath || ref.name, 'package');
    const name = basename(file.path);
    if (add(name, file.path, file.data)) packages.push(name);
    let written: string[];
    try {
      written = packageConfigurationFiles(parseXml(decodeText(file.data).text));
    } catch (e) {
      throw new AppFailure('PARSE_ERROR', `${project.name}: ${ref.name} is not a valid SSIS package: ${errorMessage(e)}`, { path: file.path });
    }
    for (const w of written) {
      const found = await findConfigurationFile(project, w);
      if (!found) {
        warnings.push(`${ref.name}: the configuration file ${w} was not found, so it is not in the deployment folder.`);
        continue;
      }
      const cname = basename(found);
      if (configurations.some((c) => c.toLowerCase() === cname.toLowerCase())) continue;
      if (add(cname, found, await readBytes(found))) configurations.push(cname);
    }
  }
  const misc: string[] = [];
  for (const item of parsed.miscellaneous) {
    const file = await readListedFile(project, item.fullPath || item.name, 'miscellaneous file');
    const name = basename(file.path);
    if (add(name, file.path, file.data)) misc.push(name);
  }

  const manifestName = `${project.name}.SSISDeploymentManifest`;
  const manifest = deploymentManifestXml({
    generatedBy: options.generatedBy,
    generatedFromProjectName: project.name,
    generatedDate: roundTripLocalDate(options.now),
    allowConfigurationChanges: config.allowConfigurationChanges,
    packages,
    configurationFiles: configurations,
    miscellaneousFiles: misc,
  });
  if (files.has(manifestName.toLowerCase())) throw new AppFailure('CONFLICT', `${project.name}: a project file is named ${manifestName}, like the deployment manifest.`);

  await mkdir(folder, { recursive: true }).catch((e: unknown) => {
    throw fileError(e, folder);
  });
  for (const [, f] of files) await writeFileAtomic(join(folder, basename(f.from)), f.data);
  await writeFileAtomic(join(folder, manifestName), Buffer.from(manifest, 'utf8'));
  const keep = new Set([...files.keys(), manifestName.toLowerCase()]);
  for (const name of await readdir(folder)) {
    if (keep.has(name.toLowerCase())) continue;
    const p = join(folder, name);
    if ((await stat(p)).isFile()) await unlink(p).catch((e: unknown) => { throw fileError(e, p); });
  }
  return { folder, manifestPath: join(folder, manifestName), files: [...files.values()].map((f) => basename(f.from)), warnings };
}

