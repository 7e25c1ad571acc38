/** ALL_HEADERS (7.2+), in front of every SQL batch, RPC and transaction manager request. */
import { ProtocolError, type Reader } from './bytes.js';

export interface AllHeaders {
  /** From the transaction descriptor header (type 2); 0 when outside a transaction. */
  readonly transactionDescriptor: bigint;
  readonly outstandingRequests: number;
}

const MAX_TOTAL = 4096;

export function readAllHeaders(r: Reader): AllHeaders {
  const start = r.offset;
  const total = r.u32();
  if (total < 4 || total > MAX_TOTAL || total > r.remaining + 4) throw new ProtocolError(`invalid ALL_HEADERS length ${total}`);
  const end = start + total;
  let transactionDescriptor = 0n;
  let outstandingRequests = 1;
  while (r.offset < end) {
    const hStart = r.offset;
    const len = r.u32();
    if (len < 6 || hStart + len > end) throw new ProtocolError(`invalid header length ${len}`);
    const type = r.u16();
    if (type === 2 && len >= 18) {
      transactionDescriptor = r.u64();
      outstandingRequests = r.u32();
    }
    r.offset = hStart + len;
  }
  return { transactionDescriptor, outstandingRequests };
}
