/**
 * The app's user-data folder (server list, saved secrets, settings, logs) — the folder Electron's
 * app.getPath('userData') names, computed the same way for browser mode and the CLI. SSISD_USER_DATA wins,
 * so tests and scripts can use a temp folder.
 */
import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_FOLDER_NAME = 'SSIS Designer';

export function defaultUserDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.SSISD_USER_DATA) return env.SSISD_USER_DATA;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), APP_FOLDER_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', APP_FOLDER_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), APP_FOLDER_NAME);
}
