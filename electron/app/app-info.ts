/** What 'app:info' answers: product name and version from package.json, the transport mode, runtime versions. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppInfo } from '../../shared/contract/channels.js';

export function readAppInfo(rootDir: string, mode: AppInfo['mode']): AppInfo {
  let name = 'SSIS Designer';
  let version = '0.0.0';
  try {
    const pkg = JSON.parse(readFileSync(join(rootDir, 'package.json'), 'utf8')) as { productName?: unknown; version?: unknown };
    if (typeof pkg.productName === 'string') name = pkg.productName;
    if (typeof pkg.version === 'string') version = pkg.version;
  } catch {
    // A missing package.json (e.g. a stripped install) only loses the version string.
  }
  const versions: Record<string, string> = {};
  for (const key of ['node', 'electron', 'chrome', 'v8'] as const) {
    const v = process.versions[key];
    if (typeof v === 'string') versions[key] = v;
  }
  const mssql = packageVersion(rootDir, 'mssql');
  if (mssql) versions.mssql = mssql;
  return { name, version, mode, versions };
}

/** The installed version of a production dependency (Help → About shows mssql's). */
function packageVersion(rootDir: string, name: string): string | null {
  try {
    const pkg = JSON.parse(readFileSync(join(rootDir, 'node_modules', name, 'package.json'), 'utf8')) as { version?: unknown };
    return typeof pkg.version === 'string' ? pkg.version : null;
  } catch {
    return null;
  }
}
