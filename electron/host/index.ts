/**
 * Browser mode entry (bundled to out/host/index.js):
 *   node out/host/index.js [path to .sln, .slnx or .dtproj] [--port N] [--no-emulators]
 * Prints exactly one line on stdout, `SSIS Designer is running at <url>`; everything else goes to stderr and to the
 * log file (<userData>/logs/ssisd.log), scrubbed of the token and passwords. An unexpected error is logged and the
 * host keeps serving.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootApp } from '../app/boot.js';
import { readLocalEmulators, registerLocalEmulators } from '../app/local-emulators.js';
import { defaultUserDataDir } from '../app/user-data.js';
import { logsDirOf, RotatingLog } from '../services/logs/index.js';
import { ArgsError, parseHostArgs } from './args.js';
import { newToken } from './guard.js';
import { startHost } from './server.js';

const bundleDir = dirname(fileURLToPath(import.meta.url));
const rootDir = join(bundleDir, '..', '..');

async function main(): Promise<void> {
  const args = parseHostArgs(process.argv.slice(2));
  const userDataDir = defaultUserDataDir();
  const logger = new RotatingLog({ dir: logsDirOf(userDataDir), echo: (line) => process.stderr.write(`${line}\n`) });
  const log = (line: string) => logger.info(line);
  process.on('uncaughtException', (e) => logger.error(`Unexpected error (the host keeps running): ${e.stack ?? e.message}`));
  process.on('unhandledRejection', (e) => logger.error(`Unexpected error (the host keeps running): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`));
  // npm start hands over the local emulators it starts while the app boots; they are registered when they come.
  const emulators = readLocalEmulators();
  const token = newToken();
  logger.addSecret(token);
  const { core, openedPath, opened } = await bootApp({ rootDir, mode: 'browser', solutionPath: args.path, log, userDataDir });
  if (!opened.ok) log(`Could not open ${openedPath}: ${opened.error.message} (the app starts anyway; open another solution from it).`);
  const host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: join(bundleDir, '..', 'renderer'), port: args.port, token });
  logger.info(`Browser host listening on 127.0.0.1:${host.port}; opened ${opened.ok ? openedPath : 'no solution'}`);
  process.stdout.write(`SSIS Designer is running at ${host.url}\n`);
  void emulators.then(async (handed) => {
    if (!handed || !args.emulators) return;
    logger.addSecret(handed.password);
    for (const problem of await registerLocalEmulators(core.servers, handed)) logger.warn(problem);
    core.events.emit('shell:command', { command: 'refreshServers' });
  });

  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void Promise.allSettled([host.close(), core.close()]).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.on('SIGHUP', stop);
}

main().catch((e: unknown) => {
  const message = e instanceof ArgsError ? e.message : e instanceof Error ? e.message : String(e);
  const code = (e as NodeJS.ErrnoException).code;
  process.stderr.write(`ssisd host: ${code === 'EADDRINUSE' ? 'the port is already in use' : message}\n`);
  process.exit(2);
});
