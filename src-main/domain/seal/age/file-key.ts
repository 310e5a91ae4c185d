/**
 * File key generation and the shared ChaCha20-Poly1305 wrap with a zero nonce that the native
 * recipient types use. age spec (C2SP age), "File key", "X25519 recipient stanza", "scrypt recipient stanza".
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** age spec, "File key": 128-bit. */
export const FILE_KEY_BYTES = 16;
/** A wrapped file key: 16 bytes of ciphertext plus the 16-byte Poly1305 tag. */
export const WRAPPED_FILE_KEY_BYTES = FILE_KEY_BYTES + 16;
const ZERO_NONCE = new Uint8Array(12);

/** age spec, "File key": 16 bytes of CSPRNG output, never reused across files. */
export function generateFileKey(): Uint8Array {
  return new Uint8Array(randomBytes(FILE_KEY_BYTES));
}

/** HKDF-SHA-256 with 32 bytes of output, as every age derivation uses. */
export function hkdfSha256(ikm: Uint8Array, salt: Uint8Array, info: string): Uint8Array {
  return new Uint8Array(hkdfSync('sha256', ikm, salt, info, 32));
}

/** Encrypts the file key under `wrapKey` with ChaCha20-Poly1305 and a 12-byte zero nonce. */
export function wrapFileKey(wrapKey: Uint8Array, fileKey: Uint8Array): Uint8Array {
  const cipher = createCipheriv('chacha20-poly1305', wrapKey, ZERO_NONCE, { authTagLength: 16 });
  return new Uint8Array(Buffer.concat([cipher.update(fileKey), cipher.final(), cipher.getAuthTag()]));
}

/**
 * Decrypts a wrapped file key; null when authentication fails (a stanza for someone else). Callers check
 * the body length first (age spec: to mitigate partitioning oracle attacks).
 */
export function unwrapFileKey(wrapKey: Uint8Array, body: Uint8Array): Uint8Array | null {
  const decipher = createDecipheriv('chacha20-poly1305', wrapKey, ZERO_NONCE, { authTagLength: 16 });
  decipher.setAuthTag(body.subarray(FILE_KEY_BYTES));
  const fileKey = decipher.update(body.subarray(0, FILE_KEY_BYTES));
  try {
    decipher.final();
  } catch {
    // Why: a failed tag only means "not for this key"; the caller moves on to the next stanza.
    return null;
  }
  return new Uint8Array(fileKey);
}
