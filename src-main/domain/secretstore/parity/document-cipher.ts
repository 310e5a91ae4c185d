// Parity's legacy document cipher (`secretstore_encrypt`, PARITY.md §4.5): AES-128-CTR with
// key = M.x[0..16], a random 16-byte IV, output ct ‖ iv, no MAC. Kept only to read and write
// Parity-made data; Sealdrop files use age (DESIGN §2), which authenticates.
import { createCipheriv, randomBytes } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { pointFromPublic } from '../math/encoding.ts';

const IV_LENGTH = 16;

function keyFromDocumentKey(documentKey: Uint8Array): Buffer {
  // Validates that M is a curve point; Parity uses only the first 16 bytes of X (no KDF).
  pointFromPublic(documentKey);
  return Buffer.from(documentKey.subarray(0, 16));
}

function ctr(key: Buffer, iv: Uint8Array, data: Uint8Array): Buffer {
  // Node's aes-128-ctr uses the full 128-bit big-endian counter, as parity-crypto's encrypt_128_ctr.
  const cipher = createCipheriv('aes-128-ctr', key, iv);
  return Buffer.concat([cipher.update(data), cipher.final()]);
}

/** Encrypts like Parity's `secretstore_encrypt`: ct ‖ iv under M.x[0..16]. Unauthenticated. */
export function parityDocumentEncrypt(documentKey: Uint8Array, plaintext: Uint8Array): Uint8Array {
  const iv = randomBytes(IV_LENGTH);
  return Buffer.concat([ctr(keyFromDocumentKey(documentKey), iv, plaintext), iv]);
}

/** Decrypts Parity's `secretstore_decrypt` format ct ‖ iv. A wrong key yields garbage, not an error. */
export function parityDocumentDecrypt(documentKey: Uint8Array, encrypted: Uint8Array): Uint8Array {
  if (encrypted.length < IV_LENGTH) throw new SealdropError('bad-argument', 'A Parity document ciphertext ends with a 16-byte IV.');
  const split = encrypted.length - IV_LENGTH;
  return ctr(keyFromDocumentKey(documentKey), encrypted.subarray(split), encrypted.subarray(0, split));
}
