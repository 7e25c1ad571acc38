/**
 * Turns what mssql/tedious throw into an AppError a person can act on: the server, SQL Server's error
 * number, and plain words for unreachable servers and certificate problems. The password is never part of it.
 */
import type { ServerRegistration } from '../../../shared/model/server.js';
import type { AppError } from '../../../shared/result.js';
import { AppFailure } from '../../../shared/result.js';
import { endpointOf } from './connection-config.js';

interface ErrorLike {
  message?: unknown;
  code?: unknown;
  number?: unknown;
  class?: unknown;
  state?: unknown;
  procName?: unknown;
  lineNumber?: unknown;
  originalError?: unknown;
  cause?: unknown;
  errors?: unknown;
}

/** Every error in the chain (mssql → tedious → socket/TLS, AggregateError members). */
function chain(e: unknown): ErrorLike[] {
  const out: ErrorLike[] = [];
  const seen = new Set<unknown>();
  const walk = (x: unknown) => {
    if (!x || typeof x !== 'object' || seen.has(x) || out.length > 20) return;
    seen.add(x);
    const el = x as ErrorLike;
    out.push(el);
    walk(el.originalError);
    walk(el.cause);
    if (Array.isArray(el.errors)) el.errors.forEach(walk);
  };
  walk(e);
  return out;
}

const CERT_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
]);

export function redact(text: string, secret: string | null | undefined): string {
  if (!secret) return text;
  return text.split(secret).join('***');
}

export interface ErrorContext {
  /** Display name of the server. */
  readonly server: string;
  /** host:port or host\instance. */
  readonly endpoint: string;
  readonly encrypt: 'mandatory' | 'optional' | 'strict';
  readonly password?: string | null;
  /** Error number of the login error token, captured from the tedious connection (mssql drops it). */
  readonly loginErrorNumber?: number | null;
  readonly connectTimeoutMs?: number;
}

export function toServerError(e: unknown, ctx: ErrorContext): AppError {
  if (e instanceof AppFailure) return e.toError();
  const all = chain(e);
  const codes = all.map((x) => (typeof x.code === 'string' ? x.code : '')).filter(Boolean);
  const top = all[0];
  const rawMessage = typeof top?.message === 'string' ? top.message : String(e);
  const base = { server: ctx.server, endpoint: ctx.endpoint };
  const make = (code: AppError['code'], message: string, details: Record<string, unknown> = {}): AppError => ({
    code,
    message: redact(message, ctx.password),
    details: { ...base, ...details },
  });

  const sqlError = all.find((x) => typeof x.number === 'number' && x.number > 0);
  if (codes.includes('ELOGIN')) {
    const text = all.map((x) => (typeof x.message === 'string' ? x.message : '')).find((m) => /login|password|user/i.test(m)) ?? rawMessage;
    const number = ctx.loginErrorNumber ?? (typeof sqlError?.number === 'number' ? sqlError.number : /Login failed/i.test(text) ? 18456 : null);
    const code = number === 18456 ? 'BAD_PASSWORD' : 'CONNECTION_ERROR';
    return make(code, `${ctx.server}: ${text}${number ? ` (SQL Server error ${number})` : ''}`, { sqlErrorNumber: number });
  }
  const certCode = codes.find((c) => CERT_CODES.has(c));
  if (certCode || /certificate/i.test(rawMessage)) {
    const how =
      ctx.encrypt === 'strict'
        ? "With strict encryption the certificate is always validated: give the server's certificate (or its CA) in the registration, or use a certificate signed by a trusted CA."
        : "Turn on 'Trust server certificate' if you trust this server, or give its certificate (or its CA) in the registration.";
    return make('CONNECTION_ERROR', `Cannot connect to ${ctx.endpoint}: the server's TLS certificate is not trusted (${certCode ?? rawMessage}). ${how}`, { tls: certCode ?? null });
  }
  if (codes.some((c) => c === 'ECONNREFUSED' || c === 'EHOSTUNREACH' || c === 'ENETUNREACH' || c === 'ECONNRESET')) {
    const which = codes.find((c) => c.startsWith('E') && c !== 'ESOCKET') ?? 'ESOCKET';
    return make('CONNECTION_ERROR', `Cannot connect to ${ctx.endpoint}: the server is not reachable (${which}). Check that SQL Server runs, listens on TCP there and that no firewall blocks it.`, { socket: which });
  }
  if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) {
    return make('CONNECTION_ERROR', `Cannot connect to ${ctx.endpoint}: the host name is not known (DNS lookup failed).`, { socket: 'ENOTFOUND' });
  }
  if (codes.includes('EINSTLOOKUP')) {
    return make('CONNECTION_ERROR', `Cannot connect to ${ctx.endpoint}: SQL Server Browser did not answer for this instance. Give the instance's port, or start SQL Server Browser (UDP 1434).`, { socket: 'EINSTLOOKUP' });
  }
  if (codes.includes('ETIMEOUT') && !sqlError) {
    const secs = ctx.connectTimeoutMs ? ` within ${Math.round(ctx.connectTimeoutMs / 1000)} s` : '';
    return make('CONNECTION_ERROR', `${ctx.server} (${ctx.endpoint}) did not answer${secs}: ${rawMessage}`, { timeout: true });
  }
  if (codes.includes('ESOCKET') || codes.includes('ECONNCLOSED')) {
    return make('CONNECTION_ERROR', `The connection to ${ctx.endpoint} failed: ${rawMessage}`, { socket: codes.find((c) => c !== 'ESOCKET') ?? 'ESOCKET' });
  }
  if (sqlError && typeof sqlError.number === 'number') {
    const message = typeof sqlError.message === 'string' ? sqlError.message : rawMessage;
    return make('SQL_ERROR', `${ctx.server}: ${message} (SQL Server error ${sqlError.number})`, {
      sqlErrorNumber: sqlError.number,
      severity: typeof sqlError.class === 'number' ? sqlError.class : null,
      state: typeof sqlError.state === 'number' ? sqlError.state : null,
      procedure: typeof sqlError.procName === 'string' && sqlError.procName ? sqlError.procName : null,
    });
  }
  return make('INTERNAL', `${ctx.server}: ${rawMessage}`);
}

/** SQL Server's error number of a failed request, if it has one. */
export function sqlErrorNumber(e: unknown): number | null {
  const hit = chain(e).find((x) => typeof x.number === 'number' && x.number > 0);
  return hit ? (hit.number as number) : null;
}

/** What a call on a registered server threw, as an AppFailure that names the server (an AppFailure passes as it is). */
export function serverFailure(reg: ServerRegistration, e: unknown): AppFailure {
  if (e instanceof AppFailure) return e;
  const err = toServerError(e, { server: reg.displayName, endpoint: endpointOf(reg), encrypt: reg.encrypt });
  return new AppFailure(err.code, err.message, { ...err.details, serverId: reg.id });
}
