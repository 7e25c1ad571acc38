/**
 * `ssisd catalog execute --server S --folder F --project P --package NAME [--x86] [--wait] [--timeout SECONDS]
 * [--servers FILE]`: Execute... of an SSISDB package, as the Servers pane does it. Without --wait it reports the
 * execution id and exits 0 once the run started; with --wait the exit code is the run's outcome (0 succeeded,
 * 1 failed, 3 canceled; 124 when --timeout passed first, the run going on).
 */
import { WAIT_TIMEOUT_EXIT_CODE } from '../../../shared/jobs/run-outcome.js';
import { executionStatusWord, type CatalogExecutionStatus } from '../../../shared/model/catalog-run.js';
import { CatalogExecutions } from '../../services/jobs/index.js';
import { UsageError, type CliIo } from '../io.js';
import { openConnectingSource } from '../server-source.js';
import { parseCliArgs, waitTimeoutSeconds } from './cli-args.js';

const USAGE = 'usage: ssisd catalog execute --server S --folder F --project P --package NAME [--x86] [--wait] [--timeout SECONDS] [--servers FILE]';

/** dtexec's codes, as `ssisd job start --wait` answers them. */
function exitCode(status: CatalogExecutionStatus): number {
  if (status === 'succeeded' || status === 'completed') return 0;
  if (status === 'canceled') return 3;
  return 1;
}

export async function catalogExecute(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parseCliArgs(args, { valued: ['--server', '--folder', '--project', '--package', '--timeout', '--servers'], switches: ['--x86', '--wait'], usage: USAGE });
  if (flags.positional.length > 0) throw new UsageError(`unexpected argument "${flags.positional[0]}"\n${USAGE}`);
  for (const required of ['--server', '--folder', '--project', '--package']) if (flags.value(required) === undefined) throw new UsageError(`${required} is required\n${USAGE}`);
  const timeoutSeconds = waitTimeoutSeconds(flags, USAGE);
  const source = await openConnectingSource(flags.value('--servers') ?? null);
  try {
    const serverName = flags.value('--server')!;
    const serverId = await source.resolve(serverName);
    const [folder, project, packageName] = [flags.value('--folder')!, flags.value('--project')!, flags.value('--package')!];
    const path = `\\SSISDB\\${folder}\\${project}\\${packageName}`;
    const executions = new CatalogExecutions(source.servers);
    const started = await executions.execute({ serverId, folder, project, packageName, use32bit: flags.has('--x86') });
    if (!started.ok) {
      io.err(`ssisd: ${started.error.message}\n`);
      return 1;
    }
    const { executionId } = started.value;
    io.out(`${serverName}: execution ${executionId} of ${path} started.\n`);
    if (!flags.has('--wait')) return 0;
    const waited = await executions.waitFor(serverId, executionId, { timeoutMs: timeoutSeconds === null ? Number.MAX_SAFE_INTEGER : timeoutSeconds * 1000 });
    if (!waited.ok) {
      io.err(`ssisd: ${waited.error.message}\n`);
      return 1;
    }
    const run = waited.value.execution;
    if (!waited.value.finished) {
      io.err(`ssisd: timed out after ${timeoutSeconds} s waiting for execution ${executionId} on ${serverName}; it is still ${run.status} and was not stopped.\n`);
      return WAIT_TIMEOUT_EXIT_CODE;
    }
    const errors = run.messages.filter((m) => m.type === 120).map((m) => `  ${m.text}`);
    io.out([...errors, `Outcome: ${executionStatusWord(run.status)}`].join('\n') + '\n');
    return exitCode(run.status);
  } finally {
    await source.close();
  }
}
