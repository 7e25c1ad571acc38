/**
 * One client connection: a named state machine (prelogin → [tls handshake] → login → logged-in → closed)
 * over a byte transport that is plain TCP, TLS inside PRELOGIN packets (full or login-only) or TDS 8
 * strict TLS. Requests run one at a time while the socket keeps being read, so ATTENTION is seen at once.
 */
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import type { Session } from '../engine/types.js';
import { ProtocolError } from '../tds/bytes.js';
import { parseLogin7 } from '../tds/login7.js';
import { framePackets, MessageReader, PacketType, HEADER_LENGTH } from '../tds/packet.js';
import { buildPrelogin, Encryption, parsePrelogin } from '../tds/prelogin.js';
import { ResponseBuilder } from '../tds/response.js';
import { DoneStatus } from '../tds/tokens/done.js';
import { TlsTunnel } from '../tds/tls-tunnel.js';
import type { ConnectionState } from '../tsql/context.js';
import { RequestAborted } from '../tsql/execute.js';
import type { FaultCounter } from './fault-counter.js';
import { answerLogin, DEFAULT_PACKET_SIZE, productVersionParts } from './login.js';
import { DEFAULT_LIMITS, type ServerOptions } from './options.js';
import { countsAsEngineRequest, parseRequest, runRequest } from './requests.js';

export type ConnectionPhase = 'prelogin' | 'tls-handshake' | 'login' | 'logged-in' | 'closed';

/** How bytes travel: plain, TLS wrapped in PRELOGIN packets (handshake), or raw TLS records. */
type Transport = 'plain' | 'tls-wrapped' | 'tls-raw';

/** Bytes of handshake data we buffer while waiting for a whole PRELOGIN packet. */
const MAX_HANDSHAKE_BUFFER = 64 * 1024;

interface Pending {
  readonly type: number;
  readonly payload: Buffer;
  readonly status: number;
}

interface Running {
  readonly controller: AbortController;
  attended: boolean;
}

export class Connection {
  phase: ConnectionPhase = 'prelogin';
  private transport: Transport = 'plain';
  private encryption: 'none' | 'login-only' | 'full' | 'strict' = 'none';
  private tunnel: TlsTunnel | null = null;
  private tls: TLSSocket | null = null;
  private handshakeBuffer: Buffer = Buffer.alloc(0);
  private readonly reader: MessageReader;
  private packetSize = DEFAULT_PACKET_SIZE;
  private session: Session | null = null;
  private loginDatabase = 'master';
  private readonly state: ConnectionState = { tranCount: 0 };
  private readonly queue: Pending[] = [];
  private running: Running | null = null;
  /** The request being handled, so a close can wait for it before rolling back. */
  private current: Promise<void> | null = null;
  private firstBytes = true;
  private loginTimer: NodeJS.Timeout | null;
  private readonly limits;

