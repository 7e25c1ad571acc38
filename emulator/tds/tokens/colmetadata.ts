/** COLMETADATA: count u16, then per column userType u32, flags u16, TYPE_INFO, B_VARCHAR name. */
import type { Writer } from '../bytes.js';
import { writeTypeInfo } from '../data-types/write-value.js';
import type { WireType } from '../data-types/wire-type.js';
import { TokenId } from './token-ids.js';

export interface ColumnMeta {
  readonly name: string;
  readonly type: WireType;
  readonly nullable: boolean;
}

export function writeColMetadata(w: Writer, columns: readonly ColumnMeta[]): void {
  w.u8(TokenId.COLMETADATA).u16(columns.length);
  for (const c of columns) {
    w.u32(0).u16(c.nullable ? 0x0001 : 0x0000);
    writeTypeInfo(w, c.type);
    w.bVarchar(c.name);
  }
}
