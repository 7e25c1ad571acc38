/**
 * TRANSACTION_MANAGER request (packet type 0x0E): ALL_HEADERS, request type u16, then per type the
 * isolation level and transaction name (B_VARCHAR-like: length in BYTES as u8, then UCS-2).
 */
import { ProtocolError, Reader, UnsupportedError } from './bytes.js';
import { readAllHeaders, type AllHeaders } from './all-headers.js';

export const TmRequestType = {
  GET_DTC_ADDRESS: 0,
  PROPAGATE_XACT: 1,
  BEGIN_XACT: 5,
  PROMOTE_XACT: 6,
  COMMIT_XACT: 7,
  ROLLBACK_XACT: 8,
  SAVE_XACT: 9,
} as const;

export type TmRequest =
  | { readonly kind: 'begin'; readonly headers: AllHeaders; readonly isolationLevel: number; readonly name: string }
  | { readonly kind: 'commit' | 'rollback'; readonly headers: AllHeaders; readonly name: string; readonly beginNew: boolean }
  | { readonly kind: 'save'; readonly headers: AllHeaders; readonly name: string };

function readName(r: Reader): string {
  const bytes = r.u8();
  if (bytes % 2 !== 0) throw new ProtocolError('odd transaction name length');
  return r.ucs2(bytes / 2);
}

export function parseTransactionManager(payload: Buffer): TmRequest {
  const r = new Reader(payload);
  const headers = readAllHeaders(r);
  const type = r.u16();
  switch (type) {
    case TmRequestType.BEGIN_XACT: {
      const isolationLevel = r.u8();
      return { kind: 'begin', headers, isolationLevel, name: readName(r) };
    }
    case TmRequestType.COMMIT_XACT:
    case TmRequestType.ROLLBACK_XACT: {
      const name = readName(r);
      const flags = r.remaining > 0 ? r.u8() : 0;
      return { kind: type === TmRequestType.COMMIT_XACT ? 'commit' : 'rollback', headers, name, beginNew: (flags & 0x01) !== 0 };
    }
    case TmRequestType.SAVE_XACT:
      return { kind: 'save', headers, name: readName(r) };
    default:
      throw new UnsupportedError(`transaction manager request ${type} (distributed transactions) is not supported by the SQL Server Agent emulator`);
  }
}
