/** Worker thread entry point: runs chunk tasks posted by a ChunkPool and posts the results back. */
import { parentPort } from 'node:worker_threads';
import { runChunkTask } from './chunk-task.ts';
import { youngGarbageCollector } from './young-garbage.ts';
import type { ChunkTask, ChunkTaskError } from './chunk-task.ts';

const port = parentPort;
if (port === null) throw new Error('chunk-worker.ts must run as a worker thread');

// Cipher updates allocate a buffer per chunk: collect them every few batches (see young-garbage.ts).
const collectYoung = youngGarbageCollector(4);

port.on('message', (task: ChunkTask) => {
  try {
    collectYoung();
    const result = runChunkTask(task);
    // Transfer both buffers: the output to the consumer, the input back to the pool for reuse.
    port.postMessage(result, result.input === result.output ? [result.output] : [result.output, result.input]);
  } catch (error) {
    // Why: report a crash to the waiting caller instead of killing the worker silently.
    const reply: ChunkTaskError = { id: task.id, error: error instanceof Error ? error.message : String(error) };
    port.postMessage(reply);
  }
});
