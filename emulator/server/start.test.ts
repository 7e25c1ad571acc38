/** startEmulator(): option checks, separate instances, and no half-started emulator left behind. */
import { connect, createServer } from 'node:net';
import sql from 'mssql';
import { expect, test } from 'vitest';
import { startEmulator } from '../start.js';
import { createProtocolEngine } from './tests/protocol-engine.js';

const createEngine = createProtocolEngine();

function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, host, () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

function refused(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host, port });
    s.once('connect', () => {
      s.destroy();
      resolve(false);
    });
    s.once('error', () => resolve(true));
  });
}

test('bad options are refused before anything starts', async () => {
  await expect(startEmulator({ servers: [], createEngine })).rejects.toThrow('no servers given');
  await expect(startEmulator({ servers: [{ name: 'A' }, { name: 'a' }], createEngine })).rejects.toThrow('server name a is used twice');
  await expect(startEmulator({ servers: [{ name: ' ' }], createEngine })).rejects.toThrow('empty name');
  await expect(startEmulator({ servers: [{ name: 'A', port: 70000 }], createEngine })).rejects.toThrow('not a TCP port');
  await expect(startEmulator({ servers: [{ name: 'A' }], dropAfter: -1, createEngine })).rejects.toThrow('dropAfter');
});

test('two instances have their own names and state; close() stops both', async () => {
  const emu = await startEmulator({ servers: [{ name: 'ONE', host: '127.0.0.2' }, { name: 'TWO', host: '127.0.0.3' }], saPassword: 'Pw#1', createEngine });
  const names: string[] = [];
  for (const s of emu.servers) {
    expect(s.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    const pool = await new sql.ConnectionPool({ server: s.host, port: s.port, user: 'sa', password: 'Pw#1', options: { encrypt: false } }).connect();
    names.push((await pool.request().query('SELECT @@SERVERNAME AS n')).recordset[0].n);
    await pool.close();
  }
  expect(names).toEqual(['ONE', 'TWO']);
  await emu.close();
  await emu.close(); // idempotent
  for (const s of emu.servers) expect(await refused(s.host, s.port)).toBe(true);
});

test('when one listener cannot start, the ones already started are closed and the error names the server', async () => {
  const portA = await freePort('127.0.0.1');
  const blocker = createServer();
  await new Promise<void>((r) => blocker.listen(0, '127.0.0.1', r));
  const portB = (blocker.address() as { port: number }).port;
  try {
    await expect(
      startEmulator({ servers: [{ name: 'A', port: portA }, { name: 'B', port: portB }], createEngine }),
    ).rejects.toThrow(`B: cannot listen on 127.0.0.1:${portB}: the port is already in use`);
    expect(await refused('127.0.0.1', portA)).toBe(true);
  } finally {
    blocker.close();
  }
});
