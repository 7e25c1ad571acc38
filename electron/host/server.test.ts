import { mkdtemp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { ServerFrame } from '../../shared/contract/channels.js';
import type { SolutionView } from '../../shared/model/solution.js';
import { fail, ok } from '../../shared/result.js';
import { createAppCore, type AppCore, type SolutionApi } from '../app/index.js';
import { MAX_PAYLOAD, startHost, type RunningHost } from './server.js';
import { mkdtempSync } from 'node:fs';
import { MemorySecretStore } from '../services/secrets/index.js';
import { ServersService } from '../services/servers/index.js';

function testServers(): ServersService {
  return new ServersService({ userDataDir: mkdtempSync(join(tmpdir(), 'ssisd-servers-')), secrets: new MemorySecretStore() });
}


const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
const INDEX = `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${CSP}"><script type="module" src="/assets/app.js"></script></head><body></body></html>`;
const view: SolutionView = { solution: { name: 'S', path: '/s/S.sln' }, projects: [], openedPath: '/s/S.sln', kind: 'sln' };

/** A solution service that answers solution:get and can announce a change; the real one is covered in e2e. */
function solution(): SolutionApi & { announce(v: SolutionView): void } {
  const listeners = new Set<(v: SolutionView) => void>();
  const refuse = async () => fail<never>('UNSUPPORTED', 'not in this test');
  return {
    get: async () => ok(view),
    open: async ({ path }) => (path === '/slow' ? new Promise(() => {}) : fail('NOT_FOUND', `No file at ${path}`)),
    reload: refuse,
    setEntryPoint: refuse,
    setStartupObject: refuse,
    viewCode: refuse,
    renamePackage: refuse,
    deletePackage: refuse,
    excludePackage: refuse,
    newPackage: refuse,
    addExistingPackage: refuse,
    packageProperties: refuse,
    projectProperties: refuse,
    unlockProject: refuse,
    onChanged: (l) => (listeners.add(l), () => void listeners.delete(l)),
    close: () => {},
    announce: (v) => listeners.forEach((l) => l(v)),
  };
}

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function get(port: number, path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { Host: `127.0.0.1:${port}`, ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end();
  });
}

function openSocket(port: number, query: string, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/ws${query}`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function nextFrame(ws: WebSocket): Promise<ServerFrame> {
  return new Promise((resolve) => ws.once('message', (d) => resolve(JSON.parse(d.toString()) as ServerFrame)));
}

function closed(ws: WebSocket): Promise<number> {
  return new Promise((resolve) => ws.once('close', (code) => resolve(code)));
}

let dir: string;
let host: RunningHost;
let core: AppCore;
let sol: ReturnType<typeof solution>;
let origin: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ssisd-host-'));
  const root = join(dir, 'renderer');
  await mkdir(join(root, 'assets'), { recursive: true });
  await writeFile(join(root, 'index.html'), INDEX);
  await writeFile(join(root, 'assets', 'app.js'), 'console.log(1)');
  await writeFile(join(root, 'assets', 'app.css'), 'body{}');
  await writeFile(join(root, '.env'), 'SECRET=1');
  await writeFile(join(dir, 'secret.txt'), 'outside the root');
  await symlink(join(dir, 'secret.txt'), join(root, 'assets', 'link.txt'));
  sol = solution();
  core = createAppCore({ servers: testServers(), solution: sol, info: { name: 'SSIS Designer', version: '0.1.0', mode: 'browser', versions: {} }, log: () => {} });
  host = await startHost({ dispatch: core.dispatch, events: core.events, staticDir: root });
  origin = `http://127.0.0.1:${host.port}`;
});

afterAll(async () => {
  await host.close();
  await core.close();
  await rm(dir, { recursive: true, force: true });
});

