/**
 * Where server passwords live. Implementations never write a secret in plain text and never put one in an
 * error message. Failures are thrown as AppFailure; the services turn them into Result values.
 */
import type { SecretStoreKind } from '../../../shared/model/server.js';

export interface SecretStore {
  readonly kind: SecretStoreKind;
  /** false: secrets last only as long as this process (the user is asked again at the next start). */
  readonly persistent: boolean;
  get(key: string): Promise<string | null>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9._:-]{1,200}$/;

/** Keys are ours (e.g. "server:<uuid>"), never user text; reject anything else early. */
export function checkKey(key: string): void {
  if (!KEY.test(key)) throw new TypeError('secret key must be 1-200 characters of A-Z a-z 0-9 . _ : -');
}
