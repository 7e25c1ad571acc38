/**
 * LOGIN7 payload (MS-TDS 2.2.6.4): a 94-byte fixed part, then (offset u16, length u16 in characters)
 * pairs pointing into the variable part. The TDS version here is little-endian, unlike in LOGINACK.
 */
import { ProtocolError } from './bytes.js';

export interface Login7 {
  readonly tdsVersion: number;
  readonly packetSize: number;
  readonly clientProgVer: number;
  readonly clientPid: number;
  readonly optionFlags1: number;
  readonly optionFlags2: number;
  readonly typeFlags: number;
  readonly optionFlags3: number;
  readonly hostName: string;
  readonly userName: string;
  readonly password: string;
  readonly appName: string;
  readonly serverName: string;
  readonly libraryName: string;
  readonly language: string;
  readonly database: string;
  /** True when the client asked for integrated (SSPI) authentication, which the emulator does not do. */
  readonly integratedSecurity: boolean;
  /** FeatureExt entries by feature id (0x0A = UTF8_SUPPORT, 0x02 = FEDAUTH, ...). */
  readonly features: ReadonlyMap<number, Buffer>;
}

/** LOGIN7 is at most 128 KB by the specification. */
export const MAX_LOGIN7_LENGTH = 128 * 1024;
const FIXED_LENGTH = 94;
/** SQL Server's limit on names and passwords is 128 characters. */
const MAX_FIELD_CHARS = 128;

/** Undoes the LOGIN7 password obfuscation: swap the nibbles of each byte, then XOR 0xA5. */
export function decodePassword(bytes: Buffer): string {
  const out = Buffer.allocUnsafe(bytes.length);
  for (let i = 0; i < bytes.length; i++) {
    const x = bytes[i]! ^ 0xa5;
    out[i] = ((x << 4) | (x >> 4)) & 0xff;
  }
  return out.toString('utf16le');
}

/** The inverse of decodePassword; used by tests to build LOGIN7 payloads. */
export function encodePassword(password: string): Buffer {
  const raw = Buffer.from(password, 'utf16le');
  const out = Buffer.allocUnsafe(raw.length);
  for (let i = 0; i < raw.length; i++) {
    const b = raw[i]!;
    out[i] = (((b << 4) | (b >> 4)) & 0xff) ^ 0xa5;
  }
  return out;
}

export function parseLogin7(payload: Buffer): Login7 {
  if (payload.length < FIXED_LENGTH) throw new ProtocolError('LOGIN7 shorter than its fixed part');
  if (payload.length > MAX_LOGIN7_LENGTH) throw new ProtocolError('LOGIN7 larger than 128 KB');
  const declared = payload.readUInt32LE(0);
  if (declared > payload.length || declared < FIXED_LENGTH) throw new ProtocolError('LOGIN7 length field is inconsistent');
  const end = declared;

  const field = (at: number, maxChars = MAX_FIELD_CHARS): Buffer => {
    const offset = payload.readUInt16LE(at);
    const chars = payload.readUInt16LE(at + 2);
    if (chars === 0) return Buffer.alloc(0);
    if (chars > maxChars) throw new ProtocolError(`LOGIN7 field at ${at} is longer than ${maxChars} characters`);
    if (offset < FIXED_LENGTH || offset + chars * 2 > end) throw new ProtocolError(`LOGIN7 field at ${at} points outside the payload`);
    return payload.subarray(offset, offset + chars * 2);
  };
  const text = (at: number, maxChars?: number): string => field(at, maxChars).toString('utf16le');

  const optionFlags2 = payload[25]!;
  const optionFlags3 = payload[27]!;
  const features = new Map<number, Buffer>();
  if (optionFlags3 & 0x10) {
    // fExtension: the Extension field points at a DWORD that holds the offset of the FeatureExt list.
    const extOffset = payload.readUInt16LE(56);
    const extLength = payload.readUInt16LE(58);
    if (extLength >= 4) {
      if (extOffset + 4 > end) throw new ProtocolError('LOGIN7 extension offset outside the payload');
      let at = payload.readUInt32LE(extOffset);
      if (at > end) throw new ProtocolError('LOGIN7 FeatureExt offset outside the payload');
      for (let i = 0; ; i++) {
        if (i > 64 || at >= end) throw new ProtocolError('LOGIN7 FeatureExt list is not terminated');
        const id = payload[at]!;
        if (id === 0xff) break;
        if (at + 5 > end) throw new ProtocolError('truncated LOGIN7 FeatureExt entry');
        const len = payload.readUInt32LE(at + 1);
        if (at + 5 + len > end) throw new ProtocolError('LOGIN7 FeatureExt entry longer than the payload');
        features.set(id, payload.subarray(at + 5, at + 5 + len));
        at += 5 + len;
      }
    }
  }

  return {
    tdsVersion: payload.readUInt32LE(4),
    packetSize: payload.readUInt32LE(8),
    clientProgVer: payload.readUInt32LE(12),
    clientPid: payload.readUInt32LE(16),
    optionFlags1: payload[24]!,
    optionFlags2,
    typeFlags: payload[26]!,
    optionFlags3,
    hostName: text(36),
    userName: text(40),
    password: decodePassword(field(44)),
    appName: text(48),
    serverName: text(52),
    libraryName: text(60),
    language: text(64),
    database: text(68),
    integratedSecurity: (optionFlags2 & 0x80) !== 0,
    features,
  };
}
