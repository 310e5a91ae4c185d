/**
 * Canonical, unpadded base64 as the age header uses it. age spec (C2SP age), "Conventions": encoders
 * MUST generate canonical base64 (RFC 4648 §3.5) and decoders MUST reject non-canonical encodings and
 * encodings ending with `=` padding.
 */
import { Buffer } from 'node:buffer';

const BASE64_CHARS = /^[A-Za-z0-9+/]*$/;

/** Encodes bytes as unpadded standard base64 (the only form the age header allows). */
export function encodeBase64NoPad(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64').replace(/=+$/, '');
}

/**
 * Decodes strict canonical unpadded base64; returns null for anything else (padding, stray characters,
 * a length that cannot occur, non-zero trailing bits).
 */
export function decodeBase64NoPad(text: string): Uint8Array | null {
  if (!BASE64_CHARS.test(text) || text.length % 4 === 1) return null;
  const bytes = Buffer.from(text, 'base64');
  // Node's decoder is lenient about trailing bits; re-encoding exposes a non-canonical input.
  if (encodeBase64NoPad(bytes) !== text) return null;
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Decodes canonical base64 that must be exactly `length` bytes long; null otherwise. */
export function decodeBase64Exact(text: string, length: number): Uint8Array | null {
  const bytes = decodeBase64NoPad(text);
  return bytes !== null && bytes.length === length ? bytes : null;
}
