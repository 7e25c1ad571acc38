/**
 * `ssisd`: the command line over the same services the app uses. main(argv) runs in-process (tests call it
 * directly) and returns the exit code; errors are one clear line on standard error.
 */
import { build } from './commands/build.js';
import { catalogExecute } from './commands/catalog.js';
import { assign, deployCommand } from './commands/deploy.js';
import { entryPoint } from './commands/entry-point.js';
import { exec } from './commands/exec.js';
import { jobChange, jobHistory, jobStart } from './commands/job.js';
import { check, proxyAdd, wire } from './commands/preflight.js';
import { serverAdd, serverList } from './commands/server.js';
import { solutionShow } from './commands/solution-show.js';
import { processIo, UsageError, type CliIo } from './io.js';

const USAGE = [
  'usage:',
  '  ssisd solution show <.sln|.slnx|.dtproj> [--json]',
  '  ssisd entry-point <.dtproj|.sln> <package file name> on|off',
  '  ssisd solution entry-point <.dtproj|.sln> <package file name> on|off',
  '  ssisd build <.dtproj> [--configuration C] [--password-env VAR]',
  '  ssisd job start --server S --job J [--step NAME] [--wait] [--timeout SECONDS] [--servers FILE]',
  '  ssisd job history --server S --job J [--json] [--servers FILE]',
  '  ssisd job enable|disable|delete --server S --job J [--servers FILE]',
  '  ssisd catalog execute --server S --folder F --project P --package NAME [--x86] [--wait] [--timeout SECONDS] [--servers FILE]',
  '  ssisd check <.sln|.slnx|.dtproj> [--json] [--servers FILE]',
  '  ssisd wire <.sln|.slnx|.dtproj> [--package PARENT.dtsx] [--wait-for-children] [--sequence] [--dry-run] [--servers FILE]',
  '  ssisd proxy add --server S --name P --identity DOMAIN\\user --secret-env VAR [--login L]... [--servers FILE]',
  '  ssisd server add NAME --host H [--port P] [--user U --password-env VAR] [--trust-server-certificate] [--encrypt mandatory|optional|strict] [--windows]',
  '  ssisd server list [--json] [--servers FILE]',
  '  ssisd assign <solution> <package> <server> [--target catalog|msdb|file] [--folder F] [--project P] [--path P] [--copy-to P] [--proxy NAME] [--job NAME] [--x86] [--no-job] [--servers FILE]',
  '  ssisd deploy <solution> [--server NAME]... [--json] [--servers FILE] [--password-env VAR]',
  '  ssisd exec <dtexec options: /FILE | /SQL | /DTS | /ISSERVER | /PROJECT, /SERVER, /SET, /Par, /CONNECTION, /DECRYPT, /REPORTING ...>',
].join('\n');

type Command = (args: readonly string[], io: CliIo) => Promise<number>;

const COMMANDS: Record<string, Command> = {
  'solution show': solutionShow,
  'solution entry-point': entryPoint,
  'entry-point': entryPoint,
  build,
  'job start': jobStart,
  'job history': jobHistory,
  'job enable': jobChange('enable'),
  'job disable': jobChange('disable'),
  'job delete': jobChange('delete'),
  'catalog execute': catalogExecute,
  check,
  wire,
  'proxy add': proxyAdd,
  'server add': serverAdd,
  'server list': serverList,
  assign,
  deploy: deployCommand,
  exec,
};

export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  if (argv.length === 0 || argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    (argv.length === 0 ? io.err : io.out)(`${USAGE}\n`);
    return argv.length === 0 ? 2 : 0;
  }
  const two = argv.slice(0, 2).join(' ');
  const [name, rest] = COMMANDS[two] ? [two, argv.slice(2)] : COMMANDS[argv[0]!] ? [argv[0]!, argv.slice(1)] : [null, []];
  if (!name) {
    io.err(`ssisd: unknown command "${argv.slice(0, 2).join(' ')}"\n${USAGE}\n`);
    return 2;
  }
  try {
    return await COMMANDS[name]!(rest, io);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(`ssisd: ${e.message}\n`);
      return 2;
    }
    io.err(`ssisd: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
}
