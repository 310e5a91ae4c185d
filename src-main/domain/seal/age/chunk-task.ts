/**
 * The messages exchanged with chunk worker threads, and the one function that executes a task (used by
 * the workers and by the inline, zero-worker pool alike).
 */
import type { ChunkFailure } from './stream-chunks.ts';
import { openChunks, sealChunks } from './stream-chunks.ts';

/** A run of chunks to seal or open. `input` holds `length` bytes and is transferred, not copied. */
export interface ChunkTask {
  readonly id: number;
  readonly kind: 'seal' | 'open';
  readonly key: Uint8Array;
  readonly firstCounter: number;
  readonly input: ArrayBuffer;
  readonly length: number;
  /** seal: the run ends the payload; open: the run ends at the end of the file. */
  readonly last: boolean;
  /** A recycled buffer to write the output into (transferred), if the pool has one. */
  readonly spare?: ArrayBuffer;
}

/** The outcome of a task: output bytes, the input buffer handed back for reuse, and any chunk failure. */
export interface ChunkTaskResult {
  readonly id: number;
  readonly output: ArrayBuffer;
  readonly outputLength: number;
  readonly input: ArrayBuffer;
  readonly failure: ChunkFailure | null;
}

/** A crashed task (a bug, not a cryptographic outcome). */
export interface ChunkTaskError {
  readonly id: number;
  readonly error: string;
}

/** Returns a standalone ArrayBuffer holding exactly the view's bytes (transferable without leaking neighbours). */
function ownBuffer(view: Uint8Array): ArrayBuffer {
  if (view.byteOffset === 0 && view.buffer instanceof ArrayBuffer && view.buffer.byteLength === view.byteLength) return view.buffer;
  // Not view.slice(): on a Buffer that is a view into the shared pool, not a copy.
  return new Uint8Array(view).buffer;
}

/** Executes one task synchronously. */
export function runChunkTask(task: ChunkTask): ChunkTaskResult {
  const input = new Uint8Array(task.input, 0, task.length);
  if (task.kind === 'seal') {
    const output = sealChunks(task.key, task.firstCounter, input, task.last, task.spare);
    return { id: task.id, output: ownBuffer(output), outputLength: output.length, input: task.input, failure: null };
  }
  const { plaintext, failure } = openChunks(task.key, task.firstCounter, input, task.last, task.spare);
  return { id: task.id, output: ownBuffer(plaintext), outputLength: plaintext.length, input: task.input, failure };
}
