/** The tedious connector: where it connects, and that a connect it cannot finish ends (abort, refusal, timeout). */
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { noDelayConnector } from './no-delay-socket.js';

let server: Server;
let port: number;
const accepted: Socket[] = [];

beforeAll(async () => {
  server = createServer((s) => accepted.push(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const s of accepted) s.destroy();
  await new Promise((r) => server.close(r));
});

/** A port nothing listens on (just freed). */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const p = (s.address() as AddressInfo).port;
  await new Promise((r) => s.close(r));
  return p;
}

describe('noDelayConnector', () => {
  test('connects where tedious asks (the port a SQL Server Browser lookup found), else to the configured host and port', async () => {
    const wrong = await closedPort();
    const asked = await noDelayConnector({ host: '127.0.0.1', port: wrong }, 5000)({ host: '127.0.0.1', port }, undefined, new AbortController().signal);
    expect(asked.remotePort).toBe(port);
    asked.destroy();
    const configured = await noDelayConnector({ host: '127.0.0.1', port }, 5000)();
    expect(configured.remotePort).toBe(port);
    configured.destroy();
  });

  test('a named instance connects to the port the SQL Server Browser lookup gave, and to none without one', async () => {
    const named = await noDelayConnector({ host: '127.0.0.1', port: undefined }, 5000)({ host: '127.0.0.1', port });
    expect(named.remotePort).toBe(port);
    named.destroy();
    await expect(noDelayConnector({ host: 'db1', port: undefined }, 5000)()).rejects.toThrow('No port to connect to on db1');
  });

  test('a refused connection rejects with the socket error', async () => {
    const refused = await closedPort();
    await expect(noDelayConnector({ host: '127.0.0.1', port: refused }, 5000)()).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  test("tedious's abort (its connect timeout, or cancel) ends the attempt with the abort's reason", async () => {
    const controller = new AbortController();
    const reason = new Error('Failed to connect in 15000ms');
    controller.abort(reason);
    await expect(noDelayConnector({ host: '127.0.0.1', port }, 5000)({ host: '127.0.0.1', port }, undefined, controller.signal)).rejects.toBe(reason);
  });

  test('without a signal, an attempt that does not finish in time fails with the host and port', async () => {
    // 192.0.2.0/24 is TEST-NET-1: never routed, so the attempt either hangs (timeout) or fails at once.
    const attempt = noDelayConnector({ host: '192.0.2.1', port: 1433 }, 50)();
    await expect(attempt).rejects.toThrow(/192\.0\.2\.1:1433|ENETUNREACH|EHOSTUNREACH/);
  });
});
