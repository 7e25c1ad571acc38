/**
 * PRELOGIN payload: a table of (token u8, offset u16 BE, length u16 BE) ended by 0xFF, offsets relative to
 * the payload start, followed by the option data.
 */
import { ProtocolError, Writer } from './bytes.js';

export const PreloginOption = {
  VERSION: 0x00,
  ENCRYPTION: 0x01,
  INSTOPT: 0x02,
  THREADID: 0x03,
  MARS: 0x04,
  TRACEID: 0x05,
  FEDAUTHREQUIRED: 0x06,
  NONCEOPT: 0x07,
  TERMINATOR: 0xff,
} as const;

export const Encryption = {
  OFF: 0x00,
  ON: 0x01,
  NOT_SUP: 0x02,
  REQ: 0x03,
} as const;

export interface Prelogin {
  readonly version?: { major: number; minor: number; build: number; subbuild: number };
  readonly encryption?: number;
  readonly instance?: string;
  readonly threadId?: number;
  readonly mars?: number;
  /** Raw data of every option, including ones not decoded above. */
  readonly options: ReadonlyMap<number, Buffer>;
}

const MAX_OPTIONS = 32;

export function parsePrelogin(payload: Buffer): Prelogin {
  const options = new Map<number, Buffer>();
  let at = 0;
  for (let i = 0; ; i++) {
    if (i > MAX_OPTIONS) throw new ProtocolError('too many PRELOGIN options');
    if (at >= payload.length) throw new ProtocolError('PRELOGIN option table is not terminated');
    const token = payload[at]!;
    if (token === PreloginOption.TERMINATOR) break;
    if (at + 5 > payload.length) throw new ProtocolError('truncated PRELOGIN option table');
    const offset = payload.readUInt16BE(at + 1);
    const length = payload.readUInt16BE(at + 3);
    if (offset + length > payload.length) throw new ProtocolError(`PRELOGIN option ${token} points outside the payload`);
    options.set(token, payload.subarray(offset, offset + length));
    at += 5;
  }
  const v = options.get(PreloginOption.VERSION);
  const e = options.get(PreloginOption.ENCRYPTION);
  const inst = options.get(PreloginOption.INSTOPT);
  const th = options.get(PreloginOption.THREADID);
  const mars = options.get(PreloginOption.MARS);
  return {
    version: v && v.length >= 6 ? { major: v[0]!, minor: v[1]!, build: v.readUInt16BE(2), subbuild: v.readUInt16BE(4) } : undefined,
    encryption: e && e.length >= 1 ? e[0]! : undefined,
    instance: inst ? inst.toString('latin1').replace(/\0.*$/s, '') : undefined,
    threadId: th && th.length >= 4 ? th.readUInt32BE(0) : undefined,
    mars: mars && mars.length >= 1 ? mars[0]! : undefined,
    options,
  };
}

export interface PreloginReply {
  readonly version: { major: number; minor: number; build: number; subbuild: number };
  readonly encryption: number;
}

/** The server's answer: VERSION, ENCRYPTION, INSTOPT (0 = instance matched), THREADID (empty), MARS off. */
export function buildPrelogin(reply: PreloginReply): Buffer {
  const data: [number, Buffer][] = [];
  const version = Buffer.alloc(6);
  version[0] = reply.version.major;
  version[1] = reply.version.minor;
  version.writeUInt16BE(reply.version.build, 2);
  version.writeUInt16BE(reply.version.subbuild, 4);
  data.push([PreloginOption.VERSION, version]);
  data.push([PreloginOption.ENCRYPTION, Buffer.from([reply.encryption])]);
  data.push([PreloginOption.INSTOPT, Buffer.from([0])]);
  data.push([PreloginOption.THREADID, Buffer.alloc(0)]);
  data.push([PreloginOption.MARS, Buffer.from([0])]);
  const w = new Writer(64);
  let offset = data.length * 5 + 1;
  for (const [token, value] of data) {
    w.u8(token).u16be(offset).u16be(value.length);
    offset += value.length;
  }
  w.u8(PreloginOption.TERMINATOR);
  for (const [, value] of data) w.bytes(value);
  return Buffer.from(w.toBuffer());
}
