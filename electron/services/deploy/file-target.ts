/**
 * File-system target: the package is copied (atomically) into the folder reachable from here, and the job
 * runs it from the same folder as the server sees it (`/FILE`).
 */
import { mkdir, readFile, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { DeployOutcomeKind } from '../../../shared/model/deploy.js';
import { writeFileAtomic } from '../files/atomic-write.js';
import type { PackageFile } from './project-files.js';
import { inStep } from './step-failure.js';

/** The package's path as the server sees it: Windows-style folders (drive or UNC) join with `\`. */
export function serverFilePath(folder: string, fileName: string): string {
  const windows = /^[A-Za-z]:|^\\\\|\\/.test(folder);
  const sep = windows ? '\\' : '/';
  return folder.endsWith(sep) ? `${folder}${fileName}` : `${folder}${sep}${fileName}`;
}

export async function copyPackage(folderHere: string, pkg: PackageFile): Promise<DeployOutcomeKind> {
  return inStep('copy', null, async () => {
    const dest = join(folderHere, pkg.name);
    const existing = await readFile(dest).catch((e: NodeJS.ErrnoException) => {
      if (e.code === 'ENOENT') return null;
      throw e;
    });
    if (existing && existing.equals(pkg.bytes)) return 'unchanged';
    await mkdir(folderHere, { recursive: true });
    await writeFileAtomic(dest, pkg.bytes);
    return existing ? 'updated' : 'created';
  });
}

export async function removeCopiedPackage(folderHere: string, fileName: string): Promise<boolean> {
  return inStep('remove', null, async () => {
    try {
      await unlink(join(folderHere, fileName));
      return true;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw e;
    }
  });
}
