/** DONE / DONEPROC / DONEINPROC: status u16, current command u16, row count u64 (7.2+). */
import type { Writer } from '../bytes.js';
import { TokenId } from './token-ids.js';

export const DoneStatus = {
  FINAL: 0x0000,
  MORE: 0x0001,
  ERROR: 0x0002,
  INXACT: 0x0004,
  COUNT: 0x0010,
  ATTN: 0x0020,
  SRVERROR: 0x0100,
} as const;

/** The cosmetic "current command" values SQL Server puts in DONE tokens. */
export const CurCmd = { NONE: 0x00, SELECT: 0xc1, EXECUTE: 0xe0, BEGIN_TRAN: 0xd4, COMMIT: 0xd5, ROLLBACK: 0xd6, SET: 0xb9 } as const;

export type DoneKind = 'done' | 'doneproc' | 'doneinproc';

export function writeDone(w: Writer, kind: DoneKind, status: number, curCmd = 0, rowCount = 0): void {
  w.u8(kind === 'done' ? TokenId.DONE : kind === 'doneproc' ? TokenId.DONEPROC : TokenId.DONEINPROC);
  w.u16(status).u16(curCmd).u64(BigInt(rowCount));
}
