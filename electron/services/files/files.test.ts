import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, renameSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readTextFile } from './text-file.js';
import { TEMP_PREFIX, writeTextFileAtomic, writeFileAtomic } from './atomic-write.js';
import { watchFolders } from './watcher.js';
import { findCaseInsensitive, resolveProjectPath } from './paths.js';
import { AppFailure } from '../../../shared/result.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'ssisd-files-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('text files', () => {
  it('lets other events in while it reads many small files in a row (they are read synchronously)', async () => {
    const files = Array.from({ length: 5000 }, (_, i) => join(dir, `p${i}.dtsx`));
    for (const f of files) writeFileSync(f, '<DTS:Executable xmlns:DTS="www.microsoft.com/SqlServer/Dts" />');
    let turns = 0;
    const timer = setInterval(() => turns++, 1);
    try {
      for (const f of files) expect((await readTextFile(f)).text).toContain('DTS:Executable');
    } finally {
      clearInterval(timer);
    }
    expect(turns).toBeGreaterThan(0);
  });

  it('keeps BOM and CRLF through read and write', async () => {
    const p = join(dir, 'a.xml');
    const bytes = Buffer.from('\uFEFF<a>\r\n  é\r\n</a>', 'utf8');
    writeFileSync(p, bytes);
    const f = await readTextFile(p);
    expect(f.text.startsWith('\uFEFF')).toBe(true);
    expect(f.lossless).toBe(true);
    await writeTextFileAtomic(p, f.text, { expected: f.fingerprint, encoding: f.encoding });
    expect(readFileSync(p).equals(bytes)).toBe(true);
  });

  it('round-trips UTF-16 files and flags invalid UTF-8 as lossy', async () => {
    const p16 = join(dir, 'u16.xml');
    const b16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<a>ü</a>', 'utf16le')]);
    writeFileSync(p16, b16);
    const f16 = await readTextFile(p16);
    expect(f16.encoding).toBe('utf16le');
    await writeTextFileAtomic(p16, f16.text, { expected: f16.fingerprint, encoding: f16.encoding });
    expect(readFileSync(p16).equals(b16)).toBe(true);
    const bad = join(dir, 'bad.xml');
    writeFileSync(bad, Buffer.from([0x3c, 0x61, 0x3e, 0xff, 0x3c, 0x2f, 0x61, 0x3e]));
    expect((await readTextFile(bad)).lossless).toBe(false);
  });

  it('atomic write leaves no temp files and refuses a file changed since read', async () => {
    const p = join(dir, 'b.txt');
    writeFileSync(p, 'one');
    const f = await readTextFile(p);
    writeFileSync(p, 'changed by someone else');
    await expect(writeTextFileAtomic(p, 'two', { expected: f.fingerprint })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(readFileSync(p, 'utf8')).toBe('changed by someone else');
    const f2 = await readTextFile(p);
    await writeTextFileAtomic(p, 'three', { expected: f2.fingerprint });
    expect(readFileSync(p, 'utf8')).toBe('three');
    expect(readdirSync(dir).filter((n) => n.startsWith(TEMP_PREFIX))).toEqual([]);
  });

  it('expected null means the file must not exist; failures clean up the temp file', async () => {
    const p = join(dir, 'c.txt');
    writeFileSync(p, 'x');
    await expect(writeTextFileAtomic(p, 'y', { expected: null })).rejects.toBeInstanceOf(AppFailure);
    await expect(writeFileAtomic(join(dir, 'missing-dir', 'd.txt'), Buffer.from('z'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(readdirSync(dir).filter((n) => n.startsWith(TEMP_PREFIX))).toEqual([]);
  });

  it('reads missing files as NOT_FOUND and folders as IO_ERROR', async () => {
    await expect(readTextFile(join(dir, 'nope'))).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await expect(readTextFile(dir)).rejects.toMatchObject({ code: 'IO_ERROR' });
  });
});

describe('paths', () => {
  it('resolves backslash paths and case-only mismatches', async () => {
    mkdirSync(join(dir, 'Sub Dir'));
    writeFileSync(join(dir, 'Sub Dir', 'Child.DTSX'), 'x');
    const written = resolveProjectPath(dir, 'sub dir\\child.dtsx');
    expect(await findCaseInsensitive(written)).toBe(join(dir, 'Sub Dir', 'Child.DTSX'));
    expect(await findCaseInsensitive(join(dir, 'nothing.dtsx'))).toBeNull();
  });
});

describe('watcher', () => {
  it('reports a burst once, including editors that save by renaming a temp file', async () => {
    const p = join(dir, 'w.txt');
    writeFileSync(p, '1');
    const calls: Set<string>[] = [];
    const w = watchFolders([dir], (names) => calls.push(new Set(names)), { debounceMs: 80 });
    try {
      writeFileSync(join(dir, 'w.txt.tmp~'), '2');
      renameSync(join(dir, 'w.txt.tmp~'), p);
      writeFileSync(p, '3');
      await new Promise((r) => setTimeout(r, 400));
      expect(calls.length).toBe(1);
      expect(calls[0]!.has('w.txt')).toBe(true);
      writeFileSync(p, '4');
      await new Promise((r) => setTimeout(r, 400));
      expect(calls.length).toBe(2);
    } finally {
      w.close();
    }
  });
});
