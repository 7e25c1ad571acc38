/**
 * The sample solution a first run opens is the user's own copy in the user-data folder, made once: the bundled
 * one may be read-only (AppImage, /opt, Program Files) or a repository checkout, and marking an Entry-point or
 * deploying writes next to the .dtproj. The bundled sample stays as shipped.
 */
import { existsSync } from 'node:fs';
import { cp, mkdir, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const SAMPLES_FOLDER = 'Samples';

/** Where the copy of `bundledSln` lives: <userData>/Samples/<the sample's folder>/<the .sln>. */
export function sampleCopyPath(bundledSln: string, userDataDir: string): string {
  const folder = dirname(bundledSln);
  return join(userDataDir, SAMPLES_FOLDER, basename(folder), basename(bundledSln));
}

/**
 * The copy's .sln, copying the sample's folder first when there is no copy yet (an existing one is kept with
 * the user's changes). The copy is made under a temporary name and renamed, so a copy cut short is never
 * opened as the sample. Throws when the copy cannot be made.
 */
export async function ensureSampleCopy(bundledSln: string, userDataDir: string): Promise<string> {
  const sln = sampleCopyPath(bundledSln, userDataDir);
  if (existsSync(sln)) return sln;
  const target = dirname(sln);
  const partial = `${target}.partial-${process.pid}-${Date.now()}`;
  await mkdir(dirname(target), { recursive: true });
  try {
    await cp(dirname(bundledSln), partial, { recursive: true, errorOnExist: true, force: false });
    await rename(partial, target);
  } catch (e) {
    await rm(partial, { recursive: true, force: true });
    // Another app instance made the copy first: use theirs.
    if (existsSync(sln)) return sln;
    throw e;
  }
  return sln;
}
