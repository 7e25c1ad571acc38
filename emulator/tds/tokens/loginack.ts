/** LOGINACK: len u16, interface u8 (1 = SQL_TSQL), TDS version u32 BIG-endian, B_VARCHAR program name, version bytes. */
import type { Writer } from '../bytes.js';
import { TokenId } from './token-ids.js';

export function writeLoginAck(w: Writer, tdsVersion: number, progName: string, v: { major: number; minor: number; build: number }): void {
  w.u8(TokenId.LOGINACK);
  const end = w.lengthU16();
  w.u8(1).u32be(tdsVersion).bVarchar(progName).u8(v.major).u8(v.minor).u8((v.build >> 8) & 0xff).u8(v.build & 0xff);
  end();
}
