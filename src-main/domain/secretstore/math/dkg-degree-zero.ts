// Key generation for threshold t = 0 (any single holder can decrypt; docs/PROTOCOL.md §4.1, last
// paragraph). noble's FROST DKG refuses min < 2, so this is the same Pedersen/Feldman DKG with
// polynomials of degree 0, in the same three rounds and the same message shapes:
//
//   round 1: dealer j draws a_j0, broadcasts A_j0 = a_j0·G (33-byte compressed, as noble) and a
//            Schnorr proof of knowledge σ_j = (R_j, μ_j) of a_j0 (65 bytes R‖μ, as noble):
//              k ← random;  R_j = k·G;  c_j = H(x_j ‖ A_j0 ‖ R_j);  μ_j = k + a_j0·c_j
//            verify: R_j = μ_j·G − c_j·A_j0
//            (Komlo & Goldberg, "FROST", SAC 2020, Fig. 1, round 1 steps 2 and 5 — the proof that
//            stops a rogue dealer from choosing A_j0 as a function of the others' commitments.)
//   round 2: dealer j sends f_j(x_i) = a_j0 to every other node i (a polynomial of degree 0 has the
//            same value everywhere, so every node receives the same scalar from j).
//   round 3: node i checks a_j0·G = A_j0 (Feldman with one commitment), then s = Σ_j a_j0,
//            Y = Σ_j A_j0, and every public share Y_k = Y.
//
// H is RFC 9380 hash_to_field (secp256k1_hasher.hashToScalar) with a Sealdrop DST distinct from
// noble's proof hash, so a degree-0 proof can never be read as a degree-t one or vice versa.
import type { DKG_Round1, DKG_Round2 } from '@noble/curves/abstract/frost.js';
import { secp256k1_hasher } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, concatBytes } from '@noble/curves/utils.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { CURVE_ORDER, Fn, Point, randomScalar, secretFromScalar, type CurvePoint } from './encoding.ts';

/** Domain-separation tag of the degree-0 proof-of-knowledge challenge. */
export const DEGREE_ZERO_POK_DST = 'sealdrop/secretstore/v1/dkg-degree-zero-pok';

const COMPRESSED_LENGTH = 33;
const SCALAR_LENGTH = 32;
const PROOF_LENGTH = COMPRESSED_LENGTH + SCALAR_LENGTH;
const IDENTIFIER = /^[0-9a-f]{64}$/;

/** A dealer's secret round state for t = 0. The coefficient is dropped after round 3. */
export type DegreeZeroSecret = {
  coefficient: bigint | null;
  /** The round-1 messages round 2 authenticated; round 3 must be given the same ones. */
  transcript: DKG_Round1[] | null;
};

/** What round 3 yields for t = 0: the common share, the server key, and Y_k = Y for every holder. */
export type DegreeZeroOutcome = { share: Uint8Array; serverKey: CurvePoint; identifiers: string[] };

function identifierBytes(identifier: string): Uint8Array {
  return Uint8Array.from(Buffer.from(identifier, 'hex'));
}

/** True for a canonical noble identifier: 64 lowercase hex digits of a scalar in [1, n−1]. */
export function isIdentifier(identifier: string): boolean {
  if (!IDENTIFIER.test(identifier)) return false;
  const x = BigInt(`0x${identifier}`);
  return x > 0n && x < CURVE_ORDER;
}

function challenge(identifier: string, commitment: CurvePoint, R: CurvePoint): bigint {
  // Fixed-width inputs (32 + 33 + 33 bytes), so the concatenation is unambiguous.
  const message = concatBytes(identifierBytes(identifier), commitment.toBytes(true), R.toBytes(true));
  return secp256k1_hasher.hashToScalar(message, { DST: DEGREE_ZERO_POK_DST });
}

function decodePoint(bytes: Uint8Array): CurvePoint | null {
  if (bytes.length !== COMPRESSED_LENGTH) return null;
  try {
    const point = Point.fromBytes(bytes);
    return point.is0() ? null : point;
  } catch {
    // Not on the curve or a bad prefix: the caller treats the dealer as faulty.
    return null;
  }
}

function decodeScalar(bytes: Uint8Array): bigint | null {
  if (bytes.length !== SCALAR_LENGTH) return null;
  const value = bytesToNumberBE(bytes);
  return value > 0n && value < CURVE_ORDER ? value : null;
}

/** Round 1 for t = 0: a_0, A_0 = a_0·G and a Schnorr proof of knowledge of a_0 bound to the identifier. */
export function degreeZeroRound1(identifier: string): { message: DKG_Round1; secret: DegreeZeroSecret } {
  const coefficient = randomScalar();
  const commitment = Point.BASE.multiply(coefficient);
  const k = randomScalar();
  const R = Point.BASE.multiply(k);
  const mu = Fn.add(k, Fn.mul(coefficient, challenge(identifier, commitment, R)));
  const message = { identifier, commitment: [commitment.toBytes(true)], proofOfKnowledge: concatBytes(R.toBytes(true), secretFromScalar(mu)) };
  return { message, secret: { coefficient, transcript: null } };
}

