/**
 * Secrets encrypted by Electron's safeStorage (OS keychain key: Keychain, DPAPI, libsecret/kwallet), the
 * ciphertext kept in one JSON file. The main process passes the `safeStorage` object in, so this file stays
 * free of Electron imports and runs under plain Node in tests.
 */
import { readFile } from 'node:fs/promises';
import { AppFailure } from '../../../shared/result.js';
import { writeFileAtomic } from './atomic-write.js';
import { checkKey, type SecretStore } from './secret-store.js';

/** The part of Electron's `safeStorage` this store uses. */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only: 'basic_text' means no keychain (a hard-coded key), which this store refuses. */
  getSelectedStorageBackend?(): string;
}

interface SecretsFile {
  version: 1;
  entries: Record<string, string>;
}

export class SafeStorageSecretStore implements SecretStore {
  readonly kind = 'safeStorage' as const;
  readonly persistent = true;
  private queue: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly safeStorage: SafeStorageLike,
    /** e.g. <userData>/secrets.json */
    private readonly filePath: string,
  ) {}

  /** True when safeStorage has a real OS keychain behind it. */
  static usable(safeStorage: SafeStorageLike): boolean {
    if (!safeStorage.isEncryptionAvailable()) return false;
    return safeStorage.getSelectedStorageBackend?.() !== 'basic_text';
  }

  async get(key: string): Promise<string | null> {
    checkKey(key);
    return this.serial(async () => {
      const cipher = (await this.load()).entries[key];
      if (cipher === undefined) return null;
      this.requireKeychain();
      try {
        return this.safeStorage.decryptString(Buffer.from(cipher, 'base64'));
      } catch {
        throw new AppFailure('LOCKED', 'The saved password cannot be decrypted (the OS keychain key changed). Enter the password again.', { key });
      }
    });
  }

  async set(key: string, value: string): Promise<void> {
    checkKey(key);
    await this.serial(async () => {
      this.requireKeychain();
      const file = await this.load();
      file.entries[key] = this.safeStorage.encryptString(value).toString('base64');
      await this.save(file);
    });
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    await this.serial(async () => {
      const file = await this.load();
      if (!(key in file.entries)) return;
      delete file.entries[key];
      await this.save(file);
    });
  }

  /** One operation at a time, so two writers never lose each other's entries. */
  private serial<T>(work: () => Promise<T>): Promise<T> {
    const next = this.queue.then(work, work);
    this.queue = next.catch(() => undefined);
    return next;
  }

  private requireKeychain(): void {
    if (!SafeStorageSecretStore.usable(this.safeStorage)) {
      throw new AppFailure('UNSUPPORTED', 'The OS keychain is not available, so passwords cannot be saved; they will be asked for each session.');
    }
  }

  private async load(): Promise<SecretsFile> {
    let text: string;
    try {
      text = await readFile(this.filePath, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, entries: {} };
      throw new AppFailure('IO_ERROR', `Cannot read the saved passwords file ${this.filePath}: ${(e as Error).message}`);
    }
    try {
      const parsed = JSON.parse(text) as Partial<SecretsFile>;
      if (parsed.version !== 1 || typeof parsed.entries !== 'object' || parsed.entries === null) throw new Error('unexpected layout');
      const entries: Record<string, string> = {};
      for (const [k, v] of Object.entries(parsed.entries)) if (typeof v === 'string') entries[k] = v;
      return { version: 1, entries };
    } catch {
      // Never overwrite a file we cannot read: the user would lose every saved password.
      throw new AppFailure('PARSE_ERROR', `The saved passwords file ${this.filePath} is damaged; move it away to start over.`);
    }
  }

  private async save(file: SecretsFile): Promise<void> {
    await writeFileAtomic(this.filePath, `${JSON.stringify(file, null, 2)}\n`, 0o600);
  }
}
