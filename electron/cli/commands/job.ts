/**
 * `ssisd job start --server S --job J [--step NAME] [--wait] [--timeout SECONDS] [--servers FILE]`,
 * `ssisd job history --server S --job J [--json] [--servers FILE]` and
 * `ssisd job enable|disable|delete --server S --job J [--servers FILE]`.
 * sp_start_job only queues a run, so without --wait `job start` reports "started" and exits 0 whatever the
 * job then does; with --wait the exit code is the job's outcome (0 succeeded, 1 failed, 3 canceled).
 */
import type { JobHistory, JobHistoryRun } from '../../../shared/model/job-run.js';
import type { JobHistoryRow } from '../../../shared/model/server.js';
import { outcomeExitCode, outcomeWord, statusLabel, WAIT_TIMEOUT_EXIT_CODE } from '../../../shared/jobs/run-outcome.js';
import { JobsService } from '../../services/jobs/index.js';
import { UsageError, type CliIo } from '../io.js';
import { parseCliArgs, waitTimeoutSeconds, type CliArgs } from './cli-args.js';
import { openConnectingSource } from '../server-source.js';

/** --server and --job are required by both commands. */
function parse(args: readonly string[], valued: readonly string[], switches: readonly string[], usage: string): CliArgs {
  const a = parseCliArgs(args, { valued, switches, usage });
  if (a.positional.length > 0) throw new UsageError(`unexpected argument "${a.positional[0]}"\n${usage}`);
  for (const required of ['--server', '--job']) if (a.value(required) === undefined) throw new UsageError(`${required} is required\n${usage}`);
  return a;
}

const START_USAGE = 'usage: ssisd job start --server S --job J [--step NAME] [--wait] [--timeout SECONDS] [--servers FILE]';
const HISTORY_USAGE = 'usage: ssisd job history --server S --job J [--json] [--servers FILE]';
const CHANGE_USAGE = (action: JobChange) => `usage: ssisd job ${action} --server S --job J [--servers FILE]`;

export type JobChange = 'enable' | 'disable' | 'delete';

const duration = (seconds: number) => {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor(seconds / 60) % 60;
  return `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
};

function rowLines(row: JobHistoryRow, indent: string): string[] {
  const what = row.stepId === 0 ? 'Job outcome' : `Step ${row.stepId} (${row.stepName ?? ''})`;
  return [`${indent}${(row.runAt ?? '').replace('T', ' ')}  ${outcomeWord(row.outcome)}  ${what}  (${duration(row.durationSeconds)})`, `${indent}    ${row.message}`];
}

/** The Log File Viewer as text: each run's job row, its step rows indented under it. */
export function historyText(h: JobHistory, server: string): string {
  const lines = [`Job '${h.jobName}' on ${server}: ${h.runs.length} run${h.runs.length === 1 ? '' : 's'} in the history`];
  for (const run of h.runs) {
    lines.push(...(run.job ? rowLines(run.job, '') : ['(in progress)']));
    for (const step of run.steps) lines.push(...rowLines(step, '  '));
  }
  return `${lines.join('\n')}\n`;
}

function stepLines(run: JobHistoryRun | undefined): string[] {
  return (run?.steps ?? []).flatMap((s) => [`  Step ${s.stepId} (${s.stepName ?? ''}): ${outcomeWord(s.outcome)}`, `      ${s.message}`]);
}

export async function jobStart(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parse(args, ['--server', '--job', '--step', '--timeout', '--servers'], ['--wait'], START_USAGE);
  const timeoutSeconds = waitTimeoutSeconds(flags, START_USAGE);
  const source = await openConnectingSource(flags.value('--servers') ?? null);
  try {
    const serverName = flags.value('--server')!;
    const serverId = await source.resolve(serverName);
    const jobs = new JobsService(source.servers);
    const started = await jobs.start({ serverId, jobName: flags.value('--job')! }, flags.value('--step') ?? null);
    if (!started.ok) {
      io.err(`ssisd: ${started.error.message}\n`);
      return 1;
    }
    const s = started.value;
    io.out(`${serverName}: ${s.message}${s.stepName ? ` (at step '${s.stepName}')` : ''}\n`);
    if (!flags.has('--wait')) {
      io.out('The run is queued: sp_start_job does not wait for the job, so its outcome is not known yet. Use --wait to wait for it, or `ssisd job history`.\n');
      return 0;
    }
    io.out('Waiting for the outcome...\n');
    let lastLabel = '';
    const waited = await jobs.waitForOutcome(s, {
      timeoutMs: timeoutSeconds === null ? Number.MAX_SAFE_INTEGER : timeoutSeconds * 1000,
      onProgress: (status, progress) => {
        const label = progress.phase === 'executing' ? statusLabel(status) : '';
        if (label && label !== 'Idle' && label !== lastLabel) io.out(`${label}\n`);
        if (label) lastLabel = label;
      },
    });
    if (!waited.ok) {
      io.err(`ssisd: ${waited.error.message}\n`);
      return 1;
    }
    const w = waited.value;
    if (!w.finished) {
      io.err(`ssisd: timed out after ${timeoutSeconds} s waiting for job '${s.jobName}' on ${serverName}; it is still running (${statusLabel(w.status)}) and was not stopped.\n`);
      return WAIT_TIMEOUT_EXIT_CODE;
    }
    const history = await jobs.history({ serverId, jobId: s.jobId });
    const run = history.ok ? history.value.runs.find((r) => r.job !== null && r.job.instanceId === w.status.run?.historyId) : undefined;
    io.out([...stepLines(run), w.status.run?.message ?? '', `Outcome: ${outcomeWord(w.outcome)}`].filter(Boolean).join('\n') + '\n');
    return outcomeExitCode(w.outcome);
  } finally {
    await source.close();
  }
}

export async function jobHistory(args: readonly string[], io: CliIo): Promise<number> {
  const flags = parse(args, ['--server', '--job', '--servers'], ['--json'], HISTORY_USAGE);
  const source = await openConnectingSource(flags.value('--servers') ?? null);
  try {
    const serverName = flags.value('--server')!;
    const serverId = await source.resolve(serverName);
    const history = await new JobsService(source.servers).history({ serverId, jobName: flags.value('--job')! });
    if (!history.ok) {
      io.err(`ssisd: ${history.error.message}\n`);
      return 1;
    }
    const h = history.value;
    io.out(flags.has('--json') ? `${JSON.stringify({ server: serverName, jobId: h.jobId, jobName: h.jobName, runs: h.runs }, null, 2)}\n` : historyText(h, serverName));
    return 0;
  } finally {
    await source.close();
  }
}

/** Enable, Disable or Delete (with its history) one job, as the Servers pane does. */
export function jobChange(action: JobChange) {
  return async (args: readonly string[], io: CliIo): Promise<number> => {
    const flags = parse(args, ['--server', '--job', '--servers'], [], CHANGE_USAGE(action));
    const source = await openConnectingSource(flags.value('--servers') ?? null);
    try {
      const serverName = flags.value('--server')!;
      const ref = { serverId: await source.resolve(serverName), jobName: flags.value('--job')! };
      const jobs = new JobsService(source.servers);
      const changed = action === 'delete' ? await jobs.delete(ref) : await jobs.setEnabled(ref, action === 'enable');
      if (!changed.ok) {
        io.err(`ssisd: ${changed.error.message}\n`);
        return 1;
      }
      io.out(`${serverName}: ${changed.value.message}\n`);
      return 0;
    } finally {
      await source.close();
    }
  };
}
