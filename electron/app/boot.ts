/**
 * Builds the app core over the real services and opens the first solution: the one named on the command
 * line, else the last one opened, else the user's copy of the bundled sample (sample-copy.ts). Registers the
 * local emulators `npm start` started.
 * Shared by Electron's main process and the browser-mode host.
 */
import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { AppInfo } from '../../shared/contract/channels.js';
import type { SolutionView } from '../../shared/model/solution.js';
import type { Result } from '../../shared/result.js';
import { chooseSecretStore, type SafeStorageLike } from '../services/secrets/index.js';
import { ServersService } from '../services/servers/index.js';
import { SettingsService } from '../services/settings/index.js';
import { SolutionService } from '../services/solution/service.js';
import { readAppInfo } from './app-info.js';
import type { DialogApi } from './handlers.js';
import { createAppCore, type AppCore } from './index.js';
import { registerLocalEmulators, type LocalEmulators } from './local-emulators.js';
import { rememberOpenedSolutions } from './recent-solutions.js';
import { ensureSampleCopy, sampleCopyPath } from './sample-copy.js';
import type { SolutionApi } from './solution-api.js';

export const SAMPLE_SOLUTION = join('samples', 'LoadBalancing', 'LoadBalancing.sln');

export interface BootOptions {
  /** The repository / app folder (holds package.json, out/, samples/). */
  readonly rootDir: string;
  readonly mode: AppInfo['mode'];
  /** From the command line; relative paths are taken from the current directory. null → the last one or the sample. */
  readonly solutionPath: string | null;
  readonly dialog?: DialogApi;
  readonly log?: (line: string) => void;
  /** Where the server list and saved secrets live (see user-data.ts). */
  readonly userDataDir: string;
  /** Electron's safeStorage; without it (browser mode) passwords are kept in memory for this session only. */
  readonly safeStorage?: SafeStorageLike | null;
  /** The bundled sample, copied and opened when nothing else is; default <rootDir>/samples/... (the installed app keeps it in resources/). */
  readonly sampleSolution?: string;
  /** The local emulated SQL Servers `npm start` started (takeLocalEmulatorsFromEnv), registered for this session. */
  readonly localEmulators?: LocalEmulators | null;
}

export interface Booted {
  readonly core: AppCore;
  readonly openedPath: string;
  readonly opened: Result<SolutionView>;
  readonly settings: SettingsService;
}

/** The path given on the command line, made absolute. */
export function givenSolutionPath(given: string): string {
  return isAbsolute(given) ? given : resolve(process.cwd(), given);
}

/** The user's copy of the sample; the bundled one itself (said in the log) when no copy can be made. */
async function samplePath(options: BootOptions): Promise<string> {
  const bundled = options.sampleSolution ?? join(options.rootDir, SAMPLE_SOLUTION);
  try {
    return await ensureSampleCopy(bundled, options.userDataDir);
  } catch (e) {
    options.log?.(`Could not copy the sample to ${sampleCopyPath(bundled, options.userDataDir)} (${(e as Error).message}); opening ${bundled} itself.`);
    return bundled;
  }
}

export async function bootApp(options: BootOptions): Promise<Booted> {
  const settings = new SettingsService({ userDataDir: options.userDataDir, log: options.log });
  const solution: SolutionApi = rememberOpenedSolutions(new SolutionService(), settings);
  // Browser mode keeps passwords in memory only, as the Add Server dialog says; the desktop app uses the keychain.
  const secrets = await chooseSecretStore({ safeStorage: options.safeStorage ?? null, userDataDir: options.userDataDir, useLibsecret: options.mode === 'electron' });
  const servers = new ServersService({ userDataDir: options.userDataDir, secrets, log: options.log });
  const core = createAppCore({ solution, servers, settings, info: readAppInfo(options.rootDir, options.mode), dialog: options.dialog, log: options.log });
  if (options.localEmulators) for (const problem of await registerLocalEmulators(servers, options.localEmulators)) options.log?.(problem);
  const saved = await settings.get();
  const last = options.solutionPath === null && saved.ok && saved.value.lastSolution && existsSync(saved.value.lastSolution) ? saved.value.lastSolution : null;
  let openedPath = options.solutionPath !== null ? givenSolutionPath(options.solutionPath) : (last ?? (await samplePath(options)));
  let opened = (await core.dispatch('solution:open', { path: openedPath })) as Result<SolutionView>;
  if (!opened.ok && last !== null) {
    // The remembered solution no longer opens: say so, forget it, and show the sample instead.
    options.log?.(`The last solution ${last} could not be opened (${opened.error.message}); opening the sample.`);
    await settings.forgetSolution(last);
    openedPath = await samplePath(options);
    opened = (await core.dispatch('solution:open', { path: openedPath })) as Result<SolutionView>;
  }
  return { core, openedPath, opened, settings };
}
