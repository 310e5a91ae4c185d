import type { FileHandle } from 'node:fs/promises';

/** Block size for sequential reads: large enough that syscalls and promise hops stay cheap. */
export const READ_BLOCK_SIZE = 1024 * 1024;

/**
 * Reads a file sequentially as an async iterable of fresh buffers (each owned by the consumer, so it
 * may be transferred to a worker). `onBytes` is told the running total after each block.
 */
export async function* readFileBlocks(
  handle: FileHandle,
  onBytes?: (total: number) => void,
  blockSize = READ_BLOCK_SIZE,
): AsyncGenerator<Uint8Array> {
  let total = 0;
  for (;;) {
    const buffer = Buffer.allocUnsafe(blockSize);
    const { bytesRead } = await handle.read(buffer, 0, blockSize, null);
    if (bytesRead === 0) return;
    total += bytesRead;
    onBytes?.(total);
    yield bytesRead === blockSize ? buffer : buffer.subarray(0, bytesRead);
  }
}