describe('HTTP', () => {
  it('prints a loopback URL with a long random token', () => {
    expect(host.url).toBe(`http://127.0.0.1:${host.port}/?token=${host.token}`);
    expect(host.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('refuses every request without the token', async () => {
    for (const path of ['/', '/index.html', '/assets/app.js', '/?token=wrong', `/?token=${host.token.slice(1)}`]) {
      expect((await get(host.port, path)).status).toBe(401);
    }
  });

  it('serves index.html with the token, sets an HttpOnly SameSite=Strict cookie and the security headers', async () => {
    const r = await get(host.port, `/?token=${host.token}`);
    expect(r.status).toBe(200);
    expect(r.body).toBe(INDEX);
    expect(r.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(r.headers['cache-control']).toBe('no-store');
    expect(r.headers['x-content-type-options']).toBe('nosniff');
    expect(r.headers['content-security-policy']).toContain("script-src 'self'");
    expect(r.headers['content-security-policy']).toContain("frame-ancestors 'none'");
    expect(r.headers['content-security-policy']).toContain(`connect-src 'self' ws://127.0.0.1:${host.port}`);
    const cookie = String(r.headers['set-cookie']);
    expect(cookie).toContain(`ssisd_token_${host.port}=${host.token}`);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Strict');
  });

  it('accepts the cookie for the page assets, with their MIME types', async () => {
    const cookie = { Cookie: `ssisd_token_${host.port}=${host.token}` };
    const js = await get(host.port, '/assets/app.js', cookie);
    expect(js.status).toBe(200);
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.body).toBe('console.log(1)');
    expect((await get(host.port, '/assets/app.css', cookie)).headers['content-type']).toBe('text/css; charset=utf-8');
    expect((await get(host.port, '/assets/app.js', { Cookie: `ssisd_token_${host.port}=nope` })).status).toBe(401);
    const head = await get(host.port, '/assets/app.js', cookie, 'HEAD');
    expect(head.status).toBe(200);
    expect(head.body).toBe('');
  });

  it('never serves a file outside the renderer folder, nor dot files', async () => {
    const t = `token=${host.token}`;
    for (const path of [`/../secret.txt?${t}`, `/%2e%2e/secret.txt?${t}`, `/assets/%2e%2e/%2e%2e/secret.txt?${t}`, `/..%2fsecret.txt?${t}`, `/assets/..%5c..%5csecret.txt?${t}`, `/%00?${t}`, `/%E0%A4%A?${t}`]) {
      const r = await get(host.port, path);
      expect([400, 404], path).toContain(r.status);
      expect(r.body).not.toContain('outside the root');
    }
    expect((await get(host.port, `/assets/link.txt?${t}`)).status).toBe(404);
    expect((await get(host.port, `/.env?${t}`)).status).toBe(404);
    expect((await get(host.port, `/assets?${t}`)).status).toBe(404);
    expect((await get(host.port, `/nothing.js?${t}`)).status).toBe(404);
  });

  it('refuses a foreign Host header (DNS rebinding) and a foreign Origin', async () => {
    const t = `/?token=${host.token}`;
    expect((await get(host.port, t, { Host: `evil.example:${host.port}` })).status).toBe(403);
    expect((await get(host.port, t, { Host: `127.0.0.1:${host.port + 1}` })).status).toBe(403);
    expect((await get(host.port, t, { Origin: 'http://evil.example' })).status).toBe(403);
    expect((await get(host.port, t, { Origin: origin })).status).toBe(200);
  });

  it('answers only GET and HEAD', async () => {
    expect((await get(host.port, `/?token=${host.token}`, {}, 'POST')).status).toBe(405);
  });

  it('listens on 127.0.0.1 only', async () => {
    const refused = await new Promise<string>((resolve) => {
      const s = connect({ host: '127.0.0.2', port: host.port });
      s.once('connect', () => (s.destroy(), resolve('connected')));
      s.once('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
    });
    expect(refused).toBe('ECONNREFUSED');
  });
});

describe('WebSocket', () => {
  it('rejects a handshake without the token, from another origin, or without an origin', async () => {
    await expect(openSocket(host.port, '', { Origin: origin })).rejects.toThrow('HTTP 401');
    await expect(openSocket(host.port, '?token=bad', { Origin: origin })).rejects.toThrow('HTTP 401');
    await expect(openSocket(host.port, `?token=${host.token}`, { Origin: 'http://evil.example' })).rejects.toThrow('HTTP 403');
    await expect(openSocket(host.port, `?token=${host.token}`, {})).rejects.toThrow('HTTP 403');
  });

  it('answers requests by id, refuses unknown channels and bad arguments, and pushes events', async () => {
    const ws = await openSocket(host.port, `?token=${host.token}`, { Origin: origin });
    try {
      ws.send(JSON.stringify({ id: 1, channel: 'solution:get', args: {} }));
      expect(await nextFrame(ws)).toEqual({ id: 1, result: { ok: true, value: view } });
      ws.send(JSON.stringify({ id: 2, channel: 'shell:exec', args: {} }));
      const unknown = await nextFrame(ws);
      expect(unknown).toMatchObject({ id: 2, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
      ws.send(JSON.stringify({ id: 3, channel: 'solution:open', args: { path: 7 } }));
      expect(await nextFrame(ws)).toMatchObject({ id: 3, result: { ok: false, error: { code: 'INVALID_ARGUMENT' } } });
      ws.send(JSON.stringify({ id: 4, channel: 'dialog:openFile', args: { title: 'Open', extensions: ['sln'] } }));
      expect(await nextFrame(ws)).toMatchObject({ id: 4, result: { ok: false, error: { code: 'UNSUPPORTED' } } });
      const pushed = nextFrame(ws);
      sol.announce({ ...view, kind: 'slnx' });
      expect(await pushed).toEqual({ event: 'solution:changed', payload: { ...view, kind: 'slnx' } });
    } finally {
      ws.close();
    }
  });

  it('closes the connection on a malformed frame and on an oversized one', async () => {
    for (const bad of ['not json', '[]', '{"id":"1","channel":"app:info","args":{}}', '{"id":1,"channel":"app:info"}', '{"id":-1,"channel":"app:info","args":{}}']) {
      const ws = await openSocket(host.port, `?token=${host.token}`, { Origin: origin });
      const code = closed(ws);
      ws.send(bad);
      expect(await code, bad).toBe(1008);
    }
    const ws = await openSocket(host.port, `?token=${host.token}`, { Origin: origin });
    const code = closed(ws);
    ws.send(JSON.stringify({ id: 1, channel: 'solution:open', args: { path: 'x'.repeat(MAX_PAYLOAD) } }));
    expect(await code).toBe(1009);
    // The host still serves after all that.
    const again = await openSocket(host.port, `?token=${host.token}`, { Origin: origin });
    again.send(JSON.stringify({ id: 9, channel: 'app:info', args: {} }));
    expect(await nextFrame(again)).toMatchObject({ id: 9, result: { ok: true, value: { name: 'SSIS Designer', mode: 'browser' } } });
    again.close();
  });

  it('bounds the requests one connection may have running', async () => {
    const ws = await openSocket(host.port, `?token=${host.token}`, { Origin: origin });
    try {
      for (let id = 1; id <= 32; id++) ws.send(JSON.stringify({ id, channel: 'solution:open', args: { path: '/slow' } }));
      ws.send(JSON.stringify({ id: 33, channel: 'app:info', args: {} }));
      expect(await nextFrame(ws)).toMatchObject({ id: 33, result: { ok: false, error: { code: 'CONFLICT' } } });
    } finally {
      ws.terminate();
    }
  });
});
