/**
 * Execute Process Task: runs Executable with Arguments (split by the Windows rules dtexec uses) in
 * WorkingDirectory; the exit code must equal SuccessValue unless FailTaskIfReturnCodeIsNotSuccessValue is
 * False; standard output/error can go to variables; TimeOut (seconds) ends the process; cancel kills it.
 */
import { spawn } from 'node:child_process';
import { splitWindowsArgs } from '../../../../shared/dtexec/windows-args.js';
import { TaskError, type TaskImpl } from '../../../../shared/runtime/task-api.js';
import { valueToString } from '../../../../shared/runtime/values.js';
import { localPath } from '../local-path.js';

const isTrue = (v: string | undefined, fallback: boolean) => (v === undefined || v === '' ? fallback : ['true', '-1', '1'].includes(v.toLowerCase()));

export const executeProcessTask: TaskImpl = async (ctx) => {
  const exe = localPath(ctx.props.get('Executable') ?? '');
  const args = ctx.props.get('Arguments') ?? '';
  const cwd = ctx.props.get('WorkingDirectory') ? localPath(ctx.props.get('WorkingDirectory')!) : undefined;
  const where = `In Executing "${exe}" "${args}" at "${cwd ?? ''}"`;
  if (!exe) throw new TaskError(`${where}, The file name "" is not valid.`, '0xC0029151');
  const stdinVar = ctx.props.get('StandardInputVariable');
  const input = stdinVar ? valueToString(ctx.read(stdinVar)) : null;
  const timeoutSec = Number(ctx.props.get('TimeOut') ?? '0') || 0;
  const result = await new Promise<{ code: number | null; out: string; err: string; error: string | null; timedOut: boolean }>((resolve) => {
    let out = '';
    let err = '';
    let timedOut = false;
    const child = spawn(exe, splitWindowsArgs(args), { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    const off = ctx.signal.onCancel(() => child.kill('SIGKILL'));
    const timer = timeoutSec > 0 ? setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutSec * 1000) : null;
    child.stdout.on('data', (b: Buffer) => (out += b.toString('utf8')));
    child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
    child.stdin.on('error', () => undefined);
    child.stdin.end(input ?? undefined);
    const done = (code: number | null, error: string | null) => {
      off();
      if (timer) clearTimeout(timer);
      resolve({ code, out, err, error, timedOut });
    };
    child.on('error', (e) => done(null, e.message));
    child.on('close', (code) => done(code, null));
  });
  if (result.error) throw new TaskError(`${where}, The process could not be started: ${result.error}.`, '0xC0029151');
  if (ctx.signal.cancelled) throw new TaskError(`${where}, The process was ended because the run was canceled.`, '0xC0029151');
  if (result.timedOut) throw new TaskError(`${where}, The process timed out after ${timeoutSec} seconds and was ended.`, '0xC0029151');
  const outVar = ctx.props.get('StandardOutputVariable');
  const errVar = ctx.props.get('StandardErrorVariable');
  if (outVar) ctx.write(outVar, { type: 'DT_WSTR', value: result.out });
  if (errVar) ctx.write(errVar, { type: 'DT_WSTR', value: result.err });
  const success = Number(ctx.props.get('SuccessValue') ?? '0') || 0;
  if (result.code !== success && isTrue(ctx.props.get('FailTaskIfReturnCodeIsNotSuccessValue'), true)) {
    throw new TaskError(`${where}, The process exit code was "${result.code}" while the expected was "${success}".`, '0xC0029151');
  }
};
