// The document key as ElGamal over the server key (PARITY.md §4.3, DESIGN §3): a random point M,
// stored as C = r·G (common point) and E = M + r·Y (encrypted point). The client makes both, so no
// node ever sees M.
import { Point, publicFromPoint, pointFromPublic, randomScalar, type CurvePoint } from './encoding.ts';

/** An ElGamal-encrypted document key, both parts 64-byte X‖Y. */
export type EncryptedDocumentKey = {
  /** C = r·G. */
  commonPoint: Uint8Array;
  /** E = M + r·Y. */
  encryptedPoint: Uint8Array;
};

/** A fresh random document key M = m·G as 64-byte X‖Y (m is discarded: only the point matters). */
export function randomDocumentKey(): Uint8Array {
  return publicFromPoint(Point.BASE.multiply(randomScalar()));
}

/** Encrypts document key M under server key Y: C = r·G, E = M + r·Y with fresh r. */
export function encryptDocumentKey(documentKey: Uint8Array, serverKey: Uint8Array): EncryptedDocumentKey {
  const M = pointFromPublic(documentKey);
  const Y = pointFromPublic(serverKey);
  const r = randomScalar();
  const C = Point.BASE.multiply(r);
  const E = M.add(Y.multiply(r));
  return { commonPoint: publicFromPoint(C), encryptedPoint: publicFromPoint(E) };
}

/** Decrypts with the whole server secret x (tests and single-node setups): M = E − x·C. */
export function decryptDocumentKey(encrypted: EncryptedDocumentKey, serverSecret: bigint): Uint8Array {
  const C = pointFromPublic(encrypted.commonPoint);
  const E = pointFromPublic(encrypted.encryptedPoint);
  return publicFromPoint(E.subtract(C.multiply(serverSecret)));
}

/** M = E − S where S = x·C is the combined decryption point. */
export function unmaskDocumentKey(encryptedPoint: Uint8Array, combined: CurvePoint): Uint8Array {
  return publicFromPoint(pointFromPublic(encryptedPoint).subtract(combined));
}
