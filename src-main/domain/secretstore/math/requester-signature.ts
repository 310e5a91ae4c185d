// Requester signatures (PARITY.md §1.2, §2.3): a 65-byte recoverable ECDSA signature r‖s‖v, v ∈ {0,1},
// over the raw 32-byte document id — no prefix, no hashing, RFC 6979 nonce, low-S.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { addressFromPublic } from './address.ts';
import { SECRET_LENGTH, publicFromPoint, scalarFromSecret } from './encoding.ts';

/** Length of a requester signature r‖s‖v. */
export const SIGNATURE_LENGTH = 65;
/** Length of a document id (Parity's server key id). */
export const DOCUMENT_ID_LENGTH = 32;

function checkDocumentId(documentId: Uint8Array): void {
  if (documentId.length !== DOCUMENT_ID_LENGTH) {
    throw new SealdropError('bad-argument', `A document id must be ${DOCUMENT_ID_LENGTH} bytes, got ${documentId.length}.`);
  }
}

/** Signs a document id as Parity does, returning r‖s‖v (v ∈ {0,1}). */
export function signDocumentId(secret: Uint8Array, documentId: Uint8Array): Uint8Array {
  checkDocumentId(documentId);
  scalarFromSecret(secret);
  // prehash:false: Parity signs the raw 32 bytes. noble's 'recovered' format is v‖r‖s (checked
  // against the published Parity signatures), so the recovery byte moves to the end.
  const recovered = secp256k1.sign(documentId, secret, { prehash: false, format: 'recovered', lowS: true });
  const signature = new Uint8Array(SIGNATURE_LENGTH);
  signature.set(recovered.subarray(1, 1 + 2 * SECRET_LENGTH), 0);
  signature[64] = recovered[0] ?? 0;
  return signature;
}

/** Recovers the signer's 64-byte public key from r‖s‖v over a document id; rejects malformed signatures. */
export function recoverRequesterPublic(signature: Uint8Array, documentId: Uint8Array): Uint8Array {
  checkDocumentId(documentId);
  if (signature.length !== SIGNATURE_LENGTH) {
    throw new SealdropError('key-invalid', `A requester signature must be ${SIGNATURE_LENGTH} bytes, got ${signature.length}.`);
  }
  const v = signature[64] ?? 255;
  // Parity accepts v in 0..3 (27/28 rejected); 2 and 3 mean r overflowed n, which recovery handles.
  if (v > 3) throw new SealdropError('key-invalid', 'The signature recovery byte must be 0-3.');
  const recovered = new Uint8Array(SIGNATURE_LENGTH);
  recovered[0] = v;
  recovered.set(signature.subarray(0, 64), 1);
  try {
    const sig = secp256k1.Signature.fromBytes(recovered, 'recovered');
    return publicFromPoint(sig.recoverPublicKey(documentId));
  } catch (cause) {
    throw new SealdropError('key-invalid', 'The requester signature does not recover to a public key.', {}, { cause });
  }
}

/** Recovers the signer's 20-byte Ethereum address from r‖s‖v over a document id. */
export function recoverRequesterAddress(signature: Uint8Array, documentId: Uint8Array): Uint8Array {
  return addressFromPublic(recoverRequesterPublic(signature, documentId));
}
