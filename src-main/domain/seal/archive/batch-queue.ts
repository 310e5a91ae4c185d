/**
 * Fills fixed-size buffers for a producer (the tar writer) and hands them to a consumer (encryption)
 * in order, with at most a few full buffers waiting: the producer's disk reads overlap the consumer's
 * work, and memory stays flat. Producers can read straight into the buffers (region/commit), so file
 * contents are copied once, by the kernel.
 */
import { SealdropError } from '../../../../src-shared/errors.ts';

/** Where buffers come from: fresh ones, or a recycler shared with the consumer. */
export interface BufferSource {
  /** Size of every buffer, in bytes. */
  readonly size: number;
  /** A buffer of `size` bytes the caller now owns. */
  take(): ArrayBuffer;
}

/** Full buffers allowed to wait for the consumer before the producer pauses. */
const MAX_WAITING = 3;

/** A bounded, ordered hand-off of filled buffers from one producer to one consumer. */
export class BatchQueue {
  readonly #source: BufferSource;
  #current: Uint8Array | null = null;
  #fill = 0;
  readonly #ready: Uint8Array[] = [];
  #closed = false;
  #stopped = false;
  #error: unknown = null;
  #wakeConsumer: (() => void) | null = null;
  #wakeProducer: (() => void) | null = null;

  constructor(source: BufferSource) {
    this.#source = source;
  }

  /** Producer: appends bytes. */
  async write(bytes: Uint8Array): Promise<void> {
    let offset = 0;
    while (offset < bytes.byteLength) {
      const region = await this.region(bytes.byteLength - offset);
      region.set(bytes.subarray(offset, offset + region.byteLength));
      offset += region.byteLength;
      await this.commit(region.byteLength);
    }
  }

  /** Producer: appends `count` zero bytes (tar padding and end blocks). */
  async zeros(count: number): Promise<void> {
    let left = count;
    while (left > 0) {
      const region = await this.region(left);
      region.fill(0);
      left -= region.byteLength;
      await this.commit(region.byteLength);
    }
  }

  /** Producer: a writable view of the next bytes (at most `max`, at least 1); fill it, then commit. */
  async region(max: number): Promise<Uint8Array> {
    if (this.#stopped) throw new SealdropError('cancelled', 'packing stopped: the archive is no longer being read');
    if (this.#current === null) {
      this.#current = new Uint8Array(this.#source.take(), 0, this.#source.size);
      this.#fill = 0;
    }
    return this.#current.subarray(this.#fill, this.#fill + Math.min(max, this.#source.size - this.#fill));
  }

  /** Producer: `count` bytes of the last region are filled. Waits while too many buffers wait. */
  async commit(count: number): Promise<void> {
    this.#fill += count;
    if (this.#fill < this.#source.size) return;
    this.#ready.push(this.#current as Uint8Array);
    this.#current = null;
    this.#wake();
    while (this.#ready.length >= MAX_WAITING && !this.#stopped) {
      await new Promise<void>((resolve) => (this.#wakeProducer = resolve));
    }
  }

  /** Producer: everything is written; the partly filled buffer goes out as the last one. */
  close(): void {
    if (this.#current !== null && this.#fill > 0) this.#ready.push(this.#current.subarray(0, this.#fill));
    this.#current = null;
    this.#closed = true;
    this.#wake();
  }

  /** Producer: it failed; the consumer gets the error after the buffers already filled. */
  fail(error: unknown): void {
    this.#error = error;
    this.#closed = true;
    this.#wake();
  }

  /** Consumer: the next buffer, or null at the end; throws the producer's error. */
  async next(): Promise<Uint8Array | null> {
    for (;;) {
      const buffer = this.#ready.shift();
      if (buffer !== undefined) {
        this.#wakeProducer?.();
        this.#wakeProducer = null;
        return buffer;
      }
      if (this.#error !== null) throw this.#error;
      if (this.#closed) return null;
      await new Promise<void>((resolve) => (this.#wakeConsumer = resolve));
    }
  }

  /** Consumer: it stopped reading; the producer fails at its next region. */
  stop(): void {
    this.#stopped = true;
    this.#wakeProducer?.();
    this.#wakeProducer = null;
  }

  #wake(): void {
    this.#wakeConsumer?.();
    this.#wakeConsumer = null;
  }
}
