// The storage key that encrypts key shares at rest (docs/PROTOCOL.md §8). It is derived from the
// node's own secret rather than stored next to the database, so a copy of the database folder
// alone opens nothing.
import { hkdfSync } from 'node:crypto';
import { SealdropError } from '../../../../../src-shared/errors.ts';

/** HKDF info string of PROTOCOL §8; a new derivation (or purpose) needs a new string. */
export const STORAGE_KEY_INFO = 'sealdrop/v1/share-storage';
/** Length of the storage key: a ChaCha20-Poly1305 key. */
export const STORAGE_KEY_LENGTH = 32;

/** HKDF-SHA-256(ikm = the 32-byte node secret, salt = empty, info = STORAGE_KEY_INFO) → 32 bytes. */
export function deriveStorageKey(nodeSecret: Uint8Array): Uint8Array {
  if (nodeSecret.length !== 32) {
    throw new SealdropError('key-invalid', `A node secret must be 32 bytes, got ${nodeSecret.length}.`);
  }
  // Empty salt: the node secret is already uniformly random, HKDF-Extract only needs to condense it.
  return new Uint8Array(hkdfSync('sha256', nodeSecret, new Uint8Array(0), STORAGE_KEY_INFO, STORAGE_KEY_LENGTH));
}
