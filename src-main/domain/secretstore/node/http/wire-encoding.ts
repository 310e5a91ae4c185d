// Text encodings of the node's HTTP API (docs/PROTOCOL.md §1, PARITY.md §2.1): bare hex in URL
// paths, "0x" + lowercase hex in JSON, EIP-55 addresses, Rust's unsigned-integer syntax for the
// threshold, and Parity's percent-decoding. Pure functions; the routes decide what a failure means.
import { keccak_256 } from '@noble/hashes/sha3.js';

/** The largest recovery byte Parity accepts in r‖s‖v (27/28 are refused, PARITY.md §2.1). */
export const MAX_RECOVERY_BYTE = 3;

const BARE_HEX = /^[0-9a-fA-F]*$/;
const RUST_USIZE = /^\+?[0-9]+$/;
const USIZE_MAX = (1n << 64n) - 1n;

/**
 * The origin-form path of a request target: an absolute-form target (`http://host/path`, as
 * proxies send) loses its scheme and authority, as hyper's `uri.path()` did; others are unchanged.
 */
export function originFormTarget(target: string): string {
  const absolute = /^[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#]*/.exec(target);
  if (absolute === null) return target;
  const rest = target.slice(absolute[0].length);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

/** Decodes bare hex of exactly `length` bytes, either case, no `0x` (fixed-hash 0.5 `FromStr`); null otherwise. */
export function parseBareHex(text: string, length: number): Uint8Array | null {
  if (text.length !== length * 2 || !BARE_HEX.test(text)) return null;
  return Uint8Array.from(Buffer.from(text, 'hex'));
}

/** Decodes `0x` + exactly `length` bytes of hex (either case); null otherwise. */
export function parsePrefixedHex(text: string, length: number): Uint8Array | null {
  if (!text.startsWith('0x')) return null;
  return parseBareHex(text.slice(2), length);
}

/** Encodes bytes as `0x` + lowercase hex, the JSON form of every byte string. */
export function prefixedHex(bytes: Uint8Array): string {
  return `0x${Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('hex')}`;
}

/**
 * Encodes a value the service returned as `0x` hex after checking its length. A wrong length is a
 * bug behind the interface, thrown as a plain Error so the request fails with a generic 500.
 */
export function fixedHex(bytes: unknown, length: number, what: string): string {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new Error(`The service returned a malformed ${what}.`);
  return prefixedHex(bytes);
}

/**
 * Parses a 64-bit unsigned integer as Rust's `usize::from_str` does: ASCII digits with an optional
 * leading `+`, no spaces, no sign `-`, at most 2^64 − 1. Null when Rust would refuse it.
 */
export function parseRustUsize(text: string): bigint | null {
  if (!RUST_USIZE.test(text)) return null;
  const value = BigInt(text.startsWith('+') ? text.slice(1) : text);
  return value <= USIZE_MAX ? value : null;
}

/** True when a 65-byte r‖s‖v signature has a recovery byte Parity accepts (0–3). */
export function hasValidRecoveryByte(signature: Uint8Array): boolean {
  const v = signature[64];
  return v !== undefined && v <= MAX_RECOVERY_BYTE;
}

function hexDigit(code: number): number {
  if (code >= 0x30 && code <= 0x39) return code - 0x30;
  if (code >= 0x41 && code <= 0x46) return code - 0x41 + 10;
  if (code >= 0x61 && code <= 0x66) return code - 0x61 + 10;
  return -1;
}

/**
 * Parity's path decoding (`percent_decode(..).decode_utf8()`): every `%XX` with two hex digits
 * becomes that byte, any other `%` stays literal, and the result must be valid UTF-8 (null if not).
 */
export function percentDecodePath(path: string): string | null {
  const input = Buffer.from(path, 'utf8');
  const output = Buffer.alloc(input.length);
  let length = 0;
  for (let index = 0; index < input.length; index++) {
    const byte = input[index] ?? 0;
    const high = byte === 0x25 ? hexDigit(input[index + 1] ?? -1) : -1;
    const low = high >= 0 ? hexDigit(input[index + 2] ?? -1) : -1;
    if (high >= 0 && low >= 0) {
      output[length++] = high * 16 + low;
      index += 2;
    } else {
      output[length++] = byte;
    }
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(output.subarray(0, length));
  } catch {
    // Invalid UTF-8 after decoding: Parity answers Request::Invalid, and so do the callers.
    return null;
  }
}

/** The EIP-55 checksummed form of a 20-byte address (PROTOCOL §1: addresses are printed checksummed). */
export function checksumAddress(address: Uint8Array): string {
  const lower = Buffer.from(address.buffer, address.byteOffset, address.byteLength).toString('hex');
  const hash = keccak_256(new TextEncoder().encode(lower));
  let out = '0x';
  for (let index = 0; index < lower.length; index++) {
    const nibble = ((hash[index >> 1] ?? 0) >> (index % 2 === 0 ? 4 : 0)) & 0x0f;
    const char = lower.charAt(index);
    out += nibble >= 8 ? char.toUpperCase() : char;
  }
  return out;
}

/**
 * Decodes a `0x` address of 20 bytes. All-lowercase or all-uppercase hex is accepted as is; mixed
 * case must be a correct EIP-55 checksum, so a mistyped address is refused instead of used.
 */
export function parseAddressText(text: string): Uint8Array | null {
  const bytes = parsePrefixedHex(text, 20);
  if (bytes === null) return null;
  const digits = text.slice(2);
  const mixed = digits !== digits.toLowerCase() && digits !== digits.toUpperCase();
  if (mixed && checksumAddress(bytes) !== text) return null;
  return bytes;
}
