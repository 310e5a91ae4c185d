// Encryption of secret records at rest (docs/PROTOCOL.md §8). Stored value layout, version 1:
//   0x01 ‖ nonce (12 bytes, fresh random per write) ‖ ChaCha20-Poly1305 ciphertext ‖ tag (16 bytes)
// with the record's database key (UTF-8) as associated data. Binding the database key means a
// ciphertext copied under another document id fails authentication instead of opening as that
// document's share. Random 96-bit nonces are safe here: a node writes far fewer than 2^32 records
// under one storage key, keeping the nonce-collision chance negligible.
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SealdropError } from '../../../../../src-shared/errors.ts';

/** The first byte of every encrypted value; a new layout gets a new number, old ones stay readable. */
export const SEALED_FORMAT_VERSION = 0x01;
const NONCE_LENGTH = 12;
const TAG_LENGTH = 16;
const KEY_LENGTH = 32;

/** Encrypts `plaintext` for storage under `databaseKey`; the caller still owns (and may wipe) `plaintext`. */
export function sealValue(storageKey: Uint8Array, databaseKey: string, plaintext: Uint8Array): Uint8Array {
  checkKey(storageKey);
  const nonce = randomBytes(NONCE_LENGTH);
  const cipher = createCipheriv('chacha20-poly1305', storageKey, nonce, { authTagLength: TAG_LENGTH });
  cipher.setAAD(Buffer.from(databaseKey, 'utf8'), { plaintextLength: plaintext.length });
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  const out = new Uint8Array(1 + NONCE_LENGTH + body.length + TAG_LENGTH);
  out[0] = SEALED_FORMAT_VERSION;
  out.set(nonce, 1);
  out.set(body, 1 + NONCE_LENGTH);
  out.set(cipher.getAuthTag(), 1 + NONCE_LENGTH + body.length);
  return out;
}

/**
 * Decrypts a value written by `sealValue` under the same `databaseKey`. Any failure (unknown version,
 * short value, wrong storage key, altered or moved bytes) is 'storage-tampered' with `what` as the
 * subject of the message; the returned plaintext is a fresh buffer the caller should wipe after use.
 */
export function openValue(storageKey: Uint8Array, databaseKey: string, sealed: Uint8Array, what: string, details: Record<string, string>): Uint8Array {
  checkKey(storageKey);
  if (sealed.length < 1 + NONCE_LENGTH + TAG_LENGTH) {
    throw new SealdropError('storage-tampered', `${what} is cut short: it was changed or corrupted on disk.`, details);
  }
  if (sealed[0] !== SEALED_FORMAT_VERSION) {
    throw new SealdropError('storage-tampered', `${what} has an unknown format version ${sealed[0]}: it was changed, corrupted, or written by a newer Sealdrop.`, details);
  }
  const nonce = sealed.subarray(1, 1 + NONCE_LENGTH);
  const body = sealed.subarray(1 + NONCE_LENGTH, sealed.length - TAG_LENGTH);
  const tag = sealed.subarray(sealed.length - TAG_LENGTH);
  const decipher = createDecipheriv('chacha20-poly1305', storageKey, nonce, { authTagLength: TAG_LENGTH });
  decipher.setAAD(Buffer.from(databaseKey, 'utf8'), { plaintextLength: body.length });
  decipher.setAuthTag(tag);
  const plaintext = new Uint8Array(body.length);
  const head = decipher.update(body);
  plaintext.set(head);
  head.fill(0);
  try {
    decipher.final();
  } catch (cause) {
    // Fail closed: unauthenticated plaintext is wiped and never returned. The two causes cannot be
    // told apart cryptographically, so the message names both.
    plaintext.fill(0);
    throw new SealdropError(
      'storage-tampered',
      `${what} fails authentication: it was changed or moved on disk, or the store was opened with another node key.`,
      details,
      { cause },
    );
  }
  return plaintext;
}

function checkKey(storageKey: Uint8Array): void {
  if (!(storageKey instanceof Uint8Array) || storageKey.length !== KEY_LENGTH) {
    throw new SealdropError('bad-argument', `A storage key must be ${KEY_LENGTH} bytes.`);
  }
}
