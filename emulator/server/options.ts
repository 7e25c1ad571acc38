/** What one listening emulated instance is configured with. */
import type { SecureContext } from 'node:tls';
import type { EngineInstance } from '../engine/types.js';

export type TlsMode = 'off' | 'on' | 'strict';

export interface FaultInjection {
  /** Delay before every request is handled, in ms (0 = none). */
  readonly latencyMs: number;
  /**
   * Close the socket instead of answering once this many requests have reached the engine on this
   * instance (server-wide, over all connections); null = never.
   */
  readonly dropAfter: number | null;
}

export interface ConnectionLimits {
  /** Largest request message (sum of packet payloads) after login. */
  readonly maxMessageBytes: number;
  /** Largest PRELOGIN/LOGIN7 message: an unauthenticated client can't make us buffer much. */
  readonly maxLoginMessageBytes: number;
  /** Largest single parameter value (PLP total). */
  readonly maxValueBytes: number;
  /** A connection that has not logged in after this long is closed. */
  readonly loginTimeoutMs: number;
  /** Open connections per instance; more are closed at once (SQL Server's default is 32,767). */
  readonly maxConnections: number;
}

export const DEFAULT_LIMITS: ConnectionLimits = {
  maxMessageBytes: 128 * 1024 * 1024,
  maxValueBytes: 128 * 1024 * 1024,
  maxLoginMessageBytes: 128 * 1024,
  loginTimeoutMs: 30_000,
  maxConnections: 1000,
};

export interface ServerOptions {
  readonly engine: EngineInstance;
  readonly tls: TlsMode;
  /** TLS ≤ 1.2 for TLS inside PRELOGIN; null when no certificate (then only unencrypted connections). */
  readonly preloginTls: SecureContext | null;
  /** TLS 1.2–1.3 with ALPN tds/8.0 for TDS 8 strict connections. */
  readonly strictTls: SecureContext | null;
  readonly faults: FaultInjection;
  readonly limits?: ConnectionLimits;
  readonly log?: (line: string) => void;
}
