/**
 * Byte readers and writers for TDS payloads. Everything inside a payload is little-endian except the few
 * fields noted at their call sites (packet header, PRELOGIN table, LOGINACK version).
 */

/** Malformed or oversized bytes from the client: the connection that sent them is closed. */
export class ProtocolError extends Error {
  override readonly name = 'ProtocolError';
}

/** A well-formed request that uses something the emulator does not implement: answered with an SQL error. */
export class UnsupportedError extends Error {
  override readonly name = 'UnsupportedError';
}

export class Reader {
  offset: number;
  constructor(
    readonly buf: Buffer,
    offset = 0,
    readonly end = buf.length,
  ) {
    this.offset = offset;
  }

  get remaining(): number {
    return this.end - this.offset;
  }

  private need(n: number): number {
    if (n < 0 || this.offset + n > this.end) {
      throw new ProtocolError(`truncated payload: need ${n} bytes at offset ${this.offset}, have ${this.end - this.offset}`);
    }
    const at = this.offset;
    this.offset += n;
    return at;
  }

  u8(): number {
    return this.buf[this.need(1)]!;
  }
  u16(): number {
    return this.buf.readUInt16LE(this.need(2));
  }
  u16be(): number {
    return this.buf.readUInt16BE(this.need(2));
  }
  i16(): number {
    return this.buf.readInt16LE(this.need(2));
  }
  u32(): number {
    return this.buf.readUInt32LE(this.need(4));
  }
  i32(): number {
    return this.buf.readInt32LE(this.need(4));
  }
  u64(): bigint {
    return this.buf.readBigUInt64LE(this.need(8));
  }
  i64(): bigint {
    return this.buf.readBigInt64LE(this.need(8));
  }
  f32(): number {
    return this.buf.readFloatLE(this.need(4));
  }
  f64(): number {
    return this.buf.readDoubleLE(this.need(8));
  }
  /** Unsigned little-endian integer of 1..6 bytes. */
  uintN(n: number): number {
    return this.buf.readUIntLE(this.need(n), n);
  }
  /** A view (not a copy) of the next n bytes. */
  bytes(n: number): Buffer {
    const at = this.need(n);
    return this.buf.subarray(at, at + n);
  }
  ucs2(chars: number): string {
    return this.bytes(chars * 2).toString('utf16le');
  }
  /** B_VARCHAR: length in characters as u8, then UCS-2. */
  bVarchar(): string {
    return this.ucs2(this.u8());
  }
  /** US_VARCHAR: length in characters as u16, then UCS-2. */
  usVarchar(): string {
    return this.ucs2(this.u16());
  }
  skip(n: number): void {
    this.need(n);
  }
}

/** A growable buffer; `toBuffer()` returns a view of what was written. */
export class Writer {
  private buf: Buffer;
  length = 0;

  constructor(initial = 256) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  private room(n: number): number {
    const at = this.length;
    if (at + n > this.buf.length) {
      let size = this.buf.length * 2;
      while (size < at + n) size *= 2;
      const next = Buffer.allocUnsafe(size);
      this.buf.copy(next, 0, 0, at);
      this.buf = next;
    }
    this.length += n;
    return at;
  }

  u8(v: number): this {
    const at = this.room(1);
    this.buf[at] = v & 0xff;
    return this;
  }
  u16(v: number): this {
    const at = this.room(2);
    this.buf.writeUInt16LE(v & 0xffff, at);
    return this;
  }
  u16be(v: number): this {
    const at = this.room(2);
    this.buf.writeUInt16BE(v & 0xffff, at);
    return this;
  }
  i16(v: number): this {
    const at = this.room(2);
    this.buf.writeInt16LE(v, at);
    return this;
  }
  u32(v: number): this {
    const at = this.room(4);
    this.buf.writeUInt32LE(v >>> 0, at);
    return this;
  }
  u32be(v: number): this {
    const at = this.room(4);
    this.buf.writeUInt32BE(v >>> 0, at);
    return this;
  }
  i32(v: number): this {
    const at = this.room(4);
    this.buf.writeInt32LE(v | 0, at);
    return this;
  }
  u64(v: bigint): this {
    const at = this.room(8);
    this.buf.writeBigUInt64LE(v, at);
    return this;
  }
  i64(v: bigint): this {
    const at = this.room(8);
    this.buf.writeBigInt64LE(v, at);
    return this;
  }
  f32(v: number): this {
    const at = this.room(4);
    this.buf.writeFloatLE(v, at);
    return this;
  }
  f64(v: number): this {
    const at = this.room(8);
    this.buf.writeDoubleLE(v, at);
    return this;
  }
  uintN(v: number, n: number): this {
    const at = this.room(n);
    this.buf.writeUIntLE(v, at, n);
    return this;
  }
  bytes(b: Uint8Array): this {
    const at = this.room(b.length);
    this.buf.set(b, at);
    return this;
  }
  ucs2(s: string): this {
    const at = this.room(s.length * 2);
    this.buf.write(s, at, s.length * 2, 'utf16le');
    return this;
  }
  bVarchar(s: string): this {
    const v = s.length > 255 ? s.slice(0, 255) : s;
    return this.u8(v.length).ucs2(v);
  }
  usVarchar(s: string): this {
    const v = s.length > 65535 ? s.slice(0, 65535) : s;
    return this.u16(v.length).ucs2(v);
  }
  bVarbyte(b: Uint8Array): this {
    return this.u8(b.length).bytes(b);
  }
  /** Reserves a u16 length slot; the returned function writes the number of bytes written since. */
  lengthU16(): () => void {
    const at = this.room(2);
    return () => {
      this.buf.writeUInt16LE(this.length - at - 2, at);
    };
  }
  /** Drops everything written after `length` (used to replace a half-written token with an error). */
  truncate(length: number): void {
    if (length < this.length) this.length = Math.max(0, length);
  }
  toBuffer(): Buffer {
    return this.buf.subarray(0, this.length);
  }
}
