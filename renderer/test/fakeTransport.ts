/**
 * A typed in-memory Transport for component and store tests: each channel answers from a handler the test
 * gives (typed by the contract), every call is recorded, and events can be pushed as the host would.
 */
import type { EventChannel, EventPayload, RequestArgs, RequestChannel, ResponseOf, Transport } from '../../shared/contract/channels.js';
import type { Result } from '../../shared/result.js';

export type FakeHandlers = { [C in RequestChannel]?: (args: RequestArgs<C>) => Result<ResponseOf<C>> | Promise<Result<ResponseOf<C>>> };

export interface Call {
  readonly channel: RequestChannel;
  readonly args: unknown;
}

export class FakeTransport implements Transport {
  readonly calls: Call[] = [];
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(public handlers: FakeHandlers = {}) {}

  async invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<Result<ResponseOf<C>>> {
    this.calls.push({ channel, args });
    const handler = this.handlers[channel] as ((a: RequestArgs<C>) => Result<ResponseOf<C>> | Promise<Result<ResponseOf<C>>>) | undefined;
    if (!handler) return { ok: false, error: { code: 'UNSUPPORTED', message: `no fake handler for ${channel}` } };
    return handler(args);
  }

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) this.listeners.set(event, (set = new Set()));
    const l = listener as (payload: unknown) => void;
    set.add(l);
    return () => set.delete(l);
  }

  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    for (const l of this.listeners.get(event) ?? []) l(payload);
  }

  listenerCount(event: EventChannel): number {
    return this.listeners.get(event)?.size ?? 0;
  }

  callsTo<C extends RequestChannel>(channel: C): RequestArgs<C>[] {
    return this.calls.filter((c) => c.channel === channel).map((c) => c.args as RequestArgs<C>);
  }
}
