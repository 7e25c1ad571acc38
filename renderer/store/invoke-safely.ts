/** A channel call for the store's slices that never throws: a transport failure becomes an INTERNAL error. */
import type { RequestArgs, RequestChannel, ResponseOf, Transport } from '../../shared/contract/channels.js';
import type { Result } from '../../shared/result.js';

export async function invokeSafely<C extends RequestChannel>(transport: Transport, channel: C, args: RequestArgs<C>): Promise<Result<ResponseOf<C>>> {
  try {
    return await transport.invoke(channel, args);
  } catch (e) {
    return { ok: false, error: { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) } };
  }
}
