/**
 * Regroups an async byte stream into fixed-size batches in reusable buffers, holding each full batch
 * back until it is known whether more data follows (the STREAM final flag depends on it).
 */

/** A batch: every non-last batch is exactly the batch size; the last one may be shorter or empty. */
export interface Batch {
  /** A view from offset 0 of a buffer owned by this batch (transferable). */
  readonly data: Uint8Array;
  /** True for the batch that ends the stream. */
  readonly last: boolean;
}

/** A small free list of batch buffers so steady-state streaming allocates nothing. */
export class BufferRecycler {
  readonly #size: number;
  readonly #limit: number;
  readonly #free: ArrayBuffer[] = [];

  /** Buffers of `size` bytes; keeps at most `limit` spare ones. */
  constructor(size: number, limit: number) {
    this.#size = size;
    this.#limit = limit;
  }

  /** A buffer of the configured size (reused when one is spare). */
  take(): ArrayBuffer {
    return this.#free.pop() ?? new ArrayBuffer(this.#size);
  }

  /** Returns a buffer for reuse (ignored if detached, foreign-sized or the list is full). */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === this.#size && this.#free.length < this.#limit) this.#free.push(buffer);
  }
}

/** Splits `source` into batches of `batchBytes`; the last batch is empty only if the source is. */
export async function* fixedBatches(source: AsyncIterable<Uint8Array>, batchBytes: number, buffers: BufferRecycler): AsyncGenerator<Batch> {
  let current = new Uint8Array(buffers.take(), 0, batchBytes);
  let filled = 0;
  for await (const chunk of source) {
    let offset = 0;
    while (offset < chunk.length) {
      if (filled === batchBytes) {
        // More data follows, so the held batch is not the last one.
        yield { data: current, last: false };
        current = new Uint8Array(buffers.take(), 0, batchBytes);
        filled = 0;
      }
      const take = Math.min(batchBytes - filled, chunk.length - offset);
      current.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
    }
  }
  yield { data: current.subarray(0, filled), last: true };
}
