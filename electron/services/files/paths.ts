/**
 * Path resolution for files written on Windows: backslash separators and case-only mismatches between a
 * project entry and the real file name (Visual Studio on Windows does not care; Linux does).
 */
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join, parse, resolve, sep } from 'node:path';

/** Joins a path written in a solution or project (either separator) onto a base folder. */
export function resolveProjectPath(baseDir: string, written: string): string {
  const normalized = written.replace(/[\\/]+/g, sep);
  if (/^[a-zA-Z]:[\\/]/.test(written)) return normalized; // absolute Windows path; resolved case-insensitively later
  return isAbsolute(normalized) ? normalized : resolve(baseDir, normalized);
}

async function exists(p: string): Promise<boolean> {
  try {
    await stat(p);
    return true;
  } catch {
    return false;
  }
}

/**
 * The path as it exists on disk, matching each missing segment case-insensitively. Returns null when no
 * file matches. An exact match always wins.
 */
export async function findCaseInsensitive(path: string): Promise<string | null> {
  if (await exists(path)) return path;
  const { root } = parse(path);
  const parts = path.slice(root.length).split(sep).filter(Boolean);
  let cur = root;
  for (const part of parts) {
    const direct = join(cur, part);
    if (await exists(direct)) {
      cur = direct;
      continue;
    }
    let entries: string[];
    try {
      entries = await readdir(cur);
    } catch {
      return null;
    }
    const lower = part.toLowerCase();
    const match = entries.find((e) => e.toLowerCase() === lower);
    if (!match) return null;
    cur = join(cur, match);
  }
  return cur;
}
