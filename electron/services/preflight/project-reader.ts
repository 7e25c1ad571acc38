/** Reads a project's .dtproj, .conmgr and .dtsx files for the preflight rules, drift and wiring. */
import { readdir } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { parseDtproj, type ParsedDtproj } from '../../../shared/formats/dtproj.js';
import { projectInput } from '../../../shared/preflight/project-input.js';
import type { PreflightProject } from '../../../shared/preflight/types.js';
import { AppFailure } from '../../../shared/result.js';
import { readTextFile, type TextFile } from '../files/text-file.js';

export interface ProjectOnDisk {
  readonly path: string;
  readonly name: string;
  readonly dtproj: ParsedDtproj;
  readonly input: PreflightProject;
  /** Listed package file name (lower case) → path on disk. */
  readonly packagePaths: ReadonlyMap<string, string>;
}

/** Folder listings, read once per project read (a project may list thousands of packages). */
type Listings = Map<string, Promise<{ exact: Set<string>; lower: Map<string, string> } | null>>;

/** The file itself, or one whose name differs only in case (Visual Studio on Windows does not care). */
async function findFile(dir: string, relative: string, listings: Listings): Promise<string> {
  const exact = join(dir, ...relative.split(/[\\/]/));
  const folder = dirname(exact);
  let listing = listings.get(folder);
  if (!listing) {
    listing = readdir(folder).then(
      (names) => ({ exact: new Set(names), lower: new Map(names.map((n) => [n.toLowerCase(), n])) }),
      () => null,
    );
    listings.set(folder, listing);
  }
  const names = await listing;
  const name = basename(exact);
  if (!names || names.exact.has(name)) return exact;
  const hit = names.lower.get(name.toLowerCase());
  return hit ? join(folder, hit) : exact;
}

async function tryRead(path: string): Promise<{ file: TextFile | null; error?: string }> {
  try {
    return { file: await readTextFile(path) };
  } catch (e) {
    return { file: null, error: e instanceof Error ? e.message : String(e) };
  }
}

export async function readProjectOnDisk(dtprojPath: string): Promise<ProjectOnDisk> {
  if (extname(dtprojPath).toLowerCase() !== '.dtproj') throw new AppFailure('INVALID_ARGUMENT', `${dtprojPath} is not a .dtproj file.`, { path: dtprojPath });
  const file = await readTextFile(dtprojPath);
  let dtproj: ParsedDtproj;
  try {
    dtproj = parseDtproj(file.text);
  } catch (e) {
    throw new AppFailure('PARSE_ERROR', `${basename(dtprojPath)}: ${e instanceof Error ? e.message : String(e)}`, { path: dtprojPath });
  }
  if (dtproj.encrypted) throw new AppFailure('LOCKED', `${basename(dtprojPath)} is encrypted with a password; unlock the project first.`, { path: dtprojPath });
  const dir = dirname(dtprojPath);
  const listings: Listings = new Map();
  const packagePaths = new Map<string, string>();
  const packages = await Promise.all(
    dtproj.packages.map(async (p) => {
      const path = await findFile(dir, p.fullPath, listings);
      packagePaths.set(p.name.toLowerCase(), path);
      const r = await tryRead(path);
      return { name: p.name, text: r.file?.text ?? null, error: r.error };
    }),
  );
  const conmgrs = await Promise.all(
    dtproj.connectionManagers.map(async (c) => ({ name: c.name, text: (await tryRead(await findFile(dir, c.fullPath, listings))).file?.text ?? null })),
  );
  const name = basename(dtprojPath, extname(dtprojPath));
  return { path: dtprojPath, name, dtproj, packagePaths, input: projectInput({ name, path: dtprojPath, dtproj: file.text, conmgrs, packages }) };
}
