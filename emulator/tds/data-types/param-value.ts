/** An RPC parameter's TYPE_INFO and value, scalar or table-valued. */
import type { Reader } from '../bytes.js';
import { readTypeInfo, readValue, type TypedValue, type ValueLimits } from './read-param.js';
import { readTvp } from './tvp.js';
import { TypeId } from './type-ids.js';

export function readTypedValue(r: Reader, limits: ValueLimits): TypedValue {
  if (r.remaining > 0 && r.buf[r.offset] === TypeId.TVP) {
    r.skip(1);
    return { type: { id: TypeId.TVP, length: 0, precision: 0, scale: 0, collation: null }, value: null, table: readTvp(r, limits) };
  }
  const info = readTypeInfo(r);
  return { type: info.type, value: readValue(r, info, limits) };
}
