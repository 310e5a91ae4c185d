// Lagrange interpolation at zero over node identifiers, and the threshold combination of partial
// decryptions: M = E − Σ λ_i·D_i with D_i = s_i·C (DESIGN §3). PARITY.md §4.1: Parity's "shadow"
// coefficient drops the sign (−1)^t; standard coefficients give identical results.
import { SealdropError } from '../../../../src-shared/errors.ts';
import { CURVE_ORDER, Fn, Point, pointFromPublic, type CurvePoint } from './encoding.ts';
import { unmaskDocumentKey } from './elgamal.ts';

/** One node's partial decryption D_i = s_i·C, tagged with the node's identifier x_i. */
export type PartialDecryption = {
  /** The node's identifier x_i (non-zero scalar, the abscissa of its share). */
  identifier: bigint;
  /** D_i as 64-byte X‖Y. */
  partial: Uint8Array;
};

function checkIdentifiers(identifiers: readonly bigint[]): void {
  const seen = new Set<bigint>();
  for (const x of identifiers) {
    if (x <= 0n || x >= CURVE_ORDER) throw new SealdropError('bad-argument', 'A node identifier must be a non-zero scalar.');
    if (seen.has(x)) throw new SealdropError('bad-argument', 'Node identifiers must be distinct.');
    seen.add(x);
  }
}

/** λ_i = Π_{j∈S, j≠i} x_j / (x_j − x_i) mod n: the coefficient of share i in f(0) over the set S. */
export function lagrangeCoefficient(identifiers: readonly bigint[], identifier: bigint): bigint {
  checkIdentifiers(identifiers);
  if (!identifiers.includes(identifier)) throw new SealdropError('bad-argument', 'The node is not in the interpolation set.');
  let numerator = 1n;
  let denominator = 1n;
  for (const x of identifiers) {
    if (x === identifier) continue;
    numerator = Fn.mul(numerator, x);
    denominator = Fn.mul(denominator, Fn.sub(x, identifier));
  }
  return Fn.div(numerator, denominator);
}

/** All coefficients λ_i for the set S, in the order given. */
export function lagrangeCoefficients(identifiers: readonly bigint[]): bigint[] {
  return identifiers.map((x) => lagrangeCoefficient(identifiers, x));
}

/** Σ λ_i·D_i = x·C: the combined decryption point of t+1 partials (public inputs only). */
export function combinePartials(partials: readonly PartialDecryption[]): CurvePoint {
  if (partials.length === 0) throw new SealdropError('bad-argument', 'At least one partial decryption is needed.');
  const identifiers = partials.map((p) => p.identifier);
  const lambdas = lagrangeCoefficients(identifiers);
  let sum = Point.ZERO;
  partials.forEach((p, index) => {
    // Partials and coefficients are public, so variable-time multiplication is fine here.
    sum = sum.add(pointFromPublic(p.partial).multiplyUnsafe(lambdas[index] ?? 0n));
  });
  return sum;
}

/** M = E − Σ λ_i·D_i: recovers the document key from t+1 (already verified) partial decryptions. */
export function combinePartialDecryptions(encryptedPoint: Uint8Array, partials: readonly PartialDecryption[]): Uint8Array {
  return unmaskDocumentKey(encryptedPoint, combinePartials(partials));
}

/** Σ λ_i·s_i = f(0): reconstructs a secret from t+1 shares (tests and vectors only — never on a node). */
export function interpolateSecret(shares: readonly { identifier: bigint; share: bigint }[]): bigint {
  const lambdas = lagrangeCoefficients(shares.map((s) => s.identifier));
  return shares.reduce((acc, s, index) => Fn.add(acc, Fn.mul(lambdas[index] ?? 0n, s.share)), 0n);
}
