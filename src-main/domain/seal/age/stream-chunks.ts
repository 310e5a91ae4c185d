/**
 * The STREAM chunk cipher: seals and opens runs of consecutive payload chunks with node:crypto.
 * Shared by the worker threads and the single-threaded path. age spec (C2SP age), "Payload".
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv } from 'node:crypto';
import { hkdfSha256 } from './file-key.ts';

/** age spec, "Payload": the payload is split in chunks of 64 KiB. */
export const CHUNK_BYTES = 64 * 1024;
/** The Poly1305 tag after every chunk. */
export const TAG_BYTES = 16;
/** One full encrypted chunk. */
export const ENCRYPTED_CHUNK_BYTES = CHUNK_BYTES + TAG_BYTES;
/** age spec, "Payload": a 16-byte nonce from a CSPRNG starts the payload. */
export const PAYLOAD_NONCE_BYTES = 16;

/** Why a run of chunks failed to open, with the 0-based counter of the chunk at fault. */
export interface ChunkFailure {
  readonly code: 'payload-tampered' | 'payload-truncated' | 'trailing-data';
  readonly chunk: number;
  readonly reason: 'authentication' | 'empty-final-chunk' | 'no-final-chunk' | 'partial-tag' | 'data-after-final-chunk';
}

/** Chunks per batch (one worker message). 16 x 64 KiB = 1 MiB, also the single-thread threshold. */
export const BATCH_CHUNKS = 16;

/** age spec: payload key = HKDF-SHA-256(ikm = file key, salt = nonce, info = "payload"). */
export function derivePayloadKey(fileKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  return hkdfSha256(fileKey, nonce, 'payload');
}

/** age spec: 11-byte big-endian chunk counter, then 0x01 for the final chunk and 0x00 before it. */
export function chunkNonce(counter: number, final: boolean): Uint8Array {
  const nonce = new Uint8Array(12);
  // Counters stay far below 2^53 (that would be a 2^69-byte file), so the top bytes are zero.
  new DataView(nonce.buffer).setBigUint64(3, BigInt(counter));
  nonce[11] = final ? 1 : 0;
  return nonce;
}

/** Number of chunks a run of `plaintextBytes` occupies (an empty final payload is one empty chunk). */
export function chunkCount(plaintextBytes: number): number {
  return plaintextBytes === 0 ? 1 : Math.ceil(plaintextBytes / CHUNK_BYTES);
}

/**
 * Seals consecutive chunks starting at `firstCounter`. When `final`, the last chunk gets the final
 * flag; otherwise the input must be whole chunks. Returns ciphertext (chunks with their tags), written
 * into `spare` when it is given and large enough.
 */
export function sealChunks(key: Uint8Array, firstCounter: number, plaintext: Uint8Array, final: boolean, spare?: ArrayBuffer): Uint8Array {
  const count = chunkCount(plaintext.length);
  if (!final && (plaintext.length === 0 || plaintext.length % CHUNK_BYTES !== 0)) throw new RangeError('a non-final run must be whole chunks');
  const size = plaintext.length + count * TAG_BYTES;
  // A recycled output buffer saves an allocation and its page faults per batch (see ChunkPool.recycle).
  const output = spare !== undefined && spare.byteLength >= size ? Buffer.from(spare, 0, size) : Buffer.allocUnsafe(size);
  let written = 0;
  for (let index = 0; index < count; index += 1) {
    const piece = plaintext.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
    const nonce = chunkNonce(firstCounter + index, final && index === count - 1);
    const cipher = createCipheriv('chacha20-poly1305', key, nonce, { authTagLength: TAG_BYTES });
    written += cipher.update(piece).copy(output, written);
    cipher.final();
    written += cipher.getAuthTag().copy(output, written);
  }
  return output;
}

