/**
 * Text files read with the bytes needed to write them back unchanged (encoding, BOM) and a fingerprint
 * (mtime + size + SHA-256) that tells whether the file changed on disk since it was read.
 */
import { createHash } from 'node:crypto';
import { closeSync, fstatSync, openSync, readFileSync, type Stats } from 'node:fs';
import { open, readFile, stat } from 'node:fs/promises';
import { AppFailure } from '../../../shared/result.js';

export type TextEncoding = 'utf8' | 'utf16le';

export interface Fingerprint {
  readonly mtimeMs: number;
  readonly size: number;
  readonly sha256: string;
}

export interface TextFile {
  readonly path: string;
  /** Decoded text; a BOM is kept as a leading U+FEFF so writing the text back restores it. */
  readonly text: string;
  readonly encoding: TextEncoding;
  /** False when decoding lost information (invalid UTF-8): such a file must never be written back. */
  readonly lossless: boolean;
  readonly fingerprint: Fingerprint;
}

export const MAX_TEXT_FILE_BYTES = 64 * 1024 * 1024;

export function hashBytes(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function decodeText(bytes: Buffer): { text: string; encoding: TextEncoding; lossless: boolean } {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) {
    const text = bytes.toString('utf16le');
    return { text, encoding: 'utf16le', lossless: Buffer.from(text, 'utf16le').equals(bytes) };
  }
  const text = bytes.toString('utf8');
  // Re-encoding detects invalid UTF-8 (replaced by U+FFFD) without scanning twice in the common case.
  const lossless = text.indexOf('\uFFFD') === -1 || Buffer.from(text, 'utf8').equals(bytes);
  return { text, encoding: 'utf8', lossless };
}

export function encodeText(text: string, encoding: TextEncoding): Buffer {
  return Buffer.from(text, encoding);
}

/**
 * Files up to this size are read synchronously: SSIS files are small, a solution has thousands of them, and the
 * asynchronous route (four thread-pool round trips per file) cost more than the reads themselves (a 2,000-package
 * solution opened in twice the time). Bigger files go through the thread pool.
 */
const SYNC_READ_BYTES = 1024 * 1024;
/**
 * Synchronous opens-and-reads slower than this (a network share, a slow disk), three times, turn synchronous reads
 * off for the rest of the session: there, reads in flight together are faster, and a slow file must not hold the
 * event loop. (Three, so one cold read from a local disk does not.)
 */
const SLOW_SYNC_READ_MS = 5;
const SLOW_READS_BEFORE_ASYNC = 3;
let slowSyncReads = 0;
/**
 * Synchronous reads in a row (and whatever the caller does between them, e.g. parsing) hold the event loop; after
 * this long without a turn, a read lets other events (requests, the watcher) in first.
 */
const HOLD_EVENT_LOOP_MS = 10;
/** When the reads began holding the event loop; null once it has turned since. */
let holdingSince: number | null = null;

/** Reads a text file. Throws AppFailure NOT_FOUND / IO_ERROR with the path in a person's words. */
export async function readTextFile(path: string): Promise<TextFile> {
  let bytes: Buffer;
  let mtimeMs: number;
  try {
    ({ bytes, mtimeMs } = await readBytes(path));
  } catch (e) {
    throw fileError(e, path);
  }
  const { text, encoding, lossless } = decodeText(bytes);
  return { path, text, encoding, lossless, fingerprint: { mtimeMs, size: bytes.length, sha256: hashBytes(bytes) } };
}

/** The size check, the time stamp and (for a small file) the bytes come from one open file. */
async function readBytes(path: string): Promise<{ bytes: Buffer; mtimeMs: number }> {
  if (slowSyncReads >= SLOW_READS_BEFORE_ASYNC) return readBytesAsync(path);
  await letEventsIn();
  const started = performance.now();
  const fd = openSync(path, 'r');
  let mtimeMs: number;
  try {
    const st = fstatSync(fd);
    checkReadable(path, st);
    if (st.size <= SYNC_READ_BYTES) return { bytes: readFileSync(fd), mtimeMs: st.mtimeMs };
    mtimeMs = st.mtimeMs;
  } finally {
    closeSync(fd);
    if (performance.now() - started > SLOW_SYNC_READ_MS) slowSyncReads++;
  }
  return { bytes: await readFile(path), mtimeMs };
}

/** Yields to the event loop when synchronous reads have held it for HOLD_EVENT_LOOP_MS. */
async function letEventsIn(): Promise<void> {
  const now = performance.now();
  if (holdingSince === null) {
    holdingSince = now;
    setImmediate(() => (holdingSince = null));
  } else if (now - holdingSince > HOLD_EVENT_LOOP_MS) {
    await new Promise((r) => setImmediate(r));
  }
}

async function readBytesAsync(path: string): Promise<{ bytes: Buffer; mtimeMs: number }> {
  const handle = await open(path, 'r');
  try {
    const st = await handle.stat();
    checkReadable(path, st);
    return { bytes: await handle.readFile(), mtimeMs: st.mtimeMs };
  } finally {
    await handle.close();
  }
}

function checkReadable(path: string, st: Stats): void {
  if (st.isDirectory()) throw new AppFailure('IO_ERROR', `${path} is a folder, not a file`, { path });
  if (st.size > MAX_TEXT_FILE_BYTES) throw new AppFailure('IO_ERROR', `${path} is larger than ${MAX_TEXT_FILE_BYTES / 1024 / 1024} MB`, { path });
}

/** The file's current fingerprint, or null when it does not exist. */
export async function currentFingerprint(path: string, known?: Fingerprint): Promise<Fingerprint | null> {
  try {
    const st = await stat(path);
    // Same mtime and size: trust it without hashing (the cheap path the watcher takes for every file).
    if (known && st.mtimeMs === known.mtimeMs && st.size === known.size) return known;
    const bytes = await readFile(path);
    return { mtimeMs: st.mtimeMs, size: bytes.length, sha256: hashBytes(bytes) };
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw fileError(e, path);
  }
}

export function sameContent(a: Fingerprint | null, b: Fingerprint | null): boolean {
  if (a === null || b === null) return a === b;
  return a.size === b.size && a.sha256 === b.sha256;
}

/** Turns a Node file-system error into an AppFailure a person can act on. */
export function fileError(e: unknown, path: string): AppFailure {
  if (e instanceof AppFailure) return e;
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new AppFailure('NOT_FOUND', `File not found: ${path}`, { path });
  if (code === 'EACCES' || code === 'EPERM') return new AppFailure('IO_ERROR', `Permission denied: ${path}`, { path });
  if (code === 'EISDIR') return new AppFailure('IO_ERROR', `${path} is a folder, not a file`, { path });
  if (code === 'ENOSPC') return new AppFailure('IO_ERROR', `The disk is full; ${path} was not written`, { path });
  const msg = e instanceof Error ? e.message : String(e);
  return new AppFailure('IO_ERROR', `Cannot access ${path}: ${msg}`, { path });
}
