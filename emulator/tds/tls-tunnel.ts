/**
 * The transport under a server-side TLSSocket when TLS runs inside TDS.
 *
 * Pre-TDS-8 encryption does the TLS handshake inside PRELOGIN packets: the client's handshake bytes arrive
 * as PRELOGIN payloads (fed with `feed`), and every flight we send must be wrapped in PRELOGIN packets —
 * all bytes OpenSSL writes in one event-loop turn as ONE message, because tedious reads exactly one reply
 * message per flight it sends. Once the client's first raw TLS record arrives the handshake is over and
 * records flow unwrapped both ways (`goRaw`). TDS 8 (strict) starts raw.
 */
import { Duplex } from 'node:stream';
import { framePackets, PacketType } from './packet.js';

export class TlsTunnel extends Duplex {
  private raw: boolean;
  private out: Buffer[] = [];
  private flushScheduled = false;

  constructor(
    private readonly sink: (bytes: Buffer) => void,
    options: { raw: boolean; packetSize?: number },
  ) {
    super();
    this.raw = options.raw;
    this.packetSize = options.packetSize ?? 4096;
  }

  private readonly packetSize: number;

  get isRaw(): boolean {
    return this.raw;
  }

  /** Bytes from the client for the TLS engine (a PRELOGIN payload, or raw records). */
  feed(bytes: Buffer): void {
    this.push(bytes);
  }

  /** The handshake is over: stop wrapping output in PRELOGIN packets. */
  goRaw(): void {
    this.flush();
    this.raw = true;
  }

  override _read(): void {
    // Data is pushed by feed(); nothing to pull.
  }

  override _write(chunk: Buffer, _enc: BufferEncoding, done: (err?: Error | null) => void): void {
    if (this.raw) {
      this.sink(chunk);
    } else {
      this.out.push(chunk);
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    }
    done();
  }

  private flush(): void {
    this.flushScheduled = false;
    if (this.out.length === 0) return;
    const payload = Buffer.concat(this.out);
    this.out = [];
    this.sink(framePackets(PacketType.PRELOGIN, payload, this.packetSize));
  }

  override _final(done: (err?: Error | null) => void): void {
    this.flush();
    done();
  }

  override _destroy(err: Error | null, done: (err?: Error | null) => void): void {
    this.out = [];
    done(err);
  }
}
