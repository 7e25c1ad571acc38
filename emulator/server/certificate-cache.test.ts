import { X509Certificate } from 'node:crypto';
import { chmodSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from 'selfsigned';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { readCachedCertificate, writeCachedCertificate } from './certificate-cache.js';

const IPS = ['127.0.0.2', '127.0.0.3'];
let dir: string;
let savedXdg: string | undefined;

async function devCertificate(ips: readonly string[], validDays = 365) {
  const now = Date.now();
  const pems = await generate([{ name: 'commonName', value: 'localhost' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(now - 60_000),
    notAfterDate: new Date(now + validDays * 24 * 60 * 60 * 1000),
    extensions: [{ name: 'subjectAltName', altNames: [{ type: 2, value: 'localhost' }, ...ips.map((ip) => ({ type: 7 as const, ip }))] }],
  });
  return { certPem: pems.cert, keyPem: pems.private };
}

/** The one file the cache holds. */
function cacheFile(): string {
  const files = readdirSync(join(dir, 'ssisd-emulator'));
  expect(files).toHaveLength(1);
  return join(dir, 'ssisd-emulator', files[0] ?? '');
}

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssisd-cert-cache-'));
  savedXdg = process.env.XDG_CACHE_HOME;
  process.env.XDG_CACHE_HOME = dir;
});
afterEach(() => {
  if (savedXdg === undefined) delete process.env.XDG_CACHE_HOME;
  else process.env.XDG_CACHE_HOME = savedXdg;
  rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(process.platform !== 'linux')('emulator certificate cache', () => {
  test('a stored certificate comes back for the same IPs, readable by its owner only', async () => {
    const cert = await devCertificate(IPS);
    expect(readCachedCertificate(IPS)).toBeNull();
    writeCachedCertificate(IPS, cert);
    expect(readCachedCertificate(IPS)).toEqual(cert);
    expect(statSync(cacheFile()).mode & 0o777).toBe(0o600);
    expect(statSync(join(dir, 'ssisd-emulator')).mode & 0o777).toBe(0o700);
    expect(readCachedCertificate(['127.0.0.4'])).toBeNull();
  });

  test('a certificate that expires within a day, names other IPs, or lost its key is made again', async () => {
    const cert = await devCertificate(IPS);
    writeCachedCertificate(IPS, cert);
    const validTo = Date.parse(new X509Certificate(cert.certPem).validTo);
    expect(readCachedCertificate(IPS, validTo - 2 * 24 * 60 * 60 * 1000)).toEqual(cert);
    expect(readCachedCertificate(IPS, validTo - 12 * 60 * 60 * 1000)).toBeNull();

    writeCachedCertificate(IPS, await devCertificate(['127.0.0.2']));
    expect(readCachedCertificate(IPS)).toBeNull();

    const other = await devCertificate(IPS);
    writeCachedCertificate(IPS, { certPem: cert.certPem, keyPem: other.keyPem });
    expect(readCachedCertificate(IPS)).toBeNull();

    writeFileSync(cacheFile(), '{ damaged', { mode: 0o600 });
    expect(readCachedCertificate(IPS)).toBeNull();
  });

  test('a file others can read is not trusted', async () => {
    const cert = await devCertificate(IPS);
    writeCachedCertificate(IPS, cert);
    chmodSync(cacheFile(), 0o644);
    expect(readCachedCertificate(IPS)).toBeNull();
  });
});
