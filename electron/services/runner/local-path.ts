/**
 * Packages keep the Windows paths they were designed with. SSIS on Linux maps them the same way this does:
 * `C:\test\in.csv` → `/test/in.csv` (the drive letter dropped, backslashes turned into slashes). On Windows
 * paths are used as written; UNC paths (\\server\share) are left alone.
 */
export function localPath(path: string, platform: NodeJS.Platform = process.platform): string {
  if (platform === 'win32' || path.startsWith('\\\\')) return path;
  const drive = /^[A-Za-z]:[\\/]/.exec(path);
  const rest = drive ? path.slice(2) : path;
  return rest.replace(/\\/g, '/');
}
