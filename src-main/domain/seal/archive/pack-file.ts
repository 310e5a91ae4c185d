/**
 * Streams one regular file into a tar entry, in large blocks read through a FileHandle, and fails rather
 * than write a corrupt archive when the file changes while it is read.
 */
import { open, constants } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { Pack } from 'tar-stream';
import type { EntryHeader } from './pack.ts';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { PlanEntry } from './plan.ts';

type Sink = ReturnType<Pack['entry']>;

/** 1 MiB blocks: few syscalls and event-loop turns per GiB, still small next to the memory budget. */
const BLOCK_BYTES = 1024 * 1024;

// O_NOFOLLOW: if the file was replaced by a link since planning, do not read what it points to.
// O_NONBLOCK: if it was replaced by a FIFO, opening must not hang (fstat then refuses it).
export const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** Writes `entry`'s header and contents into `pack`; `onBytes` is called after every block. */
export async function streamFile(entry: PlanEntry, pack: Pack, header: EntryHeader, onBytes: (bytes: number) => void): Promise<void> {
  const handle = await openSource(entry);
  try {
    const before = await handle.stat();
    if (!before.isFile()) throw changed(entry, 'it is no longer a regular file');
    if (before.size !== entry.size) throw changed(entry, `its size changed from ${entry.size} to ${before.size} bytes since it was chosen`);
    let entryError: Error | null = null;
    const finished = new Promise<void>((resolve, reject) => {
      const sink = pack.entry(header, (error) => (error ? reject(error) : resolve()));
      // The failure reaches us through the entry callback; without a listener streamx would rethrow it
      // as an uncaught 'error' event.
      sink.on('error', () => {});
      copyInto(entry, handle, sink, onBytes).catch((error: unknown) => {
        entryError = error instanceof Error ? error : new Error(String(error));
        sink.destroy(entryError);
      });
    });
    await finished.catch((error: unknown) => {
      throw entryError ?? error;
    });
    const after = await handle.stat();
    if (after.mtimeMs !== before.mtimeMs || after.size !== before.size) throw changed(entry, 'it was modified while being packed');
  } finally {
    await handle.close();
  }
}

/** Copies exactly entry.size bytes, then checks nothing follows: a grown file is an error, not a truncation. */
async function copyInto(entry: PlanEntry, handle: FileHandle, sink: Sink, onBytes: (bytes: number) => void): Promise<void> {
  let position = 0;
  while (position < entry.size) {
    // A fresh buffer per block: the consumer may still hold the previous one (it is yielded, not copied).
    const block = Buffer.allocUnsafe(Math.min(BLOCK_BYTES, entry.size - position));
    await readFully(entry, handle, block, position);
    position += block.byteLength;
    if (!sink.write(block)) await drained(sink);
    onBytes(block.byteLength);
  }
  const probe = await handle.read(Buffer.alloc(1), 0, 1, position);
  if (probe.bytesRead > 0) throw changed(entry, 'it grew while being packed');
  // streamx types `end` as taking a chunk; calling it without one just finishes the entry.
  (sink as unknown as { end(): void }).end();
}

async function readFully(entry: PlanEntry, handle: FileHandle, block: Buffer, position: number): Promise<void> {
  let filled = 0;
  while (filled < block.byteLength) {
    const { bytesRead } = await handle.read(block, filled, block.byteLength - filled, position + filled);
    if (bytesRead === 0) throw changed(entry, 'it shrank while being packed');
    filled += bytesRead;
  }
}

/** Waits for the sink to accept more, or for it to be destroyed (the consumer stopped). */
function drained(sink: Sink): Promise<void> {
  return new Promise((resolve, reject) => {
    const onDrain = (): void => {
      sink.off('close', onClose);
      resolve();
    };
    const onClose = (): void => {
      sink.off('drain', onDrain);
      reject(new SealdropError('cancelled', 'packing stopped: the archive is no longer being read'));
    };
    sink.once('drain', onDrain);
    sink.once('close', onClose);
  });
}

/** Opens a planned file for reading, refusing links and special files that replaced it since planning. */
export async function openSource(entry: PlanEntry): Promise<FileHandle> {
  try {
    return await open(entry.sourcePath, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    const why = code === 'ENOENT' ? 'it was removed since it was chosen' : code === 'ELOOP' ? 'it was replaced by a link' : `it cannot be read (${code})`;
    throw new SealdropError('input-not-found', `cannot pack "${entry.sourcePath}": ${why}`, { path: entry.sourcePath }, { cause: error });
  }
}

/** The error for a file that changed between planning and packing. */
export function changed(entry: PlanEntry, why: string): SealdropError {
  return new SealdropError('io-failed', `cannot pack "${entry.sourcePath}": ${why}; nothing was sealed`, { path: entry.sourcePath });
}
