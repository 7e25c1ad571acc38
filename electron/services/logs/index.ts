/** The app's rotating log file in the user-data folder, secrets scrubbed. */
import { join } from 'node:path';
export { RotatingLog, type LogLevel, type RotatingLogOptions } from './rotating-log.js';
export { redact, REDACTED } from './redact.js';

/** Where the logs live: <userData>/logs. */
export function logsDirOf(userDataDir: string): string {
  return join(userDataDir, 'logs');
}
