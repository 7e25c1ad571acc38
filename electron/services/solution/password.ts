/**
 * SSIS password protection (EncryptAllWithPassword / EncryptSensitiveWithPassword). SSIS derives the key
 * the way .NET's PasswordDeriveBytes.CryptDeriveKey does (CryptoAPI CryptDeriveKey): SHA-1 of the UTF-8
 * password, expanded with the 0x36/0x5C pads when the cipher needs more than 20 bytes. The salt is written
 * but not part of the key. Triple DES-CBC unless an xmlenc `Algorithm` names AES. Checked against the
 * corpus (SampleSSISProjectSQL2016, password "ssis123": the manifest, Project.params, .conmgr and .dtsx).
 */
import { createCipheriv, createDecipheriv, createHash } from 'node:crypto';
import { AppFailure } from '../../../shared/result.js';

function deriveKey(password: string, length: number): Buffer {
  const h = createHash('sha1').update(Buffer.from(password, 'utf8')).digest();
  const inner = Buffer.alloc(64, 0x36);
  const outer = Buffer.alloc(64, 0x5c);
  for (let i = 0; i < h.length; i++) {
    inner[i]! ^= h[i]!;
    outer[i]! ^= h[i]!;
  }
  const expanded = Buffer.concat([createHash('sha1').update(inner).digest(), createHash('sha1').update(outer).digest()]);
  return expanded.subarray(0, length);
}

function cipherFor(algorithm: string | null): { name: string; keyLength: number; ivLength: number } {
  const a = (algorithm ?? '').toLowerCase();
  if (a.endsWith('aes256-cbc')) return { name: 'aes-256-cbc', keyLength: 32, ivLength: 16 };
  if (a.endsWith('aes192-cbc')) return { name: 'aes-192-cbc', keyLength: 24, ivLength: 16 };
  if (a.endsWith('aes128-cbc')) return { name: 'aes-128-cbc', keyLength: 16, ivLength: 16 };
  if (a === '' || a.endsWith('tripledes-cbc')) return { name: 'des-ede3-cbc', keyLength: 24, ivLength: 8 };
  throw new AppFailure('UNSUPPORTED', `Unsupported SSIS encryption algorithm ${algorithm}`);
}

/**
 * Decrypts a password-protected block to its UTF-8 XML text. Throws BAD_PASSWORD when the password is
 * wrong (padding or the decrypted text does not look like XML).
 */
export function decryptSsisBlock(o: { password: string; iv: string; cipherText: string; algorithm: string | null }): string {
  return decryptSsisBlockText(o).replace(/^\uFEFF/, '');
}

/** Like decryptSsisBlock, but keeps a leading BOM so that encrypting the text again gives the same bytes. */
export function decryptSsisBlockText(o: { password: string; iv: string; cipherText: string; algorithm: string | null }): string {
  const spec = cipherFor(o.algorithm);
  const iv = Buffer.from(o.iv, 'base64');
  if (iv.length !== spec.ivLength) throw new AppFailure('UNSUPPORTED', `Unexpected IV length ${iv.length} for ${spec.name}`);
  let data = Buffer.from(o.cipherText.replace(/\s+/g, ''), 'base64');
  // xmlenc EncryptedData prefixes the IV to the cipher value.
  if (data.length > iv.length && data.subarray(0, iv.length).equals(iv)) data = data.subarray(iv.length);
  let plain: Buffer;
  try {
    // Padding is removed by hand: xmlenc (whole-package encryption) pads ISO 10126 style (random bytes,
    // last byte = length), which OpenSSL's PKCS#7 check rejects; the manifest uses PKCS#7, which fits too.
    const d = createDecipheriv(spec.name, deriveKey(o.password, spec.keyLength), iv);
    d.setAutoPadding(false);
    const raw = Buffer.concat([d.update(data), d.final()]);
    const pad = raw[raw.length - 1] ?? 0;
    if (pad < 1 || pad > spec.ivLength || pad > raw.length) throw new Error('bad padding');
    plain = raw.subarray(0, raw.length - pad);
  } catch {
    throw new AppFailure('BAD_PASSWORD', 'The password is not correct.');
  }
  const text = plain.toString('utf8');
  if (!/^\uFEFF?\s*</.test(text) || text.includes('\uFFFD')) throw new AppFailure('BAD_PASSWORD', 'The password is not correct.');
  return text;
}

/**
 * Encrypts `text` as SSIS does for a manifest (CBC, PKCS#7 padding, base64 without line breaks). The caller
 * passes the IV the file already has, so an edit changes only the ciphertext and undoing it restores the
 * original bytes exactly.
 */
export function encryptSsisBlock(o: { password: string; iv: string; algorithm: string | null; text: string }): string {
  const spec = cipherFor(o.algorithm);
  const iv = Buffer.from(o.iv, 'base64');
  if (iv.length !== spec.ivLength) throw new AppFailure('UNSUPPORTED', `Unexpected IV length ${iv.length} for ${spec.name}`);
  const c = createCipheriv(spec.name, deriveKey(o.password, spec.keyLength), iv);
  return Buffer.concat([c.update(Buffer.from(o.text, 'utf8')), c.final()]).toString('base64');
}
