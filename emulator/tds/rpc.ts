/**
 * RPC request payload: ALL_HEADERS, then one or more calls separated by 0x80 (0xFF before 7.2). A call is
 * a procedure name (US_VARCHAR) or 0xFFFF + a ProcID (10 = sp_executesql), option flags u16, and
 * parameters: B_VARCHAR name, status u8 (1 = by reference / OUTPUT, 2 = default value), TYPE_INFO, value.
 */
import { ProtocolError, Reader } from './bytes.js';
import { readAllHeaders, type AllHeaders } from './all-headers.js';
import { readTypedValue } from './data-types/param-value.js';
import type { ValueLimits } from './data-types/read-param.js';
import type { WireType } from './data-types/wire-type.js';
import type { SqlValue, TableValue } from '../engine/types.js';

export const ProcId = {
  Cursor: 1,
  CursorOpen: 2,
  CursorPrepare: 3,
  CursorExecute: 4,
  CursorPrepExec: 5,
  CursorUnprepare: 6,
  CursorFetch: 7,
  CursorOption: 8,
  CursorClose: 9,
  ExecuteSql: 10,
  Prepare: 11,
  Execute: 12,
  PrepExec: 13,
  PrepExecRpc: 14,
  Unprepare: 15,
} as const;

export interface RpcParam {
  /** As sent, with the '@' (empty for positional parameters). */
  readonly name: string;
  readonly output: boolean;
  readonly isDefault: boolean;
  readonly type: WireType;
  readonly value: SqlValue;
  /** A table-valued parameter's columns and rows (`value` is then null). */
  readonly table?: TableValue;
}

export interface RpcCall {
  /** The procedure name exactly as sent, or null when a ProcID was sent. */
  readonly name: string | null;
  readonly procId: number | null;
  readonly options: number;
  readonly params: readonly RpcParam[];
}

export interface RpcRequest {
  readonly headers: AllHeaders;
  readonly calls: readonly RpcCall[];
}

export interface RpcLimits extends ValueLimits {
  readonly maxParams: number;
}

export const DEFAULT_RPC_LIMITS: RpcLimits = { maxValueBytes: 256 * 1024 * 1024, maxParams: 2100 };

const BATCH_FLAG = 0x80;
const NO_EXEC_FLAG = 0xfe;
const LEGACY_BATCH_FLAG = 0xff;

export function parseRpc(payload: Buffer, limits: RpcLimits = DEFAULT_RPC_LIMITS): RpcRequest {
  const r = new Reader(payload);
  const headers = readAllHeaders(r);
  const calls: RpcCall[] = [];
  for (;;) {
    calls.push(readCall(r, limits));
    if (r.remaining === 0) break;
    const sep = r.u8();
    if (sep !== BATCH_FLAG && sep !== LEGACY_BATCH_FLAG && sep !== NO_EXEC_FLAG) throw new ProtocolError(`unexpected byte 0x${sep.toString(16)} between RPC calls`);
    if (r.remaining === 0) break;
    if (calls.length > 256) throw new ProtocolError('too many RPC calls in one request');
  }
  return { headers, calls };
}

function readCall(r: Reader, limits: RpcLimits): RpcCall {
  const nameLen = r.u16();
  let name: string | null = null;
  let procId: number | null = null;
  if (nameLen === 0xffff) procId = r.u16();
  else {
    if (nameLen === 0 || nameLen > 1024) throw new ProtocolError(`invalid procedure name length ${nameLen}`);
    name = r.ucs2(nameLen);
  }
  const options = r.u16();
  const params: RpcParam[] = [];
  while (r.remaining > 0) {
    const next = r.buf[r.offset]!;
    // A separator byte can't start a parameter: a B_VARCHAR name length is at most 128.
    if (next === BATCH_FLAG || next === LEGACY_BATCH_FLAG || next === NO_EXEC_FLAG) break;
    if (params.length >= limits.maxParams) throw new ProtocolError(`more than ${limits.maxParams} parameters`);
    const pname = r.bVarchar();
    const status = r.u8();
    const { type, value, table } = readTypedValue(r, limits);
    const output = (status & 0x01) !== 0;
    if (table && output) throw new ProtocolError(`table-valued parameter ${pname} sent as OUTPUT`);
    params.push({ name: pname, output, isDefault: (status & 0x02) !== 0, type, value, ...(table ? { table } : {}) });
  }
  return { name, procId, options, params };
}
