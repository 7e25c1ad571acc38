/** Secret stores for server passwords: Electron safeStorage (file of ciphertext), libsecret, or session memory. */
export type { SecretStore } from './secret-store.js';
export { SafeStorageSecretStore, type SafeStorageLike } from './safe-storage-store.js';
export { LibsecretSecretStore } from './libsecret-store.js';
export { MemorySecretStore } from './memory-store.js';
export { chooseSecretStore, type ChooseSecretStoreOptions } from './choose-store.js';