/** True iff a t = 0 dealer's single commitment is a valid point and its proof of knowledge verifies. */
export function verifyDegreeZeroProof(dealer: DKG_Round1): boolean {
  if (!isIdentifier(dealer.identifier) || dealer.commitment.length !== 1) return false;
  if (dealer.proofOfKnowledge.length !== PROOF_LENGTH) return false;
  const A = decodePoint(dealer.commitment[0] ?? new Uint8Array());
  const R = decodePoint(dealer.proofOfKnowledge.subarray(0, COMPRESSED_LENGTH));
  const mu = bytesToNumberBE(dealer.proofOfKnowledge.subarray(COMPRESSED_LENGTH));
  if (A === null || R === null || mu >= CURVE_ORDER) return false;
  // All inputs are public: variable-time arithmetic is safe.
  const expected = Point.BASE.multiplyUnsafe(mu).subtract(A.multiplyUnsafe(challenge(dealer.identifier, A, R)));
  return expected.equals(R);
}

/** True iff `share` (a_dealer0) matches the dealer's single commitment: a_0·G = A_0. */
export function verifyDegreeZeroShare(dealer: DKG_Round1, share: DKG_Round2): boolean {
  if (share.identifier !== dealer.identifier || dealer.commitment.length !== 1) return false;
  const A = decodePoint(dealer.commitment[0] ?? new Uint8Array());
  const a0 = decodeScalar(share.signingShare);
  // The share is secret: constant-time multiplication.
  return A !== null && a0 !== null && Point.BASE.multiply(a0).equals(A);
}

function checkTranscript(identifier: string, others: readonly DKG_Round1[], participants: number): void {
  if (others.length !== participants - 1) throw new SealdropError('share-invalid', `Expected ${participants - 1} round-1 messages, got ${others.length}.`);
  const ids = new Set(others.map((m) => m.identifier));
  if (ids.size !== others.length || ids.has(identifier)) throw new SealdropError('share-invalid', 'The round-1 messages repeat a dealer or include this node.');
}

/** Round 2 for t = 0: checks every other dealer's proof; the private message to each node is a_0 itself. */
export function degreeZeroRound2(
  identifier: string,
  secret: DegreeZeroSecret,
  others: readonly DKG_Round1[],
  participants: number,
): Map<string, DKG_Round2> {
  if (secret.coefficient === null) throw new SealdropError('bad-argument', 'This key generation state was already finished.');
  checkTranscript(identifier, others, participants);
  const culprits = others.filter((m) => !verifyDegreeZeroProof(m)).map((m) => m.identifier);
  if (culprits.length > 0) {
    throw new SealdropError('share-invalid', 'A dealer\'s round-1 commitment or proof of knowledge is invalid.', { dealers: culprits.join(',') });
  }
  secret.transcript = others.map((m) => ({ identifier: m.identifier, commitment: m.commitment.map((c) => Uint8Array.from(c)), proofOfKnowledge: Uint8Array.from(m.proofOfKnowledge) }));
  const value = secretFromScalar(secret.coefficient);
  return new Map(others.map((m) => [m.identifier, { identifier, signingShare: Uint8Array.from(value) }]));
}

function sameTranscript(a: readonly DKG_Round1[], b: readonly DKG_Round1[]): boolean {
  const key = (m: DKG_Round1): string => `${m.identifier}:${m.commitment.map((c) => Buffer.from(c).toString('hex')).join('.')}:${Buffer.from(m.proofOfKnowledge).toString('hex')}`;
  const left = a.map(key).sort();
  const right = b.map(key).sort();
  return left.length === right.length && left.every((value, index) => value === right[index]);
}

/**
 * Round 3 for t = 0: checks a_j0·G = A_j0 for every dealer (naming the ones that fail) and sums:
 * s = Σ_j a_j0, Y = Σ_j A_j0. `received` may hold a revealed share in place of a disputed one.
 */
export function degreeZeroRound3(identifier: string, secret: DegreeZeroSecret, others: readonly DKG_Round1[], received: readonly DKG_Round2[]): DegreeZeroOutcome {
  if (secret.coefficient === null) throw new SealdropError('bad-argument', 'This key generation state was already finished.');
  // noble's rule, kept for t = 0: round 3 runs on exactly the transcript round 2 authenticated.
  if (secret.transcript === null || !sameTranscript(secret.transcript, others)) {
    throw new SealdropError('share-invalid', 'The round-1 messages differ from those checked in round 2.');
  }
  const byDealer = new Map(received.map((share) => [share.identifier, share]));
  const invalid = others.filter((dealer) => {
    const share = byDealer.get(dealer.identifier);
    return share === undefined || !verifyDegreeZeroShare(dealer, share);
  });
  if (invalid.length > 0 || received.length !== others.length) {
    throw new SealdropError('share-invalid', 'A dealer sent a share that does not match its commitment.', { dealers: invalid.map((d) => d.identifier).join(',') });
  }
  let s = secret.coefficient;
  let Y = Point.BASE.multiply(secret.coefficient);
  for (const dealer of others) {
    s = Fn.add(s, decodeScalar((byDealer.get(dealer.identifier) as DKG_Round2).signingShare) as bigint);
    Y = Y.add(decodePoint(dealer.commitment[0] as Uint8Array) as CurvePoint);
  }
  if (s === 0n || Y.is0()) throw new SealdropError('share-invalid', 'Key generation produced the zero key.');
  // Drop the coefficient so this state cannot deal again; the share now lives only in the result.
  secret.coefficient = null;
  secret.transcript = null;
  return { share: secretFromScalar(s), serverKey: Y, identifiers: [identifier, ...others.map((m) => m.identifier)] };
}
