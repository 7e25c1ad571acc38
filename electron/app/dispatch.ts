/**
 * The boundary every request crosses: unknown channels and malformed arguments are refused before any service
 * runs, and anything thrown becomes a Result failure carrying a message only (no stack reaches the client).
 */
import { isRequestChannel, validateArgs, type Handlers, type RequestChannel } from '../../shared/contract/channels.js';
import { fail, toAppError, type Result } from '../../shared/result.js';

export type Dispatch = (channel: unknown, args: unknown) => Promise<Result<unknown>>;

export interface DispatchOptions {
  /** Where internal failures are logged with their stack (stderr by default); the client gets the message only. */
  readonly log?: (line: string) => void;
}

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const r = value as { ok?: unknown; error?: unknown };
  if (r.ok === true) return 'value' in r;
  return r.ok === false && typeof r.error === 'object' && r.error !== null;
}

export function createDispatch(handlers: Handlers, options: DispatchOptions = {}): Dispatch {
  const log = options.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  return async (channel, args) => {
    if (!isRequestChannel(channel)) {
      const shown = typeof channel === 'string' ? `'${channel.slice(0, 80)}'` : 'a non-string channel';
      return fail('INVALID_ARGUMENT', `Unknown request channel ${shown}.`);
    }
    const problem = validateArgs(channel, args);
    if (problem) return fail('INVALID_ARGUMENT', problem);
    try {
      const handler = handlers[channel] as (a: unknown) => Promise<Result<unknown>>;
      const result = await handler(args);
      if (!isResult(result)) return internal(channel, new Error('the handler returned no result'), log);
      return result;
    } catch (e) {
      return internal(channel, e, log);
    }
  };
}

function internal(channel: RequestChannel, e: unknown, log: (line: string) => void): Result<never> {
  const error = toAppError(e);
  if (error.code === 'INTERNAL') log(`${channel} failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  return { ok: false, error };
}
