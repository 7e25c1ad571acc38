/**
 * Serves the built renderer (out/renderer) read-only: known files under the root only, the right MIME type,
 * and the page's own Content-Security-Policy repeated as a header (plus what a meta tag cannot say).
 */
import { readFile, realpath, stat } from 'node:fs/promises';
import { extname, join, posix, sep } from 'node:path';

const MIME: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
};

export function mimeType(file: string): string {
  return MIME[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Used when index.html carries no policy of its own. */
const DEFAULT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'";

/** The content of `<meta http-equiv="Content-Security-Policy" content="...">`, or null. */
export function metaCsp(html: string): string | null {
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    if (!/http-equiv\s*=\s*["']?content-security-policy["']?/i.test(tag)) continue;
    const content = /content\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(tag);
    const value = content?.[1] ?? content?.[2];
    if (value) return value.replace(/&#39;|&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, '&').trim();
  }
  return null;
}

/** The header policy: the page's, plus frame-ancestors (ignored in meta tags) and the WebSocket origin. */
export function headerCsp(html: string | null, wsOrigin: string): string {
  const directives = (metaCsp(html ?? '') ?? DEFAULT_CSP)
    .split(';')
    .map((d) => d.trim())
    .filter(Boolean);
  const out = directives.map((d) => (/^connect-src\b/i.test(d) && !d.includes(wsOrigin) ? `${d} ${wsOrigin}` : d));
  if (!out.some((d) => /^connect-src\b/i.test(d))) out.push(`connect-src 'self' ${wsOrigin}`);
  if (!out.some((d) => /^frame-ancestors\b/i.test(d))) out.push("frame-ancestors 'none'");
  return out.join('; ');
}

export type StaticLookup =
  | { readonly kind: 'file'; readonly file: string; readonly body: Buffer; readonly type: string; readonly isIndex: boolean }
  | { readonly kind: 'bad-request' }
  | { readonly kind: 'not-found' };

/** Maps a URL path to a file under root, refusing anything that would leave it (.., encoded or not, symlinks). */
export async function lookupStatic(root: string, pathname: string): Promise<StaticLookup> {
  let decoded: string;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return { kind: 'bad-request' };
  }
  if (decoded.includes('\0') || decoded.includes('\\') || !decoded.startsWith('/')) return { kind: 'bad-request' };
  const segments = decoded.split('/');
  if (segments.some((s) => s === '..' || s === '.')) return { kind: 'bad-request' };
  // Dot files (.git, .env ...) are never part of a build.
  if (segments.some((s) => s.startsWith('.'))) return { kind: 'not-found' };
  const relative = posix.normalize(decoded === '/' ? '/index.html' : decoded).slice(1);
  try {
    const realRoot = await realpath(root);
    const real = await realpath(join(realRoot, ...relative.split('/')));
    if (!real.startsWith(realRoot + sep)) return { kind: 'not-found' };
    if (!(await stat(real)).isFile()) return { kind: 'not-found' };
    return { kind: 'file', file: real, body: await readFile(real), type: mimeType(real), isIndex: relative === 'index.html' };
  } catch {
    return { kind: 'not-found' };
  }
}