/** Opens one chunk into `output` at `offset`; returns the plaintext length, or -1 if it fails. */
function openChunk(key: Uint8Array, counter: number, final: boolean, piece: Uint8Array, output: Buffer, offset: number): number {
  const decipher = createDecipheriv('chacha20-poly1305', key, chunkNonce(counter, final), { authTagLength: TAG_BYTES });
  decipher.setAuthTag(piece.subarray(piece.length - TAG_BYTES));
  const plaintext = decipher.update(piece.subarray(0, piece.length - TAG_BYTES));
  try {
    decipher.final();
  } catch {
    // Why: a bad tag is an expected outcome the caller classifies; the plaintext is discarded unreleased.
    return -1;
  }
  return plaintext.copy(output, offset);
}

/**
 * Opens consecutive encrypted chunks starting at `firstCounter`. `atEof` says the run ends at the end
 * of the file, so its last chunk must be the final one. Returns the authenticated plaintext of every
 * chunk before the first failure, and that failure if any.
 */
export function openChunks(
  key: Uint8Array,
  firstCounter: number,
  ciphertext: Uint8Array,
  atEof: boolean,
  spare?: ArrayBuffer,
): { plaintext: Uint8Array; failure: ChunkFailure | null } {
  const count = Math.ceil(ciphertext.length / ENCRYPTED_CHUNK_BYTES);
  // A recycled output buffer saves an allocation per batch (see ChunkPool.recycle).
  const output = spare !== undefined && spare.byteLength >= count * CHUNK_BYTES ? Buffer.from(spare, 0, count * CHUNK_BYTES) : Buffer.allocUnsafe(count * CHUNK_BYTES);
  let written = 0;
  const result = (failure: ChunkFailure | null): { plaintext: Uint8Array; failure: ChunkFailure | null } => ({
    plaintext: output.subarray(0, written),
    failure,
  });
  // age spec: "Streaming decryption MUST signal an error if the end of file is reached without
  // successfully decrypting a final chunk" - here the payload section holds no chunk at all.
  if (count === 0) return result(atEof ? { code: 'payload-truncated', chunk: firstCounter, reason: 'no-final-chunk' } : null);
  for (let index = 0; index < count; index += 1) {
    const counter = firstCounter + index;
    const piece = ciphertext.subarray(index * ENCRYPTED_CHUNK_BYTES, (index + 1) * ENCRYPTED_CHUNK_BYTES);
    if (!(atEof && index === count - 1)) {
      // Not at EOF, so this chunk is full and must not be final.
      const length = openChunk(key, counter, false, piece, output, written);
      if (length >= 0) {
        written += length;
        continue;
      }
      // A valid final chunk with more data after it: its plaintext is authentic and is released (as the
      // CCTV vectors expect), then the stream fails.
      const finalLength = openChunk(key, counter, true, piece, output, written);
      if (finalLength < 0) return result(tampered(counter));
      written += finalLength;
      return result({ code: 'trailing-data', chunk: counter, reason: 'data-after-final-chunk' });
    }
    if (piece.length < TAG_BYTES) return result({ code: 'payload-truncated', chunk: counter, reason: 'partial-tag' });
    // age spec: the final chunk "MUST NOT be empty unless the whole payload is empty".
    if (piece.length === TAG_BYTES && counter > 0) return result({ code: 'payload-tampered', chunk: counter, reason: 'empty-final-chunk' });
    const length = openChunk(key, counter, true, piece, output, written);
    if (length >= 0) {
      written += length;
      return result(null);
    }
    // A valid non-final chunk at EOF means the file was cut right after it. A full one is an authentic
    // chunk and is released (as the CCTV vectors expect); a short one is not a valid chunk at all.
    const nonFinalLength = openChunk(key, counter, false, piece, output, written);
    if (nonFinalLength < 0) return result(tampered(counter));
    if (piece.length === ENCRYPTED_CHUNK_BYTES) written += nonFinalLength;
    return result({ code: 'payload-truncated', chunk: counter + (piece.length === ENCRYPTED_CHUNK_BYTES ? 1 : 0), reason: 'no-final-chunk' });
  }
  return result(null);
}

/** A chunk whose tag does not verify under either flag. */
function tampered(chunk: number): ChunkFailure {
  return { code: 'payload-tampered', chunk, reason: 'authentication' };
}
