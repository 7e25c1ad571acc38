/**
 * A failure inside one deploy step, with what the user needs: the step, the procedure that raised it and
 * SQL Server's error number (taken from the mssql/tedious error chain) or the file error.
 */
import type { DeployError, DeployStep } from '../../../shared/model/deploy.js';
import { AppFailure } from '../../../shared/result.js';
import { toServerError } from '../servers/index.js';

export class StepFailure extends Error {
  constructor(
    readonly step: DeployStep,
    readonly procedure: string | null,
    readonly reason: unknown,
  ) {
    super(reason instanceof Error ? reason.message : String(reason));
    this.name = 'StepFailure';
  }
}

/** Runs `work` as `step`; anything it throws becomes a StepFailure naming the step (and procedure). */
export async function inStep<T>(step: DeployStep, procedure: string | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (e instanceof StepFailure) throw e;
    throw new StepFailure(step, procedure, e);
  }
}

/** The DeployError the user sees for anything thrown while deploying to `server`. */
export function deployErrorOf(e: unknown, server: string, endpoint: string, fallbackStep: DeployStep): DeployError {
  const step = e instanceof StepFailure ? e.step : fallbackStep;
  const procedure = e instanceof StepFailure ? e.procedure : null;
  const cause = e instanceof StepFailure ? e.reason : e;
  if (cause instanceof AppFailure) {
    const n = cause.details?.sqlErrorNumber;
    return { step, message: cause.message, sqlErrorNumber: typeof n === 'number' ? n : null, procedure, connection: cause.code === 'CONNECTION_ERROR' };
  }
  const err = toServerError(cause, { server, endpoint, encrypt: 'optional' });
  const n = err.details?.sqlErrorNumber;
  const where = procedure ? ` (${procedure})` : '';
  // The outcome and every Output line name the server already; toServerError's "<server>: " would repeat it.
  const text = err.message.startsWith(`${server}: `) ? err.message.slice(server.length + 2) : err.message;
  return { step, message: `${text}${where}`, sqlErrorNumber: typeof n === 'number' ? n : null, procedure, connection: err.code === 'CONNECTION_ERROR' };
}
