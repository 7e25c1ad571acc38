/** SQL_BATCH payload: ALL_HEADERS, then the batch text in UCS-2 without a terminator. */
import { ProtocolError, Reader } from './bytes.js';
import { readAllHeaders, type AllHeaders } from './all-headers.js';

export interface SqlBatch {
  readonly headers: AllHeaders;
  readonly text: string;
}

/** 1M characters is far above anything a client of the emulator sends as text. */
export const MAX_BATCH_CHARS = 1024 * 1024;

export function parseSqlBatch(payload: Buffer): SqlBatch {
  const r = new Reader(payload);
  const headers = readAllHeaders(r);
  if (r.remaining % 2 !== 0) throw new ProtocolError('SQL batch text has an odd byte count');
  if (r.remaining / 2 > MAX_BATCH_CHARS) throw new ProtocolError('SQL batch text is too long');
  return { headers, text: r.ucs2(r.remaining / 2) };
}
