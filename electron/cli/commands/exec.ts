/**
 * `ssisd exec <dtexec options>`: runs a package as dtexec would and exits with dtexec's codes, so it can stand
 * where DTExec.exe stands (the emulator's Agent runs SSIS job steps through it). Ctrl+C / SIGTERM cancel the
 * run (exit code 3).
 */
import { RunCancel } from '../../../shared/runtime/engine.js';
import { runDtexec } from '../../services/runner/dtexec-command.js';
import type { CliIo } from '../io.js';

export async function exec(args: readonly string[], io: CliIo): Promise<number> {
  const cancel = new RunCancel();
  const stop = () => cancel.cancel();
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await runDtexec(args, { env: process.env, io, cancel });
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}
