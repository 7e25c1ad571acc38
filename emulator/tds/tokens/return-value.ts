/** RETURNVALUE: ordinal u16, B_VARCHAR "@name", status u8 (1 = output), userType u32, flags u16, TYPE_INFO, value. */
import type { SqlValue } from '../../engine/types.js';
import type { Writer } from '../bytes.js';
import { writeTypeInfo, writeValue } from '../data-types/write-value.js';
import type { WireType } from '../data-types/wire-type.js';
import { TokenId } from './token-ids.js';

export function writeReturnValue(w: Writer, ordinal: number, name: string, type: WireType, value: SqlValue): void {
  w.u8(TokenId.RETURNVALUE).u16(ordinal).bVarchar(name).u8(0x01).u32(0).u16(0x0001);
  writeTypeInfo(w, type);
  writeValue(w, type, value);
}
