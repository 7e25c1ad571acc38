/**
 * Browser mode: the built renderer over HTTP and the channel map over a WebSocket, on 127.0.0.1 only, with a
 * per-start token required on every request. Each response carries the security headers; index.html is never
 * cached (it is where the token-bearing page starts).
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import type { Dispatch, EventBus } from '../app/index.js';
import { Guard, newToken } from './guard.js';
import { serveSocket } from './socket.js';
import { headerCsp, lookupStatic } from './static-files.js';

/** Largest WebSocket message accepted; requests are small JSON objects (paths, names). */
export const MAX_PAYLOAD = 1024 * 1024;
const LOOPBACK = '127.0.0.1';

export interface HostOptions {
  readonly dispatch: Dispatch;
  readonly events: EventBus;
  /** The built renderer (out/renderer). */
  readonly staticDir: string;
  /** 0 (default) picks a free port. */
  readonly port?: number;
  /** Tests pass one; otherwise a fresh random token per start. */
  readonly token?: string;
}

export interface RunningHost {
  readonly port: number;
  readonly token: string;
  /** http://127.0.0.1:<port>/?token=<token> */
  readonly url: string;
  close(): Promise<void>;
}

const BASE_HEADERS: Readonly<Record<string, string>> = {
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  'Referrer-Policy': 'no-referrer',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

function plain(res: ServerResponse, status: number, text: string, extra: Record<string, string> = {}): void {
  res.writeHead(status, { ...BASE_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...extra });
  res.end(`${text}\n`);
}

function rejectUpgrade(socket: Duplex, status: number, reason: string): void {
  socket.end(`HTTP/1.1 ${status} ${reason}\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\n\r\n${reason}`);
  socket.destroy();
}

export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = options.token ?? newToken();
  let guard: Guard | null = null;
  let indexHtml: string | null = null;

  const server = createServer((req, res) => {
    void handleHttp(req, res).catch(() => {
      if (!res.headersSent) plain(res, 500, 'Internal error');
      else res.destroy();
    });
  });
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_PAYLOAD, perMessageDeflate: false });

  async function handleHttp(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const g = guard!;
    if (!g.hostAllowed(req)) return plain(res, 403, 'Forbidden: unexpected Host header');
    if (!g.originAllowed(req, false)) return plain(res, 403, 'Forbidden: cross-origin request');
    if (req.method !== 'GET' && req.method !== 'HEAD') return plain(res, 405, 'Method not allowed', { Allow: 'GET, HEAD' });
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${g.port}`);
    const auth = g.authenticate(req, url);
    if (!auth) return plain(res, 401, 'Unauthorized: open the address printed by `npm start`, including its ?token=');
    const found = await lookupStatic(options.staticDir, url.pathname);
    if (found.kind === 'bad-request') return plain(res, 400, 'Bad request path');
    if (found.kind === 'not-found') {
      if (url.pathname === '/' || url.pathname === '/index.html') return plain(res, 503, 'The UI is not built yet: run `npm run build`.');
      return plain(res, 404, 'Not found');
    }
    if (found.isIndex) indexHtml = found.body.toString('utf8');
    const headers: Record<string, string> = {
      ...BASE_HEADERS,
      'Content-Type': found.type,
      'Content-Length': String(found.body.length),
      'Content-Security-Policy': headerCsp(indexHtml, `ws://${LOOPBACK}:${g.port}`),
      'Cache-Control': found.isIndex ? 'no-store' : 'no-cache',
    };
    if (auth === 'query') headers['Set-Cookie'] = g.setCookieHeader();
    res.writeHead(200, headers);
    res.end(req.method === 'HEAD' ? undefined : found.body);
  }

  server.on('upgrade', (req, socket, head) => {
    const g = guard!;
    socket.on('error', () => socket.destroy());
    const url = new URL(req.url ?? '/', `http://${LOOPBACK}:${g.port}`);
    if (url.pathname !== '/ws') return rejectUpgrade(socket, 404, 'Not Found');
    if (!g.hostAllowed(req)) return rejectUpgrade(socket, 403, 'Forbidden');
    // Browsers always send Origin on WebSocket handshakes; a page of another origin must never get in.
    if (!g.originAllowed(req, true)) return rejectUpgrade(socket, 403, 'Forbidden');
    if (!g.authenticate(req, url)) return rejectUpgrade(socket, 401, 'Unauthorized');
    wss.handleUpgrade(req, socket, head, (ws) => serveSocket(ws, options.dispatch, options.events));
  });
  server.on('clientError', (_e, socket) => socket.destroy());
  server.headersTimeout = 10_000;
  server.requestTimeout = 30_000;

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, LOOPBACK, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  guard = new Guard(token, port);

  return {
    port,
    token,
    url: `http://${LOOPBACK}:${port}/?token=${token}`,
    async close() {
      for (const ws of wss.clients) ws.terminate();
      await new Promise<void>((resolve) => wss.close(() => resolve()));
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
