// Checks a public-share table against the server key named in a sealed file (docs/PROTOCOL.md §5.1
// step 2): every Y_j = s_j·G must lie on ONE polynomial F of degree ≤ t over points with F(0) = Y.
// Only then do partials proven against the Y_j combine to x·C for the x behind Y.
//
// Feldman/Shamir in the exponent: with the basis B = {(0, Y), (x_1, Y_1), …, (x_t, Y_t)} (t+1 points
// fix F), every other holder j must satisfy
//     Y_j = Σ_{b∈B} L_b(x_j)·P_b,   L_b(x) = Π_{c∈B, c≠b} (x − x_c) / (x_b − x_c)   (mod n)
// A table of higher degree, or one forged Y_j, breaks the equation for at least one j. Every value
// here is public, so variable-time arithmetic is fine.
import { SealdropError } from '../../../../src-shared/errors.ts';
import { identifierScalar } from '../math/dkg.ts';
import { CURVE_ORDER, Fn, Point, hexFromBytes, pointFromPublic, type CurvePoint } from '../math/encoding.ts';
import type { KeyHolder } from '../node/records.ts';

type BasisPoint = { x: bigint; P: CurvePoint };

function fail(message: string, details: Record<string, string | number> = {}): never {
  throw new SealdropError('share-invalid', message, details);
}

function decodeHolder(holder: KeyHolder, index: number): BasisPoint {
  if (!/^[0-9a-f]{64}$/.test(holder.identifier)) fail(`Holder ${index} has a malformed identifier.`, { holder: index });
  const x = identifierScalar(holder.identifier);
  if (x === 0n || x >= CURVE_ORDER) fail(`Holder ${index} has an identifier that is not a non-zero scalar.`, { holder: index });
  try {
    return { x, P: pointFromPublic(holder.publicShare) };
  } catch {
    return fail(`Holder ${index}'s public share is not a curve point.`, { holder: index });
  }
}

/** F(x) = Σ_b L_b(x)·P_b over the basis (Lagrange interpolation in the exponent). */
function interpolateAt(basis: readonly BasisPoint[], x: bigint): CurvePoint {
  let sum = Point.ZERO;
  for (const b of basis) {
    let numerator = 1n;
    let denominator = 1n;
    for (const c of basis) {
      if (c === b) continue;
      numerator = Fn.mul(numerator, Fn.sub(x, c.x));
      denominator = Fn.mul(denominator, Fn.sub(b.x, c.x));
    }
    const coefficient = Fn.div(numerator, denominator);
    if (coefficient !== 0n) sum = sum.add(b.P.multiplyUnsafe(coefficient));
  }
  return sum;
}

/**
 * Throws `share-invalid` unless every holder's public share lies on one polynomial of degree ≤ t
 * whose value at 0 is `serverKey`, with distinct non-zero identifiers and distinct nodes.
 */
export function checkPublicShares(holders: readonly KeyHolder[], serverKey: Uint8Array, threshold: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 0) fail(`Threshold ${threshold} is not a whole number ≥ 0.`);
  if (holders.length < threshold + 1) {
    fail(`A table of ${holders.length} key holders cannot serve threshold ${threshold} (${threshold + 1} are needed).`);
  }
  let Y: CurvePoint;
  try {
    Y = pointFromPublic(serverKey);
  } catch {
    return fail('The server key is not a curve point.');
  }
  const decoded = holders.map(decodeHolder);
  const identifiers = new Set<bigint>();
  const nodes = new Set<string>();
  holders.forEach((holder, index) => {
    const x = decoded[index]?.x ?? 0n;
    if (identifiers.has(x)) fail(`Holder ${index} repeats another holder's identifier.`, { holder: index });
    identifiers.add(x);
    const node = hexFromBytes(holder.node);
    if (nodes.has(node)) fail(`Holder ${index} repeats another holder's node key.`, { holder: index });
    nodes.add(node);
  });
  const basis: BasisPoint[] = [{ x: 0n, P: Y }, ...decoded.slice(0, threshold)];
  decoded.slice(threshold).forEach((holder, offset) => {
    const index = threshold + offset;
    if (!interpolateAt(basis, holder.x).equals(holder.P)) {
      fail(`Holder ${index}'s public share does not lie on the degree-${threshold} polynomial through the server key.`, {
        holder: index,
        identifier: holders[index]?.identifier ?? '',
      });
    }
  });
}
