// Wire encodings of the secret store (PARITY.md §1, §2.1): 64-byte public keys X‖Y without the 04
// prefix, 32-byte big-endian secrets, and the secp256k1 point/scalar types the math modules share.
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { randomBytes } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';

/** The secp256k1 point class (projective points with add/multiply/equals). */
export const Point = secp256k1.Point;
/** A secp256k1 point. */
export type CurvePoint = InstanceType<typeof secp256k1.Point>;
/** The scalar field of secp256k1 (integers mod the group order n). */
export const Fn = secp256k1.Point.Fn;
/** The group order n. */
export const CURVE_ORDER: bigint = Fn.ORDER;

/** Length of a public key or point on the wire: X‖Y. */
export const PUBLIC_LENGTH = 64;
/** Length of a secret scalar on the wire. */
export const SECRET_LENGTH = 32;

/** Decodes a 64-byte X‖Y public key into a validated curve point (never the point at infinity). */
export function pointFromPublic(publicKey: Uint8Array): CurvePoint {
  if (publicKey.length !== PUBLIC_LENGTH) {
    throw new SealdropError('key-invalid', `A public key must be ${PUBLIC_LENGTH} bytes, got ${publicKey.length}.`);
  }
  const sec1 = new Uint8Array(1 + PUBLIC_LENGTH);
  sec1[0] = 0x04;
  sec1.set(publicKey, 1);
  try {
    // fromBytes checks the point is on the curve; infinity has no 04 encoding.
    return Point.fromBytes(sec1);
  } catch (cause) {
    throw new SealdropError('key-invalid', 'The public key is not a point on secp256k1.', {}, { cause });
  }
}

/** Encodes a curve point as 64 bytes X‖Y. */
export function publicFromPoint(point: CurvePoint): Uint8Array {
  if (point.is0()) throw new SealdropError('key-invalid', 'The point at infinity has no public-key encoding.');
  return point.toBytes(false).subarray(1);
}

/** Decodes a 32-byte big-endian secret into a scalar in [1, n-1]. */
export function scalarFromSecret(secret: Uint8Array): bigint {
  if (secret.length !== SECRET_LENGTH) {
    throw new SealdropError('key-invalid', `A secret must be ${SECRET_LENGTH} bytes, got ${secret.length}.`);
  }
  const scalar = bytesToNumberBE(secret);
  // The value itself stays out of the message: only the fact that it is out of range.
  if (scalar === 0n || scalar >= CURVE_ORDER) throw new SealdropError('key-invalid', 'The secret is not a valid secp256k1 scalar.');
  return scalar;
}

/** Encodes a scalar as a 32-byte big-endian secret. */
export function secretFromScalar(scalar: bigint): Uint8Array {
  return numberToBytesBE(Fn.create(scalar), SECRET_LENGTH);
}

/** A fresh uniformly random scalar in [1, n-1] from the OS random source. */
export function randomScalar(): bigint {
  // 48 bytes reduced mod n: bias below 2^-128 (FIPS 186-5 A.2.1 style), then reject zero.
  for (;;) {
    const scalar = Fn.create(bytesToNumberBE(randomBytes(48)));
    if (scalar !== 0n) return scalar;
  }
}

/** The public key X‖Y of a 32-byte secret. */
export function publicFromSecret(secret: Uint8Array): Uint8Array {
  return publicFromPoint(Point.BASE.multiply(scalarFromSecret(secret)));
}

/** Decodes strict hex (no 0x, even length) of an exact byte length; `what` names the field in errors. */
export function bytesFromHex(hex: string, length: number, what: string): Uint8Array {
  if (hex.length !== length * 2 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new SealdropError('bad-argument', `${what} must be ${length * 2} hex characters without 0x.`);
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** Encodes bytes as lowercase hex without 0x. */
export function hexFromBytes(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex');
}
