// Parity's shadow retrieval (PARITY.md §4.4), both sides, so Sealdrop nodes can answer
// `GET /shadow/{id}/{sig}` and clients can combine Parity answers.
//
//   node i:  δ_i ← random;  P_i = (k·δ_i·λ_i·s_i)·C;  shadow_i = ECIES(requester, [0,0], be32((δ_i − 1)·λ_i·s_i))
//   master:  decrypted_secret D = E − k⁻¹·Σ P_i;  common_point C' = C
//   client:  c_i = ECIES_dec(shadow_i);  M = D + (Σ c_i mod n)·C'
// Proof: D + Σc_i·C = E − Σ δ_i λ_i s_i C + Σ (δ_i − 1) λ_i s_i C = E − x·C = M.
// Parity uses the unsigned coefficient λ'_i and C' = (−1)^t·C; with the standard λ_i = (−1)^t·λ'_i
// both factors of (−1)^t cancel, so the client formula and the result are the same (PARITY.md §4.1).
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { CURVE_ORDER, Fn, Point, SECRET_LENGTH, pointFromPublic, publicFromPoint, randomScalar, secretFromScalar } from '../math/encoding.ts';
import { DEFAULT_MAC, eciesDecrypt, eciesEncrypt } from './ecies.ts';

/** What one node contributes to a shadow retrieval. */
export type ShadowPart = {
  /** P_i = (k·δ_i·λ_i·s_i)·C, for the master only (64-byte X‖Y). */
  shadowPoint: Uint8Array;
  /** ECIES(requester, [0,0], (δ_i − 1)·λ_i·s_i): 145 bytes, readable only by the requester. */
  decryptShadow: Uint8Array;
};

/** Parity's answer to `GET /shadow/{id}/{sig}`. */
export type ShadowAnswer = {
  /** D = E − k⁻¹·Σ P_i (64-byte X‖Y). */
  decryptedSecret: Uint8Array;
  /** C' (64-byte X‖Y). */
  commonPoint: Uint8Array;
  /** The t+1 ECIES-encrypted coefficients. */
  decryptShadows: Uint8Array[];
};

function checkScalar(value: bigint, what: string): void {
  if (value <= 0n || value >= CURVE_ORDER) throw new SealdropError('key-invalid', `${what} is not a valid scalar.`);
}

/** Node side: blinds s_i with the access key k and a fresh δ_i; λ_i is this node's coefficient in the consensus set. */
export function computeShadowPart(
  share: bigint,
  lambda: bigint,
  accessKey: bigint,
  commonPoint: Uint8Array,
  requesterPublic: Uint8Array,
): ShadowPart {
  checkScalar(share, 'The key share');
  checkScalar(accessKey, 'The access key');
  const C = pointFromPublic(commonPoint);
  const delta = randomScalar();
  const lambdaShare = Fn.mul(lambda, share);
  const pointScalar = Fn.mul(Fn.mul(accessKey, delta), lambdaShare);
  const coefficient = Fn.mul(Fn.sub(delta, 1n), lambdaShare);
  return {
    shadowPoint: publicFromPoint(C.multiply(pointScalar)),
    decryptShadow: eciesEncrypt(requesterPublic, secretFromScalar(coefficient), DEFAULT_MAC),
  };
}

/** Master side: D = E − k⁻¹·Σ P_i, C' = C, shadows passed on in consensus order. */
export function combineShadowParts(
  encryptedPoint: Uint8Array,
  commonPoint: Uint8Array,
  accessKey: bigint,
  parts: readonly ShadowPart[],
): ShadowAnswer {
  checkScalar(accessKey, 'The access key');
  if (parts.length === 0) throw new SealdropError('bad-argument', 'A shadow answer needs at least one part.');
  const E = pointFromPublic(encryptedPoint);
  const sum = parts.reduce((acc, part) => acc.add(pointFromPublic(part.shadowPoint)), Point.ZERO);
  const D = E.subtract(sum.multiply(Fn.inv(accessKey)));
  return {
    decryptedSecret: publicFromPoint(D),
    commonPoint: publicFromPoint(pointFromPublic(commonPoint)),
    decryptShadows: parts.map((part) => part.decryptShadow),
  };
}

/** Client side: decrypts each shadow with the requester's secret and returns M = D + (Σ c_i)·C'. */
export function combineShadowAnswer(requesterSecret: Uint8Array, answer: ShadowAnswer): Uint8Array {
  if (answer.decryptShadows.length === 0) throw new SealdropError('bad-argument', 'A shadow answer carries no shadows.');
  const D = pointFromPublic(answer.decryptedSecret);
  const commonPoint = pointFromPublic(answer.commonPoint);
  let sum = 0n;
  for (const shadow of answer.decryptShadows) {
    const plain = eciesDecrypt(requesterSecret, shadow, DEFAULT_MAC);
    if (plain.length !== SECRET_LENGTH) throw new SealdropError('ciphertext-tampered', 'A decrypt shadow does not hold a 32-byte scalar.');
    sum = Fn.add(sum, Fn.create(bytesToNumberBE(plain)));
  }
  // Σ c_i is secret-derived: constant-time multiply; a zero sum (negligible) leaves D unchanged.
  const M = sum === 0n ? D : D.add(commonPoint.multiply(sum));
  return publicFromPoint(M);
}
