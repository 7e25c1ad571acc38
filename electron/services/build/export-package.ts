/**
 * Export... of one package to a .dtsx file: the package file's bytes, copied as they are (encryption,
 * BOM and line endings included) to a path the user gives. An existing file is replaced only when asked.
 */
import { stat } from 'node:fs/promises';
import { basename, dirname, extname, resolve } from 'node:path';
import { findPackage } from '../../../shared/formats/dtproj.js';
import type { ExportPackageResult } from '../../../shared/contract/build.js';
import { AppFailure } from '../../../shared/result.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import { readListedFile, readProjectForBuild } from './project-files.js';

export interface ExportPackageArgs {
  readonly projectPath: string;
  readonly packageName: string;
  readonly targetPath: string;
  readonly overwrite: boolean;
}

export async function exportPackageFile(args: ExportPackageArgs): Promise<ExportPackageResult> {
  const project = await readProjectForBuild(args.projectPath, undefined);
  const ref = findPackage({ ...project.parsed, packages: project.packages }, args.packageName);
  if (!ref) throw new AppFailure('NOT_FOUND', `${project.name} does not list a package named "${args.packageName}"`);
  const source = await readListedFile(project, ref.fullPath || ref.name, 'package');
  return writeExportFile(args.targetPath, source.data, { overwrite: args.overwrite, extension: '.dtsx', sourcePath: source.path });
}

/**
 * Writes exported bytes (a package's, a deployed project's .ispac) to the file the user named: it must end in
 * `extension`, its folder must exist, an existing file is replaced only with `overwrite`, and never the file the
 * bytes came from (`sourcePath`).
 */
export async function writeExportFile(targetPath: string, data: Uint8Array, o: { overwrite: boolean; extension: '.dtsx' | '.ispac'; sourcePath?: string }): Promise<ExportPackageResult> {
  const target = resolve(targetPath);
  const what = o.extension === '.dtsx' ? 'a package' : 'a project';
  if (extname(target).toLowerCase() !== o.extension) throw new AppFailure('INVALID_ARGUMENT', `Export ${what} to a file ending in ${o.extension} (got "${basename(target)}")`, { path: target });
  if (o.sourcePath !== undefined && resolve(o.sourcePath) === target) throw new AppFailure('INVALID_ARGUMENT', `${basename(target)} is the package file itself; choose another path.`, { path: target });
  const folder = await stat(dirname(target)).catch(() => null);
  if (!folder?.isDirectory()) throw new AppFailure('NOT_FOUND', `The folder ${dirname(target)} does not exist.`, { path: target });
  const existing = await stat(target).catch(() => null);
  if (existing?.isDirectory()) throw new AppFailure('INVALID_ARGUMENT', `${target} is a folder.`, { path: target });
  if (existing && !o.overwrite) throw new AppFailure('ALREADY_EXISTS', `${target} already exists. Choose Overwrite to replace it.`, { path: target });
  await writeFileAtomic(target, data, o.overwrite ? undefined : null);
  return { path: target, bytes: data.length };
}
