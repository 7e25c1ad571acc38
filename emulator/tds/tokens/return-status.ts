/** RETURNSTATUS: the procedure's RETURN value as i32. */
import type { Writer } from '../bytes.js';
import { TokenId } from './token-ids.js';

export function writeReturnStatus(w: Writer, status: number): void {
  w.u8(TokenId.RETURNSTATUS).i32(status);
}
