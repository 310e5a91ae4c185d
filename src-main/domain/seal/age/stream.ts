/**
 * The STREAM payload pipelines (age spec (C2SP age), "Payload"): batches of chunks sealed or opened in
 * order, on worker threads for large inputs and on the calling thread for small ones.
 */
import { SealdropError } from '../../../../src-shared/errors.ts';
import { BufferRecycler, fixedBatches } from './batches.ts';
import type { Batch } from './batches.ts';
import { ChunkPool } from './chunk-pool.ts';
import { youngGarbageCollector } from './young-garbage.ts';
import type { ChunkTaskResult } from './chunk-task.ts';
import { BATCH_CHUNKS, CHUNK_BYTES, ENCRYPTED_CHUNK_BYTES, derivePayloadKey } from './stream-chunks.ts';
import type { ChunkFailure } from './stream-chunks.ts';


/** Options for the payload pipelines. */
export interface StreamOptions {
  /** Worker pool for large payloads; without one a temporary pool is started (and stopped) as needed. */
  pool?: ChunkPool;
}

/** Turns a chunk failure into the user-facing error (chunk numbers are 1-based for people). */
export function chunkError(failure: ChunkFailure): SealdropError {
  const details = { chunk: failure.chunk, reason: failure.reason };
  const ordinal = failure.chunk + 1;
  if (failure.code === 'payload-truncated') {
    return new SealdropError('payload-truncated', `this file was cut short (chunk ${ordinal} is missing or incomplete)`, details);
  }
  if (failure.code === 'trailing-data') {
    return new SealdropError('trailing-data', `this file has extra data after its final chunk (chunk ${ordinal})`, details);
  }
  const why = failure.reason === 'empty-final-chunk' ? 'is an empty final chunk' : 'fails authentication';
  return new SealdropError('payload-tampered', `this file was changed after it was sealed (chunk ${ordinal} ${why})`, details);
}

type RunBatch = (batch: Batch, firstCounter: number) => Promise<ChunkTaskResult>;

/**
 * Runs batches in order with at most `inFlight` outstanding, yielding results in order. Small inputs
 * (a single batch) run inline; larger ones on `options.pool` or a temporary pool.
 */
async function* runBatches(
  kind: 'seal' | 'open',
  source: AsyncIterable<Uint8Array>,
  key: Uint8Array,
  chunkBytes: number,
  options: StreamOptions,
): AsyncGenerator<ChunkTaskResult> {
  const batchBytes = chunkBytes * BATCH_CHUNKS;
  const shared = options.pool === undefined ? undefined : kind === 'seal' ? options.pool.sealInputs : options.pool.openInputs;
  const buffers = shared ?? new BufferRecycler(batchBytes, 6);
  const batches = fixedBatches(source, batchBytes, buffers);
  const first = await batches.next();
  if (first.done === true) return;
  const inline = new ChunkPool({ workers: 0 });
  let pool = inline;
  let ownedPool: ChunkPool | null = null;
  // A single batch (<= 1 MiB) costs less on this thread than a round trip to a worker.
  if (!first.value.last) {
    pool = options.pool ?? (ownedPool = new ChunkPool());
  }
  const run: RunBatch = (batch, firstCounter) =>
    pool.run({ kind, key, firstCounter, input: batch.data.buffer as ArrayBuffer, length: batch.data.length, last: batch.last });
  const queue: Promise<ChunkTaskResult>[] = [];
  // Inline, this thread's cipher updates leave a buffer per chunk behind (see young-garbage.ts); with
  // workers that garbage is theirs, and a collection here would only cost time.
  const collectYoung = pool.size === 0 ? youngGarbageCollector(4) : (): void => {};
  let counter = 0;
  const enqueue = (batch: Batch): void => {
    const result = run(batch, counter);
    // Why: a rejection is observed when its turn comes; until then it must not count as unhandled.
    result.catch(() => undefined);
    queue.push(result);
    counter += BATCH_CHUNKS;
  };
  try {
    enqueue(first.value);
    for await (const batch of batches) {
      enqueue(batch);
      while (queue.length >= pool.parallelism + 1) yield await takeNext(queue, buffers, collectYoung);
    }
    while (queue.length > 0) yield await takeNext(queue, buffers, collectYoung);
  } finally {
    if (ownedPool !== null) await ownedPool.close();
  }
}

/** Awaits the oldest queued result and recycles its input buffer. */
async function takeNext(queue: Promise<ChunkTaskResult>[], buffers: BufferRecycler, collectYoung: () => void): Promise<ChunkTaskResult> {
  const result = await (queue.shift() as Promise<ChunkTaskResult>);
  buffers.give(result.input);
  collectYoung();
  return result;
}

/** Encrypts `plaintext` into STREAM chunks (without the nonce) under the payload key from `fileKey` and `nonce`. */
export async function* encryptStream(
  plaintext: AsyncIterable<Uint8Array>,
  fileKey: Uint8Array,
  nonce: Uint8Array,
  options: StreamOptions = {},
): AsyncGenerator<Uint8Array> {
  const key = derivePayloadKey(fileKey, nonce);
  for await (const result of runBatches('seal', plaintext, key, CHUNK_BYTES, options)) {
    yield new Uint8Array(result.output, 0, result.outputLength);
  }
}

/**
 * Decrypts STREAM chunks (the payload after its nonce). Yields only authenticated plaintext, then throws
 * 'payload-tampered', 'payload-truncated' or 'trailing-data' at the first bad chunk.
 */
export async function* decryptStream(
  ciphertext: AsyncIterable<Uint8Array>,
  fileKey: Uint8Array,
  nonce: Uint8Array,
  options: StreamOptions = {},
): AsyncGenerator<Uint8Array> {
  const key = derivePayloadKey(fileKey, nonce);
  for await (const result of runBatches('open', ciphertext, key, ENCRYPTED_CHUNK_BYTES, options)) {
    if (result.outputLength > 0) yield new Uint8Array(result.output, 0, result.outputLength);
    if (result.failure !== null) throw chunkError(result.failure);
  }
}
