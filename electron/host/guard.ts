/**
 * Who may talk to the host: the request must name our own host (DNS rebinding), come from our own origin when
 * it says where it comes from, and carry the per-start token (query on first load, then the cookie we set).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

export class Guard {
  readonly cookieName: string;
  private readonly hosts: ReadonlySet<string>;
  private readonly origins: ReadonlySet<string>;
  private readonly tokenBytes: Buffer;

  constructor(
    readonly token: string,
    readonly port: number,
  ) {
    // Cookies ignore ports: name the cookie by port so two hosts on 127.0.0.1 don't overwrite each other's.
    this.cookieName = `ssisd_token_${port}`;
    this.hosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
    this.origins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);
    this.tokenBytes = Buffer.from(token);
  }

  hostAllowed(req: IncomingMessage): boolean {
    const host = req.headers.host;
    return typeof host === 'string' && this.hosts.has(host.toLowerCase());
  }

  /** Origin is optional on plain navigations; when present it must be ours. */
  originAllowed(req: IncomingMessage, required: boolean): boolean {
    const origin = req.headers.origin;
    if (origin === undefined) return !required;
    return this.origins.has(origin.toLowerCase());
  }

  tokenMatches(candidate: string | null | undefined): boolean {
    if (typeof candidate !== 'string') return false;
    const given = Buffer.from(candidate);
    return given.length === this.tokenBytes.length && timingSafeEqual(given, this.tokenBytes);
  }

  /** 'query' when the URL carried the right token (the cookie is then set), 'cookie', or null. */
  authenticate(req: IncomingMessage, url: URL): 'query' | 'cookie' | null {
    if (this.tokenMatches(url.searchParams.get('token'))) return 'query';
    if (this.tokenMatches(readCookie(req.headers.cookie, this.cookieName))) return 'cookie';
    return null;
  }

  setCookieHeader(): string {
    return `${this.cookieName}=${this.token}; Path=/; HttpOnly; SameSite=Strict`;
  }
}

export function readCookie(header: string | undefined, name: string): string | null {
  if (!header) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
