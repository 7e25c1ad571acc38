/**
 * ENVCHANGE: len u16, type u8, new value, old value. Database/language/packet size (1/2/4) use B_VARCHAR;
 * collation (7), transactions (8/9/10) and reset (18) use B_VARBYTE.
 */
import type { Writer } from '../bytes.js';
import { TokenId } from './token-ids.js';

export const EnvChangeType = {
  DATABASE: 1,
  LANGUAGE: 2,
  PACKET_SIZE: 4,
  SQL_COLLATION: 7,
  BEGIN_TRAN: 8,
  COMMIT_TRAN: 9,
  ROLLBACK_TRAN: 10,
  RESET_CONNECTION: 18,
} as const;

export function writeEnvChangeText(w: Writer, type: number, next: string, prev: string): void {
  w.u8(TokenId.ENVCHANGE);
  const end = w.lengthU16();
  w.u8(type).bVarchar(next).bVarchar(prev);
  end();
}

export function writeEnvChangeBytes(w: Writer, type: number, next: Uint8Array, prev: Uint8Array): void {
  w.u8(TokenId.ENVCHANGE);
  const end = w.lengthU16();
  w.u8(type).bVarbyte(next).bVarbyte(prev);
  end();
}

/** An 8-byte transaction descriptor as sent in ENVCHANGE 8/9/10 and in ALL_HEADERS. */
export function descriptorBytes(descriptor: bigint): Buffer {
  const b = Buffer.alloc(8);
  b.writeBigUInt64LE(BigInt.asUintN(64, descriptor));
  return b;
}
