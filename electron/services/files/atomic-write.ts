/**
 * Atomic writes: the new content goes to a temp file in the same folder, is flushed to disk, then renamed
 * over the target, so a reader sees the old file or the new one, never half of one. With `expected`, the
 * write is refused (CONFLICT) when the file on disk is no longer what was read.
 */
import { randomBytes } from 'node:crypto';
import { open, rename, stat, unlink, chmod } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { AppFailure } from '../../../shared/result.js';
import { currentFingerprint, encodeText, fileError, hashBytes, sameContent, type Fingerprint, type TextEncoding } from './text-file.js';

export interface WriteOptions {
  /** What the caller read; when the file now differs, the write fails with CONFLICT. null = must not exist. */
  readonly expected?: Fingerprint | null;
  readonly encoding?: TextEncoding;
}

/** The prefix of temp files, so tests and cleanup can recognise them. */
export const TEMP_PREFIX = '.ssisd-';

export async function writeFileAtomic(path: string, data: Uint8Array, expected?: Fingerprint | null): Promise<Fingerprint> {
  if (expected !== undefined) await assertUnchanged(path, expected);
  const dir = dirname(path);
  const tmp = join(dir, `${TEMP_PREFIX}${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  let mode: number | undefined;
  try {
    mode = (await stat(path)).mode & 0o777;
  } catch {
    mode = undefined;
  }
  try {
    const fh = await open(tmp, 'wx', mode ?? 0o644);
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
    if (mode !== undefined) await chmod(tmp, mode);
    await rename(tmp, path);
  } catch (e) {
    await unlink(tmp).catch(() => undefined);
    throw fileError(e, path);
  }
  await syncDir(dir);
  const st = await stat(path);
  return { mtimeMs: st.mtimeMs, size: data.length, sha256: hashBytes(data) };
}

export async function writeTextFileAtomic(path: string, text: string, options: WriteOptions = {}): Promise<Fingerprint> {
  return writeFileAtomic(path, encodeText(text, options.encoding ?? 'utf8'), options.expected);
}

/** Throws CONFLICT when the file on disk differs from `expected` (null: when it exists at all). */
export async function assertUnchanged(path: string, expected: Fingerprint | null): Promise<void> {
  const now = await currentFingerprint(path, expected ?? undefined);
  if (sameContent(now, expected)) return;
  const name = basename(path);
  const message =
    expected === null
      ? `${name} already exists on disk.`
      : now === null
        ? `${name} was deleted on disk after it was opened. Reload to see the current files; nothing was written.`
        : `${name} was changed on disk after it was opened. Reload to see the changes, then try again; nothing was written.`;
  throw new AppFailure(expected === null ? 'ALREADY_EXISTS' : 'CONFLICT', message, { path });
}

/** Makes the rename durable; not every platform can open a folder, so failures are ignored. */
async function syncDir(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r');
    try {
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch {
    /* best effort */
  }
}
