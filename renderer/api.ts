/**
 * The only code that touches the transport. In Electron the preload exposes `window.ssisd`; in browser mode
 * the same channel map travels over a WebSocket to the host that served this page. Everything else in the
 * renderer receives a `Transport` and never knows which one it got.
 */
import type {
  ClientFrame,
  EventChannel,
  EventPayload,
  RequestArgs,
  RequestChannel,
  ResponseOf,
  ServerFrame,
  Transport,
} from '../shared/contract/channels.js';
import type { Result } from '../shared/result.js';

declare global {
  interface Window {
    ssisd?: Transport;
  }
}

type Pending = { resolve: (r: Result<unknown>) => void };

export interface SocketLike {
  readyState: number;
  send(data: string): void;
  close(): void;
  onopen: ((ev: unknown) => void) | null;
  onclose: ((ev: unknown) => void) | null;
  onerror: ((ev: unknown) => void) | null;
  onmessage: ((ev: { data: unknown }) => void) | null;
}

const OPEN = 1;

/**
 * A Transport over a WebSocket. Requests are correlated by id. Requests sent while the socket is connecting
 * wait for it; when the socket closes, every pending request fails with a clear message (never hangs), and the
 * next request opens a new socket, so a restarted host is picked up without reloading the page.
 */
export function createSocketTransport(url: string, makeSocket: (url: string) => SocketLike = (u) => new WebSocket(u) as unknown as SocketLike): Transport {
  let socket: SocketLike | null = null;
  let nextId = 1;
  const pending = new Map<number, Pending>();
  const queue: string[] = [];
  const listeners = new Map<string, Set<(payload: unknown) => void>>();

  function failAll(message: string): void {
    for (const [id, p] of pending) {
      pending.delete(id);
      p.resolve({ ok: false, error: { code: 'CONNECTION_ERROR', message } });
    }
    queue.length = 0;
  }

  /** Event listeners need a live socket even when no request is made: retry with a growing delay. */
  let retryDelay = 500;
  let retryTimer: ReturnType<typeof setTimeout> | null = null;
  function scheduleReconnect(): void {
    const wanted = [...listeners.values()].some((set) => set.size > 0);
    if (!wanted || retryTimer) return;
    retryTimer = setTimeout(() => {
      retryTimer = null;
      connect();
    }, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 10_000);
  }

  function connect(): SocketLike {
    if (socket) return socket;
    const s = makeSocket(url);
    socket = s;
    s.onopen = () => {
      retryDelay = 500;
      for (const frame of queue.splice(0)) s.send(frame);
    };
    s.onmessage = (ev) => {
      let frame: ServerFrame;
      try {
        frame = JSON.parse(String(ev.data)) as ServerFrame;
      } catch {
        return; // a frame we cannot read cannot be correlated either; ignore it
      }
      if ('id' in frame) {
        const p = pending.get(frame.id);
        if (p) {
          pending.delete(frame.id);
          p.resolve(frame.result);
        }
      } else if ('event' in frame) {
        for (const listener of listeners.get(frame.event) ?? []) listener(frame.payload);
      }
    };
    s.onerror = () => {
      /* onclose follows and reports */
    };
    s.onclose = () => {
      if (socket === s) socket = null;
      failAll('The connection to the SSIS Designer host was lost. Check that it is still running, then try again.');
      scheduleReconnect();
    };
    return s;
  }

  return {
    invoke<C extends RequestChannel>(channel: C, args: RequestArgs<C>): Promise<Result<ResponseOf<C>>> {
      const id = nextId++;
      const frame: ClientFrame = { id, channel, args };
      const text = JSON.stringify(frame);
      return new Promise((resolve) => {
        pending.set(id, { resolve: resolve as (r: Result<unknown>) => void });
        const s = connect();
        if (s.readyState === OPEN) s.send(text);
        else queue.push(text);
      });
    },
    on<E extends EventChannel>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
      let set = listeners.get(event);
      if (!set) listeners.set(event, (set = new Set()));
      const l = listener as (payload: unknown) => void;
      set.add(l);
      connect(); // events only arrive over an open socket
      return () => set.delete(l);
    },
  };
}

/** The WebSocket URL of the host that served this page, carrying the page's token. */
export function socketUrl(location: Pick<Location, 'protocol' | 'host' | 'search'>): string {
  const token = new URLSearchParams(location.search).get('token') ?? '';
  const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
  return `${scheme}//${location.host}/ws?token=${encodeURIComponent(token)}`;
}

/** Electron's preload transport when present, otherwise the browser-mode WebSocket. */
export function createTransport(): Transport {
  if (window.ssisd) return window.ssisd;
  return createSocketTransport(socketUrl(window.location));
}
