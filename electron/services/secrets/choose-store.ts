/** Picks the best secret store available: Electron safeStorage, then libsecret, then this session's memory. */
import { join } from 'node:path';
import { LibsecretSecretStore } from './libsecret-store.js';
import { MemorySecretStore } from './memory-store.js';
import { SafeStorageSecretStore, type SafeStorageLike } from './safe-storage-store.js';
import type { SecretStore } from './secret-store.js';

export interface ChooseSecretStoreOptions {
  /** Electron's safeStorage, passed by the main process; absent in browser mode and the CLI. */
  readonly safeStorage?: SafeStorageLike | null;
  readonly userDataDir: string;
  /** Try `secret-tool` when safeStorage is not usable (default true). */
  readonly useLibsecret?: boolean;
}

export async function chooseSecretStore(opts: ChooseSecretStoreOptions): Promise<SecretStore> {
  if (opts.safeStorage && SafeStorageSecretStore.usable(opts.safeStorage)) {
    return new SafeStorageSecretStore(opts.safeStorage, join(opts.userDataDir, 'secrets.json'));
  }
  if (opts.useLibsecret !== false && (await LibsecretSecretStore.available())) return new LibsecretSecretStore();
  return new MemorySecretStore();
}
