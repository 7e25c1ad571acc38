/** Main → renderer events ('solution:changed', ...), typed by the channel map; transports subscribe to it. */
import type { EventChannel, EventPayload } from '../../shared/contract/channels.js';

type AnyListener = (payload: never) => void;

export class EventBus {
  private readonly listeners = new Map<EventChannel, Set<AnyListener>>();

  on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    let set = this.listeners.get(event);
    if (!set) {
      set = new Set();
      this.listeners.set(event, set);
    }
    set.add(listener as AnyListener);
    return () => {
      set.delete(listener as AnyListener);
    };
  }

  /** Calls every listener; one failing listener (e.g. a closed socket) does not stop the others. */
  emit<E extends EventChannel>(event: E, payload: EventPayload<E>): void {
    const set = this.listeners.get(event);
    if (!set) return;
    for (const listener of [...set]) {
      try {
        (listener as (p: EventPayload<E>) => void)(payload);
      } catch {
        // A transport's own failure is handled by that transport (it drops the connection).
      }
    }
  }

  listenerCount(event: EventChannel): number {
    return this.listeners.get(event)?.size ?? 0;
  }
}
