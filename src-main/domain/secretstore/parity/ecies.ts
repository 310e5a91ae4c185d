// Parity's ECIES envelope (parity-crypto 0.4 `publickey/ecies.rs`, PARITY.md §2.2):
//   Z = (r·P).x;  K = SHA256(00000001 ‖ Z)  (NIST concat KDF, counter 1, empty s1)
//   ekey = K[0..16];  mkey = SHA256(K[16..32])
//   out = 0x04 ‖ (r·G as X‖Y) ‖ iv ‖ AES-128-CTR(ekey, iv, m) ‖ HMAC-SHA256(mkey, iv ‖ c ‖ authData)
import { createCipheriv, createDecipheriv, createECDH, createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { PUBLIC_LENGTH, pointFromPublic, scalarFromSecret } from '../math/encoding.ts';

/** Auth data Parity uses for everything handed to clients (parity-crypto `DEFAULT_MAC`). */
export const DEFAULT_MAC: Uint8Array = Uint8Array.of(0, 0);
/** Bytes an envelope adds to its plaintext: 1 + 64 + 16 + 32. */
export const ECIES_OVERHEAD = 113;

const IV_LENGTH = 16;
const TAG_LENGTH = 32;

type Keys = { encryptionKey: Buffer; macKey: Buffer };

/**
 * Z = (secret·P).x through OpenSSL's constant-time secp256k1 ECDH (node:crypto), ~20x faster than
 * the pure-JS multiplication; ecdh.rs hashes nothing, so Z is the raw 32-byte x-coordinate, which is
 * exactly what ECDH computeSecret returns. `peer` must already be a validated point.
 */
function sharedX(secret: Uint8Array, peer: Uint8Array): Buffer {
  const ecdh = createECDH('secp256k1');
  ecdh.setPrivateKey(secret);
  return ecdh.computeSecret(Buffer.concat([Uint8Array.of(0x04), peer]));
}

function deriveKeys(z: Uint8Array): Keys {
  const k = createHash('sha256').update(Uint8Array.of(0, 0, 0, 1)).update(z).digest();
  return {
    encryptionKey: k.subarray(0, 16),
    macKey: createHash('sha256').update(k.subarray(16, 32)).digest(),
  };
}

function tag(macKey: Buffer, iv: Uint8Array, ciphertext: Uint8Array, authData: Uint8Array): Buffer {
  return createHmac('sha256', macKey).update(iv).update(ciphertext).update(authData).digest();
}

/** Encrypts `plaintext` to a 64-byte public key in Parity's envelope (fresh ephemeral key and IV). */
export function eciesEncrypt(recipientPublic: Uint8Array, plaintext: Uint8Array, authData: Uint8Array = DEFAULT_MAC): Uint8Array {
  // Validates the recipient key (on the curve, not the identity) before OpenSSL sees it.
  pointFromPublic(recipientPublic);
  // A fresh ephemeral key pair r, r·G for every envelope (node:crypto draws r from the OS CSPRNG).
  const ephemeral = createECDH('secp256k1');
  const ephemeralPublic = ephemeral.generateKeys().subarray(1);
  const { encryptionKey, macKey } = deriveKeys(ephemeral.computeSecret(Buffer.concat([Uint8Array.of(0x04), recipientPublic])));
  const iv = randomBytes(IV_LENGTH);
  const cipher = createCipheriv('aes-128-ctr', encryptionKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Uint8Array.of(0x04), ephemeralPublic, iv, ciphertext, tag(macKey, iv, ciphertext, authData)]);
}

/** Decrypts a Parity envelope with a 32-byte secret; throws `ciphertext-tampered` unless the MAC matches. */
export function eciesDecrypt(recipientSecret: Uint8Array, envelope: Uint8Array, authData: Uint8Array = DEFAULT_MAC): Uint8Array {
  // Refuses a secret outside [1, n−1] before OpenSSL sees it.
  scalarFromSecret(recipientSecret);
  if (envelope.length < ECIES_OVERHEAD) {
    throw new SealdropError('ciphertext-tampered', `An ECIES envelope is at least ${ECIES_OVERHEAD} bytes, got ${envelope.length}.`);
  }
  // Parity accepts a first byte of 2..4 and reads 64 bytes X‖Y regardless; every Parity encoder
  // writes 0x04, so we fail closed on anything else.
  if (envelope[0] !== 0x04) throw new SealdropError('ciphertext-tampered', 'The ECIES envelope does not start with 0x04.');
  const ivStart = 1 + PUBLIC_LENGTH;
  const bodyStart = ivStart + IV_LENGTH;
  const tagStart = envelope.length - TAG_LENGTH;
  const ephemeral = envelope.subarray(1, ivStart);
  try {
    pointFromPublic(ephemeral);
  } catch (cause) {
    throw new SealdropError('ciphertext-tampered', 'The ECIES ephemeral key is not a curve point.', {}, { cause });
  }
  const { encryptionKey, macKey } = deriveKeys(sharedX(recipientSecret, ephemeral));
  const iv = envelope.subarray(ivStart, bodyStart);
  const ciphertext = envelope.subarray(bodyStart, tagStart);
  const expected = tag(macKey, iv, ciphertext, authData);
  if (!timingSafeEqual(expected, envelope.subarray(tagStart))) {
    throw new SealdropError('ciphertext-tampered', 'The ECIES envelope fails authentication: wrong key or changed data.');
  }
  const decipher = createDecipheriv('aes-128-ctr', encryptionKey, iv);
  return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
}
