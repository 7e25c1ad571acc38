/** Secrets for this session only: nothing is written anywhere (browser mode, or no keychain available). */
import { checkKey, type SecretStore } from './secret-store.js';

export class MemorySecretStore implements SecretStore {
  readonly kind = 'memory' as const;
  readonly persistent = false;
  private readonly values = new Map<string, string>();

  async get(key: string): Promise<string | null> {
    checkKey(key);
    return this.values.get(key) ?? null;
  }

  async set(key: string, value: string): Promise<void> {
    checkKey(key);
    this.values.set(key, value);
  }

  async delete(key: string): Promise<void> {
    checkKey(key);
    this.values.delete(key);
  }
}
