/**
 * Finds a real dtexec: SSISD_DTEXEC (tests and scripts), else the path from Tools → Options, else Windows SSIS
 * under Program Files (64-bit, then 32-bit; newest version folder first — 160 = 2022, 150 = 2019, ...), or
 * /opt/ssis/bin/dtexec on Linux.
 * The Agent does not use PATH, and neither do we: an unrelated dtexec on PATH is not picked up by accident.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export interface LocateOptions {
  readonly configured: string | null;
  readonly env: NodeJS.ProcessEnv;
  readonly platform: NodeJS.Platform;
  /** For tests: whether a file exists (default fs.existsSync). */
  readonly exists?: (path: string) => boolean;
  readonly list?: (dir: string) => string[];
}

function versionFolders(root: string, list: (dir: string) => string[]): string[] {
  return list(root).filter((d) => /^\d{2,3}$/.test(d)).sort((a, b) => Number(b) - Number(a)).map((d) => join(root, d, 'DTS', 'Binn', 'DTExec.exe'));
}

export function locateDtexec(o: LocateOptions): string | null {
  const exists = o.exists ?? existsSync;
  const list = o.list ?? ((dir: string) => {
    try {
      return readdirSync(dir);
    } catch {
      return [];
    }
  });
  const configured = o.env['SSISD_DTEXEC'] || o.configured;
  if (configured) return exists(configured) ? configured : null;
  if (o.platform === 'win32') {
    for (const base of [o.env['ProgramW6432'] ?? o.env['ProgramFiles'], o.env['ProgramFiles(x86)']]) {
      if (!base) continue;
      const hit = versionFolders(join(base, 'Microsoft SQL Server'), list).find(exists);
      if (hit) return hit;
    }
    return null;
  }
  return exists('/opt/ssis/bin/dtexec') ? '/opt/ssis/bin/dtexec' : null;
}
