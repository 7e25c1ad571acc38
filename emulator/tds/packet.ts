/**
 * TDS packet framing: an 8-byte header (type, status, length u16 BIG-endian incl. header, spid u16 BE,
 * packet id, window) in front of each piece of a message. A message is the run of packets up to EOM.
 */
import { ProtocolError } from './bytes.js';

export const PacketType = {
  SQL_BATCH: 0x01,
  RPC: 0x03,
  REPLY: 0x04,
  ATTENTION: 0x06,
  BULK_LOAD: 0x07,
  TRANSACTION_MANAGER: 0x0e,
  LOGIN7: 0x10,
  SSPI: 0x11,
  PRELOGIN: 0x12,
} as const;

export const PacketStatus = {
  EOM: 0x01,
  IGNORE: 0x02,
  RESET_CONNECTION: 0x08,
  RESET_CONNECTION_SKIP_TRAN: 0x10,
} as const;

export const HEADER_LENGTH = 8;
/** The largest packet TDS allows (the PacketSize login field is capped at 32767). */
export const MAX_PACKET_LENGTH = 32767;
export const MIN_PACKET_SIZE = 512;

/**
 * Splits a payload into packets of at most `packetSize` bytes (header included) and returns them as one
 * buffer, ready for a single socket write. Packet ids count 1, 2, 3 ... modulo 256.
 */
export function framePackets(type: number, payload: Buffer, packetSize: number, spid = 0): Buffer {
  const size = Math.max(MIN_PACKET_SIZE, Math.min(packetSize, MAX_PACKET_LENGTH));
  const room = size - HEADER_LENGTH;
  const count = Math.max(1, Math.ceil(payload.length / room));
  const out = Buffer.allocUnsafe(payload.length + count * HEADER_LENGTH);
  let src = 0;
  let dst = 0;
  for (let i = 0; i < count; i++) {
    const n = Math.min(room, payload.length - src);
    out[dst] = type;
    out[dst + 1] = i === count - 1 ? PacketStatus.EOM : 0;
    out.writeUInt16BE(n + HEADER_LENGTH, dst + 2);
    out.writeUInt16BE(spid & 0xffff, dst + 4);
    out[dst + 6] = (i + 1) & 0xff;
    out[dst + 7] = 0;
    payload.copy(out, dst + HEADER_LENGTH, src, src + n);
    src += n;
    dst += n + HEADER_LENGTH;
  }
  return out;
}

export interface ReassemblyLimits {
  /** Largest message accepted (sum of payloads); bigger messages close the connection. */
  readonly maxMessageBytes: number;
}

export interface MessageHandlers {
  /** A complete message (all packets up to EOM, IGNOREd ones dropped). */
  onMessage(type: number, payload: Buffer, firstStatus: number): void;
  /** An ATTENTION packet: delivered at once, even while a request runs. */
  onAttention(): void;
}

/**
 * Reassembles messages from a byte stream. Throws ProtocolError on malformed framing; the caller closes
 * the connection. Attention packets are delivered out of band.
 */
export class MessageReader {
  private pending: Buffer = Buffer.alloc(0);
  private parts: Buffer[] = [];
  private partsBytes = 0;
  private messageType = -1;
  private firstStatus = 0;

  private maxMessageBytes: number;

  constructor(
    limits: ReassemblyLimits,
    private readonly handlers: MessageHandlers,
  ) {
    this.maxMessageBytes = limits.maxMessageBytes;
  }

  /** Changes the cap (the connection allows big messages only after login). */
  setMaxMessageBytes(bytes: number): void {
    this.maxMessageBytes = bytes;
  }

  push(chunk: Buffer): void {
    let buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    let at = 0;
    while (buf.length - at >= HEADER_LENGTH) {
      const length = buf.readUInt16BE(at + 2);
      if (length < HEADER_LENGTH || length > MAX_PACKET_LENGTH + 1) {
        throw new ProtocolError(`invalid packet length ${length}`);
      }
      if (buf.length - at < length) break;
      const type = buf[at]!;
      const status = buf[at + 1]!;
      const payload = buf.subarray(at + HEADER_LENGTH, at + length);
      at += length;
      this.packet(type, status, payload);
    }
    // Keep only the unconsumed tail (less than one packet), copied so the big chunk can be freed.
    buf = buf.subarray(at);
    this.pending = buf.length === 0 ? Buffer.alloc(0) : Buffer.from(buf);
  }

  private packet(type: number, status: number, payload: Buffer): void {
    if (type === PacketType.ATTENTION) {
      this.handlers.onAttention();
      return;
    }
    if (this.messageType === -1) {
      this.messageType = type;
      this.firstStatus = status;
    } else if (type !== this.messageType) {
      throw new ProtocolError(`packet type 0x${type.toString(16)} inside a message of type 0x${this.messageType.toString(16)}`);
    }
    this.partsBytes += payload.length;
    if (this.partsBytes > this.maxMessageBytes) {
      throw new ProtocolError(`message larger than ${this.maxMessageBytes} bytes`);
    }
    this.parts.push(payload);
    if ((status & PacketStatus.EOM) === 0) return;
    const msgType = this.messageType;
    const first = this.firstStatus;
    const parts = this.parts;
    this.parts = [];
    this.partsBytes = 0;
    this.messageType = -1;
    // The client abandoned a half-sent message: drop it.
    if (status & PacketStatus.IGNORE) return;
    const whole = parts.length === 1 ? Buffer.from(parts[0]!) : Buffer.concat(parts);
    this.handlers.onMessage(msgType, whole, first);
  }
}
