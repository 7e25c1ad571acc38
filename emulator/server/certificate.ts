/**
 * The instance certificate: generated at start (selfsigned), ECDSA P-256 / SHA-256, SAN DNS:localhost plus
 * the IP of each listen address, so clients can validate it with the PEM as their CA. EC rather than RSA 2048:
 * the key takes ~10 ms instead of 100-400 ms, which `npm start` waits for; tedious and FreeTDS negotiate
 * ECDHE-ECDSA suites in TLS 1.2 and 1.3. It is kept in the user's cache folder between starts
 * (certificate-cache.ts), so a start usually loads neither a key generator nor the certificate library.
 */
import { isIP } from 'node:net';
import { createSecureContext, type SecureContext } from 'node:tls';
import { readCachedCertificate, writeCachedCertificate } from './certificate-cache.js';

export interface Certificate {
  readonly certPem: string;
  readonly keyPem: string;
}

const cache = new Map<string, Promise<Certificate>>();

/** One certificate per set of hosts per process. */
export function certificateFor(hosts: readonly string[]): Promise<Certificate> {
  const ips = [...new Set(hosts.filter((h) => isIP(h) !== 0 && h !== '0.0.0.0' && h !== '::'))].sort();
  const key = ips.join(',');
  let p = cache.get(key);
  if (!p) {
    p = make(ips);
    cache.set(key, p);
    p.catch(() => cache.delete(key));
  }
  return p;
}

async function make(ips: readonly string[]): Promise<Certificate> {
  const cached = readCachedCertificate(ips);
  if (cached) return cached;
  const { generate } = await import('selfsigned');
  const now = new Date();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    curve: 'P-256',
    algorithm: 'sha256',
    notBeforeDate: new Date(now.getTime() - 60 * 60 * 1000),
    notAfterDate: new Date(now.getTime() + 365 * 24 * 60 * 60 * 1000),
    extensions: [
      { name: 'basicConstraints', cA: false },
      // An EC key signs the handshake; it never enciphers a key (that is RSA key transport).
      { name: 'keyUsage', digitalSignature: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, ...ips.map((ip) => ({ type: 7 as const, ip }))] },
    ],
  });
  const cert = { certPem: pems.cert, keyPem: pems.private };
  writeCachedCertificate(ips, cert);
  return cert;
}

/** TLS inside PRELOGIN is capped at 1.2: a TLS 1.3 client Finished would get no server flight to answer it. */
export function preloginContext(cert: Certificate): SecureContext {
  return createSecureContext({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' });
}

/** TDS 8 strict: TLS first on the socket; 1.3 welcome. */
export function strictContext(cert: Certificate): SecureContext {
  return createSecureContext({ cert: cert.certPem, key: cert.keyPem, minVersion: 'TLSv1.2' });
}
