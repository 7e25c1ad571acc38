/** The secret stores: real files in temp dirs, ciphertext only on disk, damaged files never overwritten. */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, test } from 'vitest';
import { testSafeStorage } from '../servers/tests/test-safe-storage.js';
import { chooseSecretStore } from './choose-store.js';
import { LibsecretSecretStore } from './libsecret-store.js';
import { MemorySecretStore } from './memory-store.js';
import { SafeStorageSecretStore } from './safe-storage-store.js';

const SECRET = 'P@ss "w0rd" ü;DROP';
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('SafeStorageSecretStore', () => {
  test('round trip; the file holds ciphertext only, mode 600, no temp files left', async () => {
    const file = join(dir, 'secrets.json');
    const store = new SafeStorageSecretStore(testSafeStorage(), file);
    await store.set('server:a', SECRET);
    await store.set('server:b', 'other');
    expect(await store.get('server:a')).toBe(SECRET);
    expect(await store.get('server:missing')).toBeNull();
    const text = await readFile(file, 'utf8');
    expect(text).not.toContain(SECRET);
    expect(text).not.toContain('other');
    expect(Object.keys(JSON.parse(text).entries)).toEqual(['server:a', 'server:b']);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(dir)).toEqual(['secrets.json']);
    await store.delete('server:a');
    expect(await store.get('server:a')).toBeNull();
    expect(await store.get('server:b')).toBe('other');
  });

  test('concurrent writes keep every entry', async () => {
    const store = new SafeStorageSecretStore(testSafeStorage(), join(dir, 's.json'));
    await Promise.all(Array.from({ length: 20 }, (_, i) => store.set(`k${i}`, `v${i}`)));
    for (let i = 0; i < 20; i++) expect(await store.get(`k${i}`)).toBe(`v${i}`);
  });

  test('a damaged file is reported and never overwritten', async () => {
    const file = join(dir, 'secrets.json');
    await writeFile(file, 'not json', 'utf8');
    const store = new SafeStorageSecretStore(testSafeStorage(), file);
    await expect(store.set('k', SECRET)).rejects.toMatchObject({ code: 'PARSE_ERROR' });
    expect(await readFile(file, 'utf8')).toBe('not json');
  });

  test("refuses Linux's basic_text backend (no keychain) instead of writing weakly protected secrets", async () => {
    const weak = testSafeStorage('basic_text');
    expect(SafeStorageSecretStore.usable(weak)).toBe(false);
    const store = new SafeStorageSecretStore(weak, join(dir, 's.json'));
    await expect(store.set('k', SECRET)).rejects.toMatchObject({ code: 'UNSUPPORTED' });
    expect(await readdir(dir)).toEqual([]);
  });

  test('a key from another machine cannot be decrypted: a clear LOCKED error without the secret', async () => {
    const file = join(dir, 's.json');
    await new SafeStorageSecretStore(testSafeStorage(), file).set('k', SECRET);
    const err = await new SafeStorageSecretStore(testSafeStorage(), file).get('k').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'LOCKED' });
    expect(String((err as Error).message)).not.toContain(SECRET);
  });

  test('keys are checked', async () => {
    const store = new SafeStorageSecretStore(testSafeStorage(), join(dir, 's.json'));
    await expect(store.set('../x y', SECRET)).rejects.toThrow(/secret key/);
  });
});

describe('MemorySecretStore', () => {
  test('keeps secrets in memory only', async () => {
    const store = new MemorySecretStore();
    await store.set('server:x', SECRET);
    expect(await store.get('server:x')).toBe(SECRET);
    await store.delete('server:x');
    expect(await store.get('server:x')).toBeNull();
    expect(store.persistent).toBe(false);
  });
});

describe('chooseSecretStore', () => {
  test('safeStorage when usable, otherwise libsecret or memory', async () => {
    expect((await chooseSecretStore({ safeStorage: testSafeStorage(), userDataDir: dir })).kind).toBe('safeStorage');
    expect((await chooseSecretStore({ safeStorage: testSafeStorage('basic_text'), userDataDir: dir, useLibsecret: false })).kind).toBe('memory');
    expect((await chooseSecretStore({ userDataDir: dir, useLibsecret: false })).kind).toBe('memory');
  });
});

describe('LibsecretSecretStore', async () => {
  const available = await LibsecretSecretStore.available();
  test('a missing secret-tool is detected', async () => {
    expect(await LibsecretSecretStore.available(join(dir ?? tmpdir(), 'no-such-secret-tool'))).toBe(false);
  });
  test('the secret reaches secret-tool on stdin only, never in its arguments', async () => {
    // A stand-in for secret-tool that records its arguments: it checks our side of the protocol, not libsecret.
    const tool = join(dir, 'secret-tool');
    await writeFile(
      tool,
      [
        '#!/bin/sh',
        `D='${dir}'`,
        'printf "%s\\n" "$*" >> "$D/argv.log"',
        'case "$1" in',
        '  store) cat > "$D/$6.secret" ;;',
        '  lookup) if [ -f "$D/$5.secret" ]; then cat "$D/$5.secret"; else exit 1; fi ;;',
        '  clear) rm -f "$D/$5.secret" ;;',
        'esac',
        '',
      ].join('\n'),
      { mode: 0o755 },
    );
    expect(await LibsecretSecretStore.available(tool)).toBe(true);
    const store = new LibsecretSecretStore(tool);
    expect(await store.get('server:a')).toBeNull();
    await store.set('server:a', SECRET);
    expect(await store.get('server:a')).toBe(SECRET);
    await store.delete('server:a');
    expect(await store.get('server:a')).toBeNull();
    const argv = await readFile(join(dir, 'argv.log'), 'utf8');
    expect(argv).toContain('store --label=SSIS Designer server:a service ssis-designer key server:a');
    expect(argv).not.toContain(SECRET);
  });

  // Needs libsecret-tools and a running keyring (D-Bus session); not present on the build machine.
  test.skipIf(!available)('round trip through the desktop keyring', async () => {
    const store = new LibsecretSecretStore();
    const key = `test:${process.pid}`;
    await store.set(key, SECRET);
    expect(await store.get(key)).toBe(SECRET);
    await store.delete(key);
    expect(await store.get(key)).toBeNull();
  });
});
