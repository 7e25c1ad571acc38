/**
 * The emulator's development certificate, kept between starts in the user's cache folder (never the repository)
 * so that `npm start` neither generates a key nor loads the certificate library each time. One file per set of
 * listen IPs; it is used only while it is valid for another day, names every IP and localhost, and matches its
 * key; otherwise a new one is made and replaces it. Only the current user can read it (the folder is 0700, the
 * file 0600); it protects nothing but a local emulator's test traffic.
 */
import { createHash, createPrivateKey, randomBytes, X509Certificate } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export interface CachedCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The per-user cache folder of the platform: %LOCALAPPDATA%, ~/Library/Caches or $XDG_CACHE_HOME (~/.cache). */
function cacheDir(): string {
  const base =
    process.platform === 'win32'
      ? (process.env.LOCALAPPDATA ?? join(homedir(), 'AppData', 'Local'))
      : process.platform === 'darwin'
        ? join(homedir(), 'Library', 'Caches')
        : (process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'));
  return join(base, 'ssisd-emulator');
}

function fileFor(ips: readonly string[]): string {
  const key = createHash('sha256').update(`ec-p256|localhost|${ips.join(',')}`).digest('hex').slice(0, 16);
  return join(cacheDir(), `certificate-${key}.json`);
}

/** The cached certificate for these IPs, or null when there is none usable (missing, expiring, foreign, damaged). */
export function readCachedCertificate(ips: readonly string[], now = Date.now()): CachedCertificate | null {
  const file = fileFor(ips);
  try {
    // Someone else's file (or one others may write) is not trusted with the key.
    const st = statSync(file);
    if (process.platform !== 'win32' && (st.uid !== process.getuid?.() || (st.mode & 0o077) !== 0)) return null;
    const { certPem, keyPem } = JSON.parse(readFileSync(file, 'utf8')) as Partial<CachedCertificate>;
    if (typeof certPem !== 'string' || typeof keyPem !== 'string') return null;
    const x509 = new X509Certificate(certPem);
    if (Date.parse(x509.validFrom) > now || Date.parse(x509.validTo) < now + DAY_MS) return null;
    if (!x509.checkHost('localhost') || ips.some((ip) => !x509.checkIP(ip))) return null;
    if (!x509.checkPrivateKey(createPrivateKey(keyPem))) return null;
    return { certPem, keyPem };
  } catch {
    return null;
  }
}

/** Keeps the certificate for the next start; a folder that cannot be written only means no cache. */
export function writeCachedCertificate(ips: readonly string[], cert: CachedCertificate): void {
  const file = fileFor(ips);
  const tmp = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    mkdirSync(cacheDir(), { recursive: true, mode: 0o700 });
    if (process.platform !== 'win32') chmodSync(cacheDir(), 0o700);
    writeFileSync(tmp, JSON.stringify({ certPem: cert.certPem, keyPem: cert.keyPem }), { mode: 0o600, flag: 'wx' });
    renameSync(tmp, file);
  } catch {
    rmSync(tmp, { force: true });
  }
}
