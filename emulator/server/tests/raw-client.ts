/** A bare TDS client for tests that must send bytes no real driver would (fuzzing, fault injection). */
import { createRequire } from 'node:module';
import { connect, type Socket } from 'node:net';
import { framePackets, PacketType } from '../../tds/packet.js';
import { Encryption } from '../../tds/prelogin.js';

const require = createRequire(import.meta.url);
// tedious's own writers build the login messages, so these are exactly what a real client sends.
const PreloginPayload = require('tedious/lib/prelogin-payload.js') as new (x: unknown) => { data: Buffer };
const Login7Payload = require('tedious/lib/login7-payload.js') as new (x: unknown) => Record<string, unknown> & { toBuffer(): Buffer };

export function preloginPayload(): Buffer {
  const data = Buffer.from(new PreloginPayload({ encrypt: false, version: { major: 1, minor: 0, build: 0, subbuild: 0 } }).data);
  return data;
}

export function login7Payload(user: string, password: string): Buffer {
  const p = new Login7Payload({ tdsVersion: 0x74000004, packetSize: 4096, clientProgVer: 0, clientPid: 1, connectionId: 0, clientTimeZone: 0, clientLcid: 0x409 });
  Object.assign(p, { userName: user, password, appName: 'raw-client', serverName: 'localhost', hostname: 'test', libraryName: 'raw', language: 'us_english', database: 'msdb' });
  return p.toBuffer();
}

export class RawClient {
  private buf = Buffer.alloc(0);
  private waiters: (() => void)[] = [];
  closed = false;

  private constructor(readonly socket: Socket) {
    socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
    socket.on('error', () => {
      this.closed = true;
      this.wake();
    });
  }

  private wake(): void {
    const w = this.waiters;
    this.waiters = [];
    for (const f of w) f();
  }

  static open(host: string, port: number): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const s = connect({ host, port }, () => resolve(new RawClient(s)));
      s.once('error', reject);
    });
  }

  /** Prelogin (no encryption) + LOGIN7; resolves with the login reply payload. */
  static async login(host: string, port: number, user: string, password: string): Promise<RawClient> {
    const c = await RawClient.open(host, port);
    c.send(PacketType.PRELOGIN, preloginPayload());
    await c.readMessage();
    c.send(PacketType.LOGIN7, login7Payload(user, password));
    const reply = await c.readMessage();
    if (reply === null || !reply.includes(0xad)) throw new Error('login failed');
    return c;
  }

  send(type: number, payload: Buffer): void {
    this.socket.write(framePackets(type, payload, 4096));
  }

  writeRaw(bytes: Buffer): void {
    this.socket.write(bytes);
  }

  /** The payload of the next whole message, or null when the server closed the connection. */
  async readMessage(timeoutMs = 5000): Promise<Buffer | null> {
    const deadline = Date.now() + timeoutMs;
    const parts: Buffer[] = [];
    for (;;) {
      while (this.buf.length >= 8 && this.buf.length >= this.buf.readUInt16BE(2)) {
        const len = this.buf.readUInt16BE(2);
        const status = this.buf[1]!;
        parts.push(this.buf.subarray(8, len));
        this.buf = this.buf.subarray(len);
        if (status & 1) return Buffer.concat(parts);
      }
      if (this.closed) return null;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error('timed out waiting for a message');
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

export { Encryption };
