/** INFO and ERROR: len u16, number u32, state u8, class u8, US_VARCHAR text, B_VARCHAR server, B_VARCHAR proc, line u32. */
import type { Writer } from '../bytes.js';
import { TokenId } from './token-ids.js';

export interface MessageToken {
  readonly number: number;
  readonly state: number;
  /** Severity: up to 10 is INFO, above 10 is ERROR. */
  readonly severity: number;
  readonly message: string;
  readonly serverName: string;
  readonly procName?: string;
  readonly lineNumber?: number;
}

export function writeMessage(w: Writer, m: MessageToken): void {
  w.u8(m.severity > 10 ? TokenId.ERROR : TokenId.INFO);
  const end = w.lengthU16();
  w.u32(m.number)
    .u8(m.state & 0xff)
    .u8(Math.max(0, Math.min(25, m.severity)))
    .usVarchar(m.message)
    .bVarchar(m.serverName)
    .bVarchar(m.procName ?? '')
    .u32(m.lineNumber ?? 1);
  end();
}
