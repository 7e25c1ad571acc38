import { describe, expect, it, vi } from 'vitest';
import { createSocketTransport, socketUrl, type SocketLike } from './api.js';
import type { ClientFrame } from '../shared/contract/channels.js';
import { sampleView } from './test/sampleView.js';

/** A socket that records what the transport sends and lets the test play the host. */
class ScriptedSocket implements SocketLike {
  readyState = 0;
  sent: ClientFrame[] = [];
  onopen: ((ev: unknown) => void) | null = null;
  onclose: ((ev: unknown) => void) | null = null;
  onerror: ((ev: unknown) => void) | null = null;
  onmessage: ((ev: { data: unknown }) => void) | null = null;
  constructor(readonly url: string) {}
  send(data: string): void {
    this.sent.push(JSON.parse(data) as ClientFrame);
  }
  close(): void {
    this.readyState = 3;
    this.onclose?.({});
  }
  open(): void {
    this.readyState = 1;
    this.onopen?.({});
  }
  reply(data: unknown): void {
    this.onmessage?.({ data: JSON.stringify(data) });
  }
}

function setup() {
  const sockets: ScriptedSocket[] = [];
  const transport = createSocketTransport('ws://h/ws?token=t', (url) => {
    const s = new ScriptedSocket(url);
    sockets.push(s);
    return s;
  });
  return { transport, sockets };
}

describe('socket transport', () => {
  it('builds the WebSocket URL from the page location and its token', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:5123', search: '?token=a%2Bb' })).toBe('ws://127.0.0.1:5123/ws?token=a%2Bb');
  });

  it('queues requests until the socket opens and correlates answers by id', async () => {
    const { transport, sockets } = setup();
    const first = transport.invoke('solution:get', {});
    const second = transport.invoke('solution:viewCode', { path: '/x.dtsx' });
    const s = sockets[0]!;
    expect(s.sent).toEqual([]);
    s.open();
    expect(s.sent.map((f) => f.channel)).toEqual(['solution:get', 'solution:viewCode']);
    // Answers arrive out of order.
    s.reply({ id: s.sent[1]!.id, result: { ok: true, value: { path: '/x.dtsx', text: '<x/>' } } });
    s.reply({ id: s.sent[0]!.id, result: { ok: true, value: sampleView() } });
    expect(await second).toEqual({ ok: true, value: { path: '/x.dtsx', text: '<x/>' } });
    const r = await first;
    expect(r.ok && r.value?.solution?.name).toBe('Sample');
  });

  it('fails pending requests clearly when the socket closes, then reconnects on the next call', async () => {
    const { transport, sockets } = setup();
    const pending = transport.invoke('solution:reload', {});
    sockets[0]!.open();
    sockets[0]!.close();
    const r = await pending;
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.code).toBe('CONNECTION_ERROR');
      expect(r.error.message).toMatch(/connection .* lost/);
    }
    const again = transport.invoke('app:info', {});
    expect(sockets).toHaveLength(2);
    sockets[1]!.open();
    sockets[1]!.reply({ id: sockets[1]!.sent[0]!.id, result: { ok: true, value: { name: 'x', version: '1', mode: 'browser', versions: {} } } });
    expect((await again).ok).toBe(true);
  });

  it('delivers events to listeners until they unsubscribe', () => {
    const { transport, sockets } = setup();
    const got: string[] = [];
    const off = transport.on('solution:changed', (v) => got.push(v.openedPath));
    sockets[0]!.open();
    sockets[0]!.reply({ event: 'solution:changed', payload: sampleView() });
    off();
    sockets[0]!.reply({ event: 'solution:changed', payload: sampleView() });
    expect(got).toEqual(['/work/sample/Sample.sln']);
  });

  it('reconnects by itself while someone listens for events', () => {
    vi.useFakeTimers();
    try {
      const { transport, sockets } = setup();
      const got: string[] = [];
      transport.on('solution:changed', (v) => got.push(v.openedPath));
      sockets[0]!.open();
      sockets[0]!.close();
      expect(sockets).toHaveLength(1);
      vi.advanceTimersByTime(600);
      expect(sockets).toHaveLength(2);
      sockets[1]!.open();
      sockets[1]!.reply({ event: 'solution:changed', payload: sampleView() });
      expect(got).toEqual(['/work/sample/Sample.sln']);
    } finally {
      vi.useRealTimers();
    }
  });
});
