/**
 * A pool of worker threads that seal/open runs of payload chunks in parallel. Workers start lazily, are
 * unref'd while idle (an unclosed pool never keeps the process alive) and stop on close().
 */
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { BufferRecycler } from './batches.ts';
import { runChunkTask } from './chunk-task.ts';
import { BATCH_CHUNKS, CHUNK_BYTES, ENCRYPTED_CHUNK_BYTES } from './stream-chunks.ts';
import type { ChunkTask, ChunkTaskError, ChunkTaskResult } from './chunk-task.ts';

/**
 * The worker's entry file: the TypeScript source when running from source, the bundled sibling
 * (dist/cli/chunk-worker.js, see scripts/build.ts) when running from the bundle.
 */
const WORKER_URL = new URL(import.meta.url.endsWith('.ts') ? './chunk-worker.ts' : './chunk-worker.js', import.meta.url);

/** Recycled output buffers kept at most (each one batch of sealed chunks, about 1 MiB). */
const MAX_SPARES = 6;
/** Buffers smaller than an opened batch are not worth keeping. */
const SPARE_MIN_BYTES = BATCH_CHUNKS * CHUNK_BYTES;

/**
 * Worker threads to use on a machine with `cores` cores: one core stays with the main thread, which
 * reads, packs or unpacks, and writes. Measured on the 2-core development VM (sync before each run):
 * one worker against none sealed 1 GiB in 1.53-1.88 s against 1.73-2.11 s and opened 10,000 small
 * files in 1.32-1.44 s against 1.50-1.69 s; two workers were slower than one (cross-thread hand-offs
 * cost ~0.2 ms each there). SEALDROP_WORKERS overrides it.
 */
export function defaultWorkerCount(cores: number, override = process.env.SEALDROP_WORKERS): number {
  const forced = override === undefined || override === '' ? NaN : Number(override);
  if (Number.isInteger(forced) && forced >= 0 && forced <= 64) return forced;
  return Math.min(Math.max(cores - 1, 0), 8);
}

/** A task without its id (the pool assigns ids). */
export type ChunkJob = Omit<ChunkTask, 'id'>;

interface Pending {
  resolve(result: ChunkTaskResult): void;
  reject(error: Error): void;
}

interface Slot {
  readonly worker: Worker;
  readonly pending: Map<number, Pending>;
}

/** Options for a pool; `workers: 0` runs every task inline on the calling thread. */
export interface ChunkPoolOptions {
  workers?: number;
}

/** Worker threads for the STREAM payload; share one per process, close it on shutdown. */
export class ChunkPool {
  /** Number of worker threads (0 = inline on the calling thread). */
  readonly size: number;
  readonly #slots: (Slot | null)[];
  readonly #spares: ArrayBuffer[] = [];
  /** Plaintext batch buffers for sealing, shared with a producer that fills them (zero copy). */
  readonly sealInputs = new BufferRecycler(BATCH_CHUNKS * CHUNK_BYTES, 6);
  /** Sealed batch buffers for opening, shared with the file reader (zero copy). */
  readonly openInputs = new BufferRecycler(BATCH_CHUNKS * ENCRYPTED_CHUNK_BYTES, 6);
  #nextId = 1;
  #closed = false;

  /** Creates a pool; by default with as many workers as the machine has cores. */
  constructor(options: ChunkPoolOptions = {}) {
    const workers = options.workers ?? defaultWorkerCount(availableParallelism());
    if (!Number.isInteger(workers) || workers < 0) throw new SealdropError('bad-argument', 'the worker count must be a non-negative integer');
    this.size = workers;
    this.#slots = new Array<Slot | null>(workers).fill(null);
  }

  /** How many tasks callers should keep in flight to keep every worker busy. */
  get parallelism(): number {
    return Math.max(1, this.size * 2);
  }

