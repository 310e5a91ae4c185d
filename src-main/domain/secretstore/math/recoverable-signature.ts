// Recoverable ECDSA r‖s‖v over a 32-byte digest that Sealdrop computed itself (peer messages, ACL
// records): RFC 6979 nonces, low-S, v ∈ {0, 1}. Stricter on input than the Parity requester rule
// (requester-signature.ts accepts v up to 3 for compatibility): these signatures are only ever made
// by Sealdrop, so exactly one encoding of each is accepted and a signature cannot be re-encoded.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { timingSafeEqual } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { SECRET_LENGTH, publicFromPoint, scalarFromSecret } from './encoding.ts';

/** Length of a recoverable signature r‖s‖v. */
export const RECOVERABLE_SIGNATURE_LENGTH = 65;
const DIGEST_LENGTH = 32;

/** Signs a 32-byte digest with a 32-byte secret: r‖s‖v, low-S, v ∈ {0, 1}. */
export function signDigest(secret: Uint8Array, digest: Uint8Array): Uint8Array {
  if (digest.length !== DIGEST_LENGTH) throw new SealdropError('bad-argument', 'A signed digest is 32 bytes.');
  scalarFromSecret(secret);
  // prehash:false: the digest is already a hash. noble's 'recovered' format is v‖r‖s; we send r‖s‖v.
  const recovered = secp256k1.sign(digest, secret, { prehash: false, format: 'recovered', lowS: true });
  const signature = new Uint8Array(RECOVERABLE_SIGNATURE_LENGTH);
  signature.set(recovered.subarray(1, 1 + 2 * SECRET_LENGTH), 0);
  signature[64] = recovered[0] ?? 0;
  return signature;
}

/** The 64-byte public key that made `signature` over `digest`, or null for any malformed or high-S signature. */
export function recoverDigestSigner(signature: Uint8Array, digest: Uint8Array): Uint8Array | null {
  if (signature.length !== RECOVERABLE_SIGNATURE_LENGTH || digest.length !== DIGEST_LENGTH) return null;
  const v = signature[64] ?? 255;
  if (v > 1) return null;
  const recovered = new Uint8Array(RECOVERABLE_SIGNATURE_LENGTH);
  recovered[0] = v;
  recovered.set(signature.subarray(0, 64), 1);
  try {
    const parsed = secp256k1.Signature.fromBytes(recovered, 'recovered');
    // Low-S only: (r, n − s) would verify too, and a second valid encoding lets anyone alter signed bytes.
    if (parsed.hasHighS()) return null;
    return publicFromPoint(parsed.recoverPublicKey(digest));
  } catch {
    // r or s out of range, or no point for r: not a signature, so no signer.
    return null;
  }
}

/** Constant-time equality of two byte strings (false when the lengths differ). */
export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}
