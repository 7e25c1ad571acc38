/**
 * Browser mode entry (bundled to out/host/index.js):
 *   node out/host/index.js [path to .sln, .slnx or .dtproj] [--port N] [--no-emulators]
 * Prints exactly one line on stdout, `SSIS Designer is running at <url>`; everything else goes to stderr.
 */
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { bootApp } from '../app/boot.js';
import { defaultUserDataDir } from '../app/user-data.js';
import { ArgsError, parseHostArgs } from './args.js';
import { startHost } from './server.js';

const bundleDir = dirname(fileURLToPath(import.meta.url));
const rootDir = join(bundleDir, '..', '..');

async function main(): Promise<void> {
  const args = parseHostArgs(process.argv.slice(2));
  const log = (line: string) => process.stderr.write(`${line}\n`);
  const { core, openedPath, opened } = await bootApp({ rootDir, mode: 'browser', solutionPath: args.path, log, userDataDir: defaultUserDataDir() });
  if (!opened.ok) log(`Could not open ${openedPath}: ${opened.error.message} (the app starts anyway; open another solution from it).`);
  const host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: join(bundleDir, '..', 'renderer'), port: args.port });
  process.stdout.write(`SSIS Designer is running at ${host.url}\n`);

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