  /** Runs one task; the input buffer is transferred to the worker and handed back in the result. */
  run(job: ChunkJob): Promise<ChunkTaskResult> {
    if (this.#closed) return Promise.reject(new SealdropError('cancelled', 'the chunk worker pool is closed'));
    const spare = this.#takeSpare(job.kind === 'seal' ? BATCH_CHUNKS * ENCRYPTED_CHUNK_BYTES : BATCH_CHUNKS * CHUNK_BYTES);
    const task: ChunkTask = spare === undefined ? { ...job, id: this.#nextId++ } : { ...job, spare, id: this.#nextId++ };
    if (this.size === 0) {
      try {
        return Promise.resolve(runChunkTask(task));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    }
    const slot = this.#leastBusySlot();
    return new Promise<ChunkTaskResult>((resolve, reject) => {
      slot.pending.set(task.id, { resolve, reject });
      slot.worker.ref();
      slot.worker.postMessage(task, spare === undefined ? [task.input] : [task.input, spare]);
    });
  }

  /**
   * Hands back an output buffer (sealed or opened) the caller is completely done with, so the next task
   * writes into it instead of allocating: fewer page faults, and no pile of garbage buffers that would
   * hold ~64 MiB until V8's next full collection.
   */
  recycle(buffer: ArrayBuffer): void {
    if (this.#spares.length < MAX_SPARES && buffer.byteLength >= SPARE_MIN_BYTES && !buffer.detached) this.#spares.push(buffer);
  }

  /** A spare buffer of at least `bytes`, if one is kept. */
  #takeSpare(bytes: number): ArrayBuffer | undefined {
    for (let index = this.#spares.length - 1; index >= 0; index -= 1) {
      const spare = this.#spares[index] as ArrayBuffer;
      if (spare.byteLength >= bytes) return this.#spares.splice(index, 1)[0];
    }
    return undefined;
  }

  /** Stops every worker; tasks still running reject with 'cancelled'. Safe to call twice. */
  async close(): Promise<void> {
    this.#closed = true;
    const stopping = this.#slots.map(async (slot, index) => {
      if (slot === null) return;
      this.#slots[index] = null;
      this.#failAll(slot, new SealdropError('cancelled', 'the chunk worker pool was closed'));
      await slot.worker.terminate();
    });
    await Promise.all(stopping);
  }

  #leastBusySlot(): Slot {
    let best = -1;
    let bestLoad = Infinity;
    for (let index = 0; index < this.#slots.length; index += 1) {
      const load = this.#slots[index]?.pending.size ?? 0;
      if (load < bestLoad) {
        best = index;
        bestLoad = load;
      }
    }
    return this.#slots[best] ?? this.#spawn(best);
  }

  #spawn(index: number): Slot {
    const worker = new Worker(WORKER_URL);
    const slot: Slot = { worker, pending: new Map() };
    this.#slots[index] = slot;
    worker.unref();
    worker.on('message', (message: ChunkTaskResult | ChunkTaskError) => this.#settle(slot, message));
    worker.on('error', (error) => this.#retire(index, slot, error));
    worker.on('exit', (code) => this.#retire(index, slot, new Error(`a chunk worker exited with code ${code}`)));
    return slot;
  }

  #settle(slot: Slot, message: ChunkTaskResult | ChunkTaskError): void {
    const pending = slot.pending.get(message.id);
    if (pending === undefined) return;
    slot.pending.delete(message.id);
    // Idle workers must not keep the process alive.
    if (slot.pending.size === 0) slot.worker.unref();
    if ('error' in message) pending.reject(new Error(`a chunk worker failed: ${message.error}`));
    else pending.resolve(message);
  }

  /** A worker died: fail its tasks and free the slot so the next task starts a fresh worker. */
  #retire(index: number, slot: Slot, cause: Error): void {
    if (this.#slots[index] === slot) this.#slots[index] = null;
    this.#failAll(slot, new SealdropError('io-failed', 'a chunk worker thread stopped unexpectedly', {}, { cause }));
  }

  #failAll(slot: Slot, error: Error): void {
    for (const pending of slot.pending.values()) pending.reject(error);
    slot.pending.clear();
  }
}
