// Small codecs shared by the session files: `0x` hex for JSON, node keys as map keys.
import { SealdropError } from '../../../../../src-shared/errors.ts';

/** Bytes as `0x` + lowercase hex (PROTOCOL §1, JSON form). */
export function toHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/** `0x` hex (already schema-checked) back to bytes. */
export function fromHex(hex: string): Uint8Array<ArrayBuffer> {
  if (!hex.startsWith('0x')) throw new SealdropError('request-invalid', 'Expected 0x-prefixed hex.');
  return Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));
}

/** A 64-byte node key as the `0x…` string used for map keys and messages. */
export function nodeKeyHex(nodePublic: Uint8Array): string {
  return toHex(nodePublic);
}

/** A short, readable label for a node in messages: "node 0x1a2b…9f0e". */
export function nodeLabel(nodeHex: string): string {
  return `node ${nodeHex.slice(0, 6)}…${nodeHex.slice(-4)}`;
}

/** A fresh session id: 16 random bytes as 32 lowercase hex digits. */
export function newSessionId(): string {
  return Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('hex');
}