  constructor(
    private readonly socket: Socket,
    private readonly options: ServerOptions,
    private readonly spid: number,
    private readonly faults: FaultCounter,
    private readonly onClosed: (c: Connection) => void,
  ) {
    this.limits = options.limits ?? DEFAULT_LIMITS;
    this.reader = new MessageReader(
      { maxMessageBytes: this.limits.maxLoginMessageBytes },
      {
        onMessage: (type, payload, status) => this.onMessage(type, payload, status),
        onAttention: () => this.onAttention(),
      },
    );
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.guard(() => this.onSocketData(chunk)));
    socket.on('error', (e) => this.close(`socket error: ${e.message}`, true));
    socket.on('close', () => this.close(undefined, true));
    this.loginTimer = setTimeout(() => this.close('login timeout'), this.limits.loginTimeoutMs);
    this.loginTimer.unref();
  }

  private log(line: string): void {
    this.options.log?.(`[${this.options.engine.serverName} spid ${this.spid}] ${line}`);
  }

  /** Runs a step; malformed input closes this connection, never the process. */
  private guard(step: () => void): void {
    try {
      step();
    } catch (e) {
      this.close(e instanceof ProtocolError ? `protocol error: ${e.message}` : `internal error: ${e instanceof Error ? e.stack : String(e)}`);
    }
  }

  /**
   * Closes the connection. By default with a FIN (clients see "connection closed"), reading and
   * discarding whatever the client still sends, so the kernel does not answer it with a reset (tedious
   * mishandles ECONNRESET after its connection ended). `immediately` destroys the socket at once.
   */
  close(reason?: string, immediately = false): void {
    if (this.phase === 'closed') return;
    this.phase = 'closed';
    if (reason) this.log(`closing: ${reason}`);
    if (this.loginTimer) clearTimeout(this.loginTimer);
    this.running?.controller.abort();
    this.tls?.destroy();
    this.tunnel?.destroy();
    if (immediately || this.socket.destroyed) this.socket.destroy();
    else {
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 2000).unref();
    }
    this.cleanup = this.rollbackOpenTransaction();
    this.onClosed(this);
  }

  /** Settles once a transaction left open by the closed connection is rolled back (see close()). */
  cleanup: Promise<void> = Promise.resolve();

  /**
   * SQL Server rolls back the open transaction of a connection that goes away; so does the emulator,
   * after the request that was running (if any) has stopped.
   */
  private async rollbackOpenTransaction(): Promise<void> {
    const session = this.session;
    if (!session) return;
    await this.current?.catch(() => undefined);
    if (!session.transaction) return;
    try {
      await this.options.engine.rollback(session);
      this.log('rolled back the open transaction of the closed connection');
    } catch (e) {
      this.log(`rollback of the closed connection's transaction failed: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      session.transaction = null;
      this.state.tranCount = 0;
    }
  }

  // --- bytes in ---

  private onSocketData(chunk: Buffer): void {
    if (this.phase === 'closed') return;
    if (this.firstBytes) {
      this.firstBytes = false;
      // TDS 8 (strict): the client starts with a TLS ClientHello instead of a PRELOGIN packet.
      if (chunk[0] === 0x16) {
        if (!this.options.strictTls) throw new ProtocolError('TLS-first (TDS 8 strict) connection, but TLS is off');
        this.encryption = 'strict';
        this.startTls(this.options.strictTls, true);
      } else if (this.options.tls === 'strict') {
        throw new ProtocolError('this instance accepts only TDS 8 strict encryption');
      }
    }
    switch (this.transport) {
      case 'plain':
        this.reader.push(chunk);
        return;
      case 'tls-raw':
        this.tunnel!.feed(chunk);
        return;
      case 'tls-wrapped':
        this.onHandshakeData(chunk);
        return;
    }
  }

  /** TLS handshake bytes wrapped in PRELOGIN packets, until the client's first raw TLS record. */
  private onHandshakeData(chunk: Buffer): void {
    let buf = this.handshakeBuffer.length ? Buffer.concat([this.handshakeBuffer, chunk]) : chunk;
    while (buf.length > 0) {
      if (buf[0]! >= 0x14 && buf[0]! <= 0x17) {
        // A raw TLS record: the client has our Finished; from here on records are not wrapped.
        this.transport = 'tls-raw';
        this.tunnel!.goRaw();
        this.handshakeBuffer = Buffer.alloc(0);
        this.tunnel!.feed(buf);
        return;
      }
      if (buf.length < HEADER_LENGTH) break;
      if (buf[0] !== PacketType.PRELOGIN) throw new ProtocolError(`packet type 0x${buf[0]!.toString(16)} during the TLS handshake`);
      const length = buf.readUInt16BE(2);
      if (length < HEADER_LENGTH) throw new ProtocolError('invalid handshake packet length');
      if (buf.length < length) break;
      this.tunnel!.feed(Buffer.from(buf.subarray(HEADER_LENGTH, length)));
      buf = buf.subarray(length);
    }
    if (buf.length > MAX_HANDSHAKE_BUFFER) throw new ProtocolError('TLS handshake packet too large');
    this.handshakeBuffer = Buffer.from(buf);
  }

  private startTls(context: SecureContext, strict: boolean): void {
    const tunnel = new TlsTunnel((bytes) => this.writeSocket(bytes), { raw: strict });
    const tls = new TLSSocket(tunnel as unknown as Socket, {
      isServer: true,
      secureContext: context,
      ALPNProtocols: strict ? ['tds/8.0'] : undefined,
    } as ConstructorParameters<typeof TLSSocket>[1]);
    tls.on('data', (clear: Buffer) => this.guard(() => this.reader.push(clear)));
    tls.on('error', (e) => this.close(`TLS error: ${e.message}`));
    tls.on('secure', () => {
      if (this.phase === 'tls-handshake') this.phase = 'login';
    });
    tunnel.on('error', (e) => this.close(`TLS transport error: ${e.message}`));
    this.tunnel = tunnel;
    this.tls = tls;
    this.transport = strict ? 'tls-raw' : 'tls-wrapped';
  }

  /** Login-only encryption: after LOGIN7, both directions go back to plaintext. */
  private stopTls(): void {
    const tls = this.tls;
    const tunnel = this.tunnel;
    this.tls = null;
    this.tunnel = null;
    this.transport = 'plain';
    tls?.removeAllListeners('data');
    tls?.on('error', () => undefined);
    tls?.destroy();
    tunnel?.destroy();
  }

  // --- bytes out ---

  private writeSocket(bytes: Buffer): void {
    if (this.phase !== 'closed' && !this.socket.destroyed) this.socket.write(bytes);
  }

  private send(type: number, payload: Buffer): void {
    if (this.phase === 'closed') return;
    const framed = framePackets(type, payload, this.packetSize, this.spid);
    if (this.tls && this.transport !== 'plain') this.tls.write(framed);
    else this.writeSocket(framed);
  }

  // --- messages ---

  private onMessage(type: number, payload: Buffer, status: number): void {
    switch (this.phase) {
      case 'prelogin':
        if (type !== PacketType.PRELOGIN) throw new ProtocolError(`expected PRELOGIN, got packet type 0x${type.toString(16)}`);
        this.onPrelogin(payload);
        return;
      case 'tls-handshake':
      case 'login':
        if (type !== PacketType.LOGIN7) throw new ProtocolError(`expected LOGIN7, got packet type 0x${type.toString(16)}`);
        this.onLogin(payload);
        return;
      case 'logged-in':
        this.queue.push({ type, payload, status });
        if (this.queue.length > 64) throw new ProtocolError('too many requests queued (the emulator does not do MARS)');
        void this.pump();
        return;
      default:
        throw new ProtocolError(`unexpected message in phase ${this.phase}`);
    }
  }

  private onPrelogin(payload: Buffer): void {
    const pre = parsePrelogin(payload);
    const client = pre.encryption ?? Encryption.NOT_SUP;
    let reply: number = Encryption.NOT_SUP;
    if (this.encryption === 'strict') {
      reply = Encryption.NOT_SUP; // already inside TLS; tedious ignores this answer
    } else if (this.options.preloginTls) {
      if (client === Encryption.ON || client === Encryption.REQ) reply = Encryption.ON;
      else if (client === Encryption.OFF && this.options.tls === 'on') reply = Encryption.OFF;
    }
    this.send(PacketType.REPLY, buildPrelogin({ version: productVersionParts(this.options.engine), encryption: reply }));
    if (this.encryption !== 'strict' && (reply === Encryption.ON || reply === Encryption.OFF)) {
      this.encryption = reply === Encryption.ON ? 'full' : 'login-only';
      this.startTls(this.options.preloginTls!, false);
      this.phase = 'tls-handshake';
      this.log(`encryption: ${this.encryption}`);
    }
    if (this.phase === 'prelogin') this.phase = 'login';
  }

  private onLogin(payload: Buffer): void {
    const login = parseLogin7(payload);
    if (this.encryption === 'login-only') this.stopTls();
    const result = answerLogin(login, this.options.engine, this.spid);
    if (!result.ok) {
      this.log(`login refused: ${result.reason}`);
      this.send(PacketType.REPLY, result.reply);
      this.phase = 'closed';
      if (this.loginTimer) clearTimeout(this.loginTimer);
      // Let the reply leave before closing.
      this.tls?.end();
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 1000).unref();
      this.onClosed(this);
      return;
    }
    this.send(PacketType.REPLY, result.reply);
    this.packetSize = result.packetSize;
    this.session = result.session;
    this.loginDatabase = result.session.database;
    this.phase = 'logged-in';
    this.reader.setMaxMessageBytes(this.limits.maxMessageBytes);
    if (this.loginTimer) clearTimeout(this.loginTimer);
    this.loginTimer = null;
    this.log(`login ${result.session.login} app='${login.appName}' tds=0x${result.tdsVersion.toString(16)} packet=${result.packetSize} encryption=${this.encryption}`);
  }

  // --- requests ---

  private onAttention(): void {
    if (this.phase !== 'logged-in') return;
    const r = this.running;
    if (r && !r.attended) {
      // Abort the running request, end its reply with DONE, then acknowledge with a separate DONE(ATTN)
      // message: tedious reports ECANCEL/ETIMEOUT only when both messages arrive (tds.md §4.9).
      r.attended = true;
      r.controller.abort();
      this.sendDone(DoneStatus.FINAL);
      this.sendDone(DoneStatus.ATTN);
    } else if (!r) {
      this.sendDone(DoneStatus.ATTN);
    }
  }

  private sendDone(status: number): void {
    const out = new ResponseBuilder(this.options.engine.serverName);
    out.done('done', status);
    this.send(PacketType.REPLY, Buffer.from(out.toBuffer()));
  }

  private async pump(): Promise<void> {
    if (this.running) return;
    const next = this.queue.shift();
    if (!next || this.phase !== 'logged-in') return;
    const running: Running = { controller: new AbortController(), attended: false };
    this.running = running;
    try {
      this.current = this.handle(next, running);
      await this.current;
    } catch (e) {
      if (e instanceof ProtocolError) this.close(`protocol error: ${e.message}`);
      else if (!(e instanceof RequestAborted)) this.close(`internal error: ${e instanceof Error ? e.stack : String(e)}`);
    } finally {
      this.running = null;
      this.current = null;
    }
    if (this.queue.length > 0) void this.pump();
  }

  private async handle(msg: Pending, running: Running): Promise<void> {
    const signal = running.controller.signal;
    const rpcLimits = { maxValueBytes: this.limits.maxValueBytes, maxParams: 2100 };
    const req = parseRequest(msg.type, msg.payload, msg.status, rpcLimits);
    if (this.faults.active && countsAsEngineRequest(req) && !this.faults.admit()) {
      this.close(`fault injection: dropping the connection after ${this.faults.admitted} requests`);
      return;
    }
    const latency = this.options.faults.latencyMs;
    if (latency > 0) await abortableDelay(latency, signal);
    if (signal.aborted) return;
    const reply = await runRequest(req, {
      engine: this.options.engine,
      session: this.session!,
      signal,
      connection: this.state,
      limits: rpcLimits,
      loginDatabase: this.loginDatabase,
    });
    // A cancelled request's reply was already closed by the attention handler.
    if (running.attended || signal.aborted) return;
    this.send(PacketType.REPLY, reply);
  }
}

function abortableDelay(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
