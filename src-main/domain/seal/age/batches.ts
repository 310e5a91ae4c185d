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

/**
 * A small free list of batch buffers so steady-state streaming allocates nothing. A producer may take
 * buffers from it, fill them and yield them: a whole buffer it issued is then adopted by fixedBatches
 * without a copy (the producer must not touch a buffer after yielding it).
 */
export class BufferRecycler {
  readonly #size: number;
  readonly #limit: number;
  readonly #free: ArrayBuffer[] = [];
  readonly #issued = new WeakSet<ArrayBuffer>();

  /** Buffers of `size` bytes; keeps at most `limit` spare ones. */
  constructor(size: number, limit: number) {
    this.#size = size;
    this.#limit = limit;
  }

  /** The size of every buffer. */
  get size(): number {
    return this.#size;
  }

  /** A buffer of the configured size (reused when one is spare). */
  take(): ArrayBuffer {
    // allocUnsafeSlow: not zero-filled (it is always overwritten) and never a slice of a shared pool.
    const buffer = this.#free.pop() ?? (Buffer.allocUnsafeSlow(this.#size).buffer as ArrayBuffer);
    this.#issued.add(buffer);
    return buffer;
  }

  /** True when `view` covers a whole buffer this recycler handed out. */
  owns(view: Uint8Array): boolean {
    return view.byteOffset === 0 && view.byteLength === this.#size && view.buffer instanceof ArrayBuffer && this.#issued.has(view.buffer);
  }

  /** Returns a buffer for reuse (ignored if detached, foreign-sized or the list is full). */
  give(buffer: ArrayBuffer): void {
    if (buffer.byteLength === this.#size && !buffer.detached && this.#free.length < this.#limit) this.#free.push(buffer);
  }
}

/**
 * Splits `source` into batches of `batchBytes`; the last batch is empty only if the source is. Whole
 * buffers the recycler issued (a producer filled them) are adopted as they are; anything else is copied.
 */
export async function* fixedBatches(source: AsyncIterable<Uint8Array>, batchBytes: number, buffers: BufferRecycler): AsyncGenerator<Batch> {
  // A full batch is held until it is known whether more data follows (the STREAM final flag).
  let held: Uint8Array | null = null;
  let current: Uint8Array | null = null;
  let filled = 0;
  for await (const chunk of source) {
    if (chunk.byteLength === 0) continue;
    if (held !== null) {
      yield { data: held, last: false };
      held = null;
    }
    if (filled === 0 && batchBytes === buffers.size && buffers.owns(chunk)) {
      held = chunk;
      continue;
    }
    let offset = 0;
    while (offset < chunk.byteLength) {
      if (held !== null) {
        yield { data: held, last: false };
        held = null;
      }
      current ??= new Uint8Array(buffers.take(), 0, batchBytes);
      const take = Math.min(batchBytes - filled, chunk.byteLength - offset);
      current.set(chunk.subarray(offset, offset + take), filled);
      filled += take;
      offset += take;
      if (filled === batchBytes) {
        held = current;
        current = null;
        filled = 0;
      }
    }
  }
  if (held !== null && filled === 0) {
    yield { data: held, last: true };
    return;
  }
  if (held !== null) yield { data: held, last: false };
  yield { data: (current ?? new Uint8Array(buffers.take(), 0, batchBytes)).subarray(0, filled), last: true };
}
