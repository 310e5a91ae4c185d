// Strict big-endian byte writer and reader for the stored record formats. The writer refuses a value
// of the wrong shape ('bad-argument': a caller bug, nothing reaches the disk); the reader refuses
// anything but the exact layout ('storage-tampered': what is on disk is not what we wrote).
import { SealdropError } from '../../../../../src-shared/errors.ts';

/** Builds one byte string from fixed-layout fields; every field is checked before it is accepted. */
export class ByteWriter {
  readonly #chunks: Uint8Array[] = [];
  #length = 0;

  /** Appends one byte (0..255). */
  u8(value: number, field: string): void {
    this.#push(integerBytes(value, 1, field));
  }

  /** Appends a 16-bit unsigned integer. */
  u16(value: number, field: string): void {
    this.#push(integerBytes(value, 2, field));
  }

  /** Appends a 32-bit unsigned integer. */
  u32(value: number, field: string): void {
    this.#push(integerBytes(value, 4, field));
  }

  /** Appends a non-negative safe integer as 8 bytes (times in ms, ACL versions). */
  u64(value: number, field: string): void {
    this.#push(integerBytes(value, 8, field));
  }

  /** Appends bytes that must have exactly `length` bytes. */
  bytes(value: Uint8Array, length: number, field: string): void {
    if (!(value instanceof Uint8Array) || value.length !== length) {
      throw new SealdropError('bad-argument', `${field} must be ${length} bytes.`);
    }
    this.#push(value);
  }

  /** Appends UTF-8 text with a 16-bit length prefix, at most `maxBytes` encoded bytes. */
  text(value: string, maxBytes: number, field: string): void {
    if (typeof value !== 'string') throw new SealdropError('bad-argument', `${field} must be text.`);
    const encoded = new TextEncoder().encode(value);
    if (encoded.length > maxBytes) throw new SealdropError('bad-argument', `${field} is longer than ${maxBytes} bytes.`);
    this.u16(encoded.length, field);
    this.#push(encoded);
  }

  /** The bytes written so far, in one fresh buffer the caller owns (and may wipe). */
  finish(): Uint8Array {
    // A plain Uint8Array, not Buffer.concat: small Buffers come from a shared pool that the caller
    // could not wipe precisely, and this buffer may hold a secret share.
    const out = new Uint8Array(this.#length);
    let offset = 0;
    for (const chunk of this.#chunks) {
      out.set(chunk, offset);
      offset += chunk.length;
    }
    return out;
  }

  #push(chunk: Uint8Array): void {
    this.#chunks.push(chunk);
    this.#length += chunk.length;
  }
}

/** Reads fixed-layout fields back; any short read, out-of-range value or trailing byte is refused. */
export class ByteReader {
  readonly #bytes: Uint8Array;
  readonly #what: string;
  readonly #details: Record<string, string>;
  #offset = 0;

  /** `what` names the record in errors ("The ACL record of document 0x…"); never secret. */
  constructor(bytes: Uint8Array, what: string, details: Record<string, string> = {}) {
    this.#bytes = bytes;
    this.#what = what;
    this.#details = details;
  }

  /** Throws the 'storage-tampered' error for this record. */
  fail(reason: string): never {
    throw new SealdropError('storage-tampered', `${this.#what} is malformed (${reason}): it was changed or corrupted on disk.`, this.#details);
  }

  /** Reads one byte. */
  u8(): number {
    return this.#integer(1);
  }

  /** Reads a 16-bit unsigned integer. */
  u16(): number {
    return this.#integer(2);
  }

  /** Reads a 32-bit unsigned integer. */
  u32(): number {
    return this.#integer(4);
  }

  /** Reads an 8-byte unsigned integer that must be a safe JavaScript integer. */
  u64(): number {
    return this.#integer(8);
  }

  /** Reads exactly `length` bytes into a fresh copy (so wiping the source does not wipe the result). */
  bytes(length: number): Uint8Array {
    // A plain Uint8Array even when the source is a Buffer (LevelDB values are): callers compare
    // and serialize records, and a Buffer would differ from the Uint8Array that was stored.
    return new Uint8Array(this.#take(length));
  }

  /** Reads UTF-8 text written by `ByteWriter.text`; invalid UTF-8 is refused, not replaced. */
  text(maxBytes: number): string {
    const length = this.u16();
    if (length > maxBytes) this.fail(`text longer than ${maxBytes} bytes`);
    try {
      return new TextDecoder('utf-8', { fatal: true }).decode(this.#take(length));
    } catch {
      // The decoder's own message adds nothing; the fact is that the bytes are not UTF-8.
      return this.fail('text is not valid UTF-8');
    }
  }

  /** Refuses any bytes left after the last field. */
  end(): void {
    if (this.#offset !== this.#bytes.length) this.fail(`${this.#bytes.length - this.#offset} unexpected trailing bytes`);
  }

  #take(length: number): Uint8Array {
    if (this.#offset + length > this.#bytes.length) this.fail('record is cut short');
    const view = this.#bytes.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return view;
  }

  #integer(width: number): number {
    let value = 0n;
    for (const byte of this.#take(width)) value = (value << 8n) | BigInt(byte);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) this.fail('an integer is out of range');
    return Number(value);
  }
}

/** Big-endian bytes of a non-negative integer that must fit `width` bytes (and be a safe integer). */
function integerBytes(value: number, width: number, field: string): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0 || (width < 8 && value >= 2 ** (8 * width))) {
    throw new SealdropError('bad-argument', `${field} must be an integer from 0 to ${width < 8 ? 2 ** (8 * width) - 1 : Number.MAX_SAFE_INTEGER}.`);
  }
  const out = new Uint8Array(width);
  let rest = BigInt(value);
  for (let index = width - 1; index >= 0; index--) {
    out[index] = Number(rest & 0xffn);
    rest >>= 8n;
  }
  return out;
}

/** Byte equality of two arrays (public data, so no constant-time need). */
export function sameBytes(left: Uint8Array, right: Uint8Array): boolean {
  return left.length === right.length && left.every((byte, index) => byte === right[index]);
}
