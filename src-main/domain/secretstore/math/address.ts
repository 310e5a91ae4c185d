// Ethereum addresses of secret-store identities (PARITY.md §1.1): keccak256(X‖Y)[12..32].
import { keccak_256 } from '@noble/hashes/sha3.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { PUBLIC_LENGTH, bytesFromHex, hexFromBytes } from './encoding.ts';

/** Length of an Ethereum address in bytes. */
export const ADDRESS_LENGTH = 20;

/** The 20-byte Ethereum address of a 64-byte X‖Y public key. */
export function addressFromPublic(publicKey: Uint8Array): Uint8Array {
  if (publicKey.length !== PUBLIC_LENGTH) {
    throw new SealdropError('key-invalid', `A public key must be ${PUBLIC_LENGTH} bytes, got ${publicKey.length}.`);
  }
  return keccak_256(publicKey).slice(32 - ADDRESS_LENGTH);
}

/** Formats an address as `0x` + 40 lowercase hex characters (no EIP-55 checksum). */
export function formatAddress(address: Uint8Array): string {
  if (address.length !== ADDRESS_LENGTH) throw new SealdropError('bad-argument', 'An address must be 20 bytes.');
  return `0x${hexFromBytes(address)}`;
}

/** Parses an address given as 40 hex characters, with or without `0x`, any letter case. */
export function parseAddress(text: string): Uint8Array {
  const hex = text.startsWith('0x') || text.startsWith('0X') ? text.slice(2) : text;
  return bytesFromHex(hex, ADDRESS_LENGTH, 'An address');
}
