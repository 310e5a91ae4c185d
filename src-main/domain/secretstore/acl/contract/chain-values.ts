// The values the permissioning contract takes and returns, checked before anything is sent: an
// address (20 bytes or 0x-hex, EIP-55 checksum enforced when mixed case), a document id (32 bytes or
// 0x-hex) and an expiry (unix seconds, a Date, or none).
import { getAddress } from 'ethers';
import { SealdropError } from '../../../../../src-shared/errors.ts';

/** An address as raw 20 bytes or as 0x-hex text. */
export type AddressInput = Uint8Array | string;
/** A document id as raw 32 bytes or as 0x-hex text. */
export type DocumentInput = Uint8Array | string;
/** When a grant ends: unix seconds or a Date; undefined, null or 0 = never. */
export type ExpiryInput = number | Date | null | undefined;

const UINT64_MAX = 2n ** 64n - 1n;

function hexOf(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

/** The address in checksummed 0x form; throws 'bad-argument' naming `what` when it is not one. */
export function chainAddress(value: AddressInput, what = 'address'): string {
  if (value instanceof Uint8Array) {
    if (value.length !== 20) throw new SealdropError('bad-argument', `The ${what} must be 20 bytes, got ${value.length}.`);
    return getAddress(hexOf(value));
  }
  if (!/^0x[0-9a-fA-F]{40}$/.test(value)) throw new SealdropError('bad-argument', `The ${what} must be "0x" followed by 40 hex digits, got "${value.slice(0, 50)}".`);
  try {
    return getAddress(value);
  } catch {
    // Mixed case that fails EIP-55: probably a typo, never guess.
    throw new SealdropError('bad-argument', `The ${what} ${value} has a wrong checksum (mixed letter case that does not match EIP-55); check it for typos.`);
  }
}

/** The document id as 0x + 64 lowercase hex digits; throws 'bad-argument' when it is not 32 bytes. */
export function documentHex(value: DocumentInput): string {
  if (value instanceof Uint8Array) {
    if (value.length !== 32) throw new SealdropError('bad-argument', `A document id is 32 bytes, got ${value.length}.`);
    return hexOf(value);
  }
  if (!/^0x[0-9a-fA-F]{64}$/.test(value)) throw new SealdropError('bad-argument', `A document id must be "0x" followed by 64 hex digits, got "${value.slice(0, 80)}".`);
  return value.toLowerCase();
}

/** The contract's uint64 expiry (0 = never); throws 'bad-argument' for negative, fractional or huge values. */
export function expiryValue(value: ExpiryInput): bigint {
  if (value === undefined || value === null) return 0n;
  const seconds = value instanceof Date ? Math.floor(value.getTime() / 1000) : value;
  if (!Number.isSafeInteger(seconds) || seconds < 0 || BigInt(seconds) > UINT64_MAX) {
    throw new SealdropError('bad-argument', `An expiry must be a whole number of unix seconds (0 = never), got ${String(value)}.`);
  }
  return BigInt(seconds);
}

/** The contract's expiry as unix seconds, or null for "never" (0). */
export function expiryFromChain(value: bigint): number | null {
  return value === 0n ? null : Number(value);
}

/** True when the address is the zero address (what the contract returns for "nobody"). */
export function isZeroAddress(address: string): boolean {
  return /^0x0{40}$/.test(address);
}
