import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { join } from 'node:path';
import WebSocket from 'ws';
import { expect, openApp, test } from './fixtures.js';
import { item, SOLUTION_LABEL } from './tree.js';

function handshake(url: string, origin: string | null): Promise<string> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, origin ? { headers: { Origin: origin } } : {});
    ws.once('open', () => {
      ws.close();
      resolve('open');
    });
    ws.once('unexpected-response', (_req, res) => resolve(`HTTP ${res.statusCode}`));
    ws.once('error', (e) => resolve(`error ${e.message}`));
  });
}

test('prints exactly one line on stdout: the loopback URL with its token', async ({ launch }) => {
  const app = await launch();
  expect(app.stdoutLines).toEqual([`SSIS Designer is running at ${app.url}`]);
  expect(app.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/\?token=[A-Za-z0-9_-]{43}$/);
});

test('every HTTP request needs the token', async ({ launch, request }) => {
  const app = await launch();
  for (const path of ['/', '/index.html', '/?token=wrong']) {
    const r = await request.get(`${app.origin}${path}`, { maxRedirects: 0 });
    expect([401, 403], path).toContain(r.status());
  }
  const good = await request.get(app.url);
  expect(good.status()).toBe(200);
  expect(good.headers()['content-security-policy']).toContain("frame-ancestors 'none'");
  expect(good.headers()['x-content-type-options']).toBe('nosniff');
  expect(good.headers()['cache-control']).toBe('no-store');
});

test('the WebSocket refuses another origin and a missing token; the page origin gets in', async ({ launch }) => {
  const app = await launch();
  const ws = `ws://127.0.0.1:${app.port}/ws`;
  expect(await handshake(`${ws}?token=${app.token}`, 'http://evil.example')).toBe('HTTP 403');
  expect(await handshake(`${ws}?token=${app.token}`, 'http://127.0.0.1:1')).toBe('HTTP 403');
  expect(await handshake(ws, app.origin)).toBe('HTTP 401');
  expect(await handshake(`${ws}?token=${app.token}`, app.origin)).toBe('open');
});

test('a page of another origin cannot reach the host from the browser', async ({ launch, page }) => {
  const app = await launch();
  await page.goto('about:blank');
  // Same browser, different origin (about:blank has an opaque one): the handshake must fail.
  const outcome = await page.evaluate(
    (url) =>
      new Promise<string>((resolve) => {
        const ws = new WebSocket(url);
        ws.onopen = () => resolve('open');
        ws.onerror = () => resolve('refused');
      }),
    `ws://127.0.0.1:${app.port}/ws?token=${app.token}`,
  );
  expect(outcome).toBe('refused');
});

test('listens on 127.0.0.1 only', async ({ launch }) => {
  const app = await launch();
  const result = await new Promise<string>((resolve) => {
    const s = connect({ host: '127.0.0.2', port: app.port });
    s.once('connect', () => (s.destroy(), resolve('connected')));
    s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
  });
  expect(result).toBe('ECONNREFUSED');
});

test('the page works with the token only on first load (cookie afterwards)', async ({ launch, page }) => {
  const app = await launch();
  await openApp(page, app);
  await expect(item(page, SOLUTION_LABEL)).toBeVisible();
  const cookies = await page.context().cookies(app.origin);
  const cookie = cookies.find((c) => c.name === `ssisd_token_${app.port}`);
  expect(cookie?.httpOnly).toBe(true);
  expect(cookie?.sameSite).toBe('Strict');
});

test('the token is never logged: not on stderr, not in the log file', async ({ launch, page, request }) => {
  const app = await launch();
  await openApp(page, app);
  // Requests that fail, and one that works, each carrying the token somewhere.
  await request.get(`${app.origin}/missing.js?token=${app.token}`);
  await request.get(`${app.origin}/?token=${app.token}x`);
  expect(await handshake(`ws://127.0.0.1:${app.port}/ws?token=${app.token}`, 'http://evil.example')).toBe('HTTP 403');
  await page.reload();
  await expect(page.locator('body[data-ready="true"]')).toHaveCount(1);
  const logFile = join(app.dir, 'user-data', 'logs', 'ssisd.log');
  await expect.poll(() => existsSync(logFile)).toBe(true);
  const logged = await readFile(logFile, 'utf8');
  expect(logged).toContain('Browser host listening on 127.0.0.1');
  expect(logged).not.toContain(app.token);
  expect(app.stderr()).not.toContain(app.token);
});

test('the page may connect only to its own host: the Content-Security-Policy blocks anything else', async ({ app, page }) => {
  const header = (await page.request.get(app.url)).headers()['content-security-policy'] ?? '';
  expect(header).toMatch(/connect-src 'self' ws:\/\/127\.0\.0\.1:\d+(;|$)/);
  expect(header).not.toMatch(/ ws:( |;|$)| wss:( |;|$)/);
  const blocked = await page.evaluate(
    (port) =>
      new Promise<string[]>((resolve) => {
        const seen: string[] = [];
        document.addEventListener('securitypolicyviolation', (e) => seen.push(`${e.violatedDirective} ${e.blockedURI}`));
        try {
          new WebSocket(`ws://127.0.0.1:${port + 1}/ws`);
        } catch (e) {
          seen.push(`threw ${(e as Error).name}`);
        }
        void fetch('http://example.com/').catch(() => undefined);
        setTimeout(() => resolve(seen), 500);
      }),
    app.port,
  );
  expect(blocked.some((b) => b.startsWith('connect-src ws://127.0.0.1') || b.startsWith('threw'))).toBe(true);
  expect(blocked.some((b) => b.startsWith('connect-src http://example.com'))).toBe(true);
});
