// 0x-hex ↔ bytes at the IPC boundary: the contract carries byte strings as 0x hex (already
// checked by its schemas), the domain works on Uint8Arrays.
import { checksumAddress } from '../domain/identity/identity-key.ts';

/** "0xabcd…" → bytes (the schema has checked the digits and length). */
export function bytesOf(hex: string): Uint8Array {
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

/** bytes → "0x…" lowercase. */
export function hexOf(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes).toString('hex')}`;
}

/** A 20-byte address → its EIP-55 spelling. */
export function addressOf(bytes: Uint8Array): string {
  return checksumAddress(bytes);
}

/** "0xAbC…" → its EIP-55 spelling (addresses compare and display the same everywhere). */
export function normalizeAddress(text: string): string {
  return checksumAddress(bytesOf(text));
}
