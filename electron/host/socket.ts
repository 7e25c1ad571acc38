/**
 * The channel map over one WebSocket: ClientFrame in, ServerFrame out, events pushed as they happen.
 * A frame that is not a well-formed ClientFrame closes the connection (policy violation); a well-formed frame
 * for an unknown channel or with bad arguments gets a failure Result from dispatch.
 */
import type { WebSocket } from 'ws';
import { EVENT_CHANNELS, type ServerFrame } from '../../shared/contract/channels.js';
import { fail } from '../../shared/result.js';
import type { Dispatch, EventBus } from '../app/index.js';

/** Requests one connection may have running at once; more get a failure instead of queueing without bound. */
export const MAX_IN_FLIGHT = 32;

type ParsedFrame = { id: number; channel: unknown; args: unknown };

export function parseClientFrame(text: string): ParsedFrame | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const frame = value as Record<string, unknown>;
  const id = frame.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 0) return null;
  if (typeof frame.channel !== 'string' || !('args' in frame)) return null;
  return { id, channel: frame.channel, args: frame.args };
}

export function serveSocket(ws: WebSocket, dispatch: Dispatch, events: EventBus): void {
  let inFlight = 0;
  const send = (frame: ServerFrame) => {
    if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
  };
  const unsubscribe = EVENT_CHANNELS.map((event) => events.on(event, (payload) => send({ event, payload })));

  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.close(1003, 'text frames only');
      return;
    }
    const frame = parseClientFrame(data.toString());
    if (!frame) {
      ws.close(1008, 'malformed frame');
      return;
    }
    if (inFlight >= MAX_IN_FLIGHT) {
      send({ id: frame.id, result: fail('CONFLICT', `Too many requests at once (more than ${MAX_IN_FLIGHT}); wait for answers first.`) });
      return;
    }
    inFlight++;
    void dispatch(frame.channel, frame.args)
      .catch((e: unknown) => fail('INTERNAL', e instanceof Error ? e.message : String(e)))
      .then((result) => {
        inFlight--;
        send({ id: frame.id, result });
      });
  });
  ws.on('close', () => {
    for (const off of unsubscribe) off();
  });
  ws.on('error', () => ws.terminate());
}
