// Verifiable partial decryption: a node returns D_i = s_i·C with a non-interactive Chaum-Pedersen
// proof that log_G(Y_i) = log_C(D_i) = s_i, so a client can drop a node that used another scalar.
//
// Chaum & Pedersen (CRYPTO '92), made non-interactive with Fiat-Shamir:
//   prove:  w ← random;  A = w·G,  B = w·C;  c = H(ctx, G, C, Y_i, D_i, A, B);  z = w + c·s_i
//   verify: A' = z·G − c·Y_i,  B' = z·C − c·D_i;  accept iff c = H(ctx, G, C, Y_i, D_i, A', B')
// The proof is (c, z), 64 bytes. H is RFC 9380 hash_to_field (expand_message_xmd, SHA-256) with a
// Sealdrop-specific DST, so no other protocol's hash can be replayed into this one. `context` binds
// the proof to the request (document id, requester, session) so it cannot be reused elsewhere.
import { secp256k1_hasher } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, concatBytes, numberToBytesBE } from '@noble/curves/utils.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { CURVE_ORDER, Fn, Point, SECRET_LENGTH, pointFromPublic, publicFromPoint, randomScalar, type CurvePoint } from './encoding.ts';

/** Domain-separation tag of the Fiat-Shamir hash. */
export const CHAUM_PEDERSEN_DST = 'sealdrop/secretstore/v1/chaum-pedersen-dleq';
/** Length of an encoded proof c‖z. */
export const PROOF_LENGTH = 64;

/** A partial decryption with its proof, as a node returns it. */
export type ProvenPartial = {
  /** D_i = s_i·C as 64-byte X‖Y. */
  partial: Uint8Array;
  /** c‖z, 32 bytes each, big-endian. */
  proof: Uint8Array;
};

function lengthPrefixed(bytes: Uint8Array): Uint8Array {
  return concatBytes(numberToBytesBE(bytes.length, 4), bytes);
}

function challenge(context: Uint8Array, C: CurvePoint, Y: CurvePoint, D: CurvePoint, A: CurvePoint, B: CurvePoint): bigint {
  // Every public value goes in, fixed width after the length-prefixed context.
  const points = [Point.BASE, C, Y, D, A, B].map((p) => publicFromPoint(p));
  const message = concatBytes(lengthPrefixed(context), ...points);
  return secp256k1_hasher.hashToScalar(message, { DST: CHAUM_PEDERSEN_DST });
}

/** Node side: D_i = s_i·C and a proof that the same s_i is behind Y_i = s_i·G. */
export function provePartialDecryption(share: bigint, commonPoint: Uint8Array, context: Uint8Array): ProvenPartial {
  if (share <= 0n || share >= CURVE_ORDER) throw new SealdropError('key-invalid', 'The key share is not a valid scalar.');
  const C = pointFromPublic(commonPoint);
  const Y = Point.BASE.multiply(share);
  const D = C.multiply(share);
  const w = randomScalar();
  const A = Point.BASE.multiply(w);
  const B = C.multiply(w);
  const c = challenge(context, C, Y, D, A, B);
  const z = Fn.add(w, Fn.mul(c, share));
  return {
    partial: publicFromPoint(D),
    proof: concatBytes(numberToBytesBE(c, SECRET_LENGTH), numberToBytesBE(z, SECRET_LENGTH)),
  };
}

/** Client side: true iff `proof` shows log_G(Y_i) = log_C(D_i); false for any malformed input. */
export function verifyPartialDecryption(
  publicShare: Uint8Array,
  commonPoint: Uint8Array,
  proven: ProvenPartial,
  context: Uint8Array,
): boolean {
  if (proven.proof.length !== PROOF_LENGTH) return false;
  const c = bytesToNumberBE(proven.proof.subarray(0, SECRET_LENGTH));
  const z = bytesToNumberBE(proven.proof.subarray(SECRET_LENGTH));
  if (c >= CURVE_ORDER || z >= CURVE_ORDER) return false;
  let C: CurvePoint, Y: CurvePoint, D: CurvePoint;
  try {
    C = pointFromPublic(commonPoint);
    Y = pointFromPublic(publicShare);
    D = pointFromPublic(proven.partial);
  } catch {
    // A point that does not decode cannot be a valid answer: the caller drops this node.
    return false;
  }
  // All inputs are public: variable-time arithmetic is safe.
  const A = Point.BASE.multiplyUnsafe(z).subtract(Y.multiplyUnsafe(c));
  const B = C.multiplyUnsafe(z).subtract(D.multiplyUnsafe(c));
  if (A.is0() || B.is0()) return false;
  return challenge(context, C, Y, D, A, B) === c;
}
