/** Small stream helpers shared by the age unit tests. */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';

/** Yields `data` in pieces of `pieceBytes` (exercises every split position of the parsers). */
export async function* pieces(data: Uint8Array, pieceBytes = data.length || 1): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += pieceBytes) yield data.subarray(offset, offset + pieceBytes);
}

/** Concatenates a byte stream. */
export async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

/** Drains a stream, returning what it released before an error and the error (if any). */
export async function drain(source: AsyncIterable<Uint8Array>): Promise<{ released: Buffer; error: unknown }> {
  const parts: Uint8Array[] = [];
  try {
    for await (const part of source) parts.push(Buffer.from(part));
    return { released: Buffer.concat(parts), error: undefined };
  } catch (error) {
    return { released: Buffer.concat(parts), error };
  }
}

/** Hex SHA-256. */
export function sha256Hex(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('hex');
}
