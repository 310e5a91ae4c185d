/**
 * Copies one regular file's contents into the archive, read straight into the output buffers, and fails
 * rather than write a corrupt archive when the file changed since it was planned (size, type, mtime).
 * Small files use synchronous calls: packing 10,000 of them is bound by file-system round trips, and a
 * thread-pool hop per call made it ten times slower than `tar`. Large files are read synchronously
 * too, one buffer region at a time, while a worker thread encrypts the previous ones.
 */
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import type { Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { BatchQueue } from './batch-queue.ts';
import type { PlanEntry } from './plan.ts';

/** Files up to this size are read with synchronous calls. */
export const SMALL_FILE_BYTES = 1024 * 1024;

// O_NOFOLLOW: if the file was replaced by a link since planning, do not read what it points to.
// O_NONBLOCK: if it was replaced by a FIFO, opening must not hang (fstat then refuses it).
const OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK;

/** One byte past a small file's planned end: reading anything there means it grew (synchronous use only). */
const PROBE = Buffer.alloc(1);

/** Copies exactly `entry.size` bytes of the file into `queue`; `onBytes` gets each read's size. */
export async function copyFileInto(entry: PlanEntry, queue: BatchQueue, onBytes: (bytes: number) => void): Promise<void> {
  if (entry.size <= SMALL_FILE_BYTES) return copySmallFile(entry, queue, onBytes);
  const handle = await open(entry.sourcePath, OPEN_FLAGS).catch((error: unknown) => {
    throw openError(entry, error);
  });
  try {
    const before = await handle.stat();
    checkUnchanged(entry, before);
    let position = 0;
    while (position < entry.size) {
      const region = await queue.region(entry.size - position);
      // Synchronous, like the writes (file-io.ts): a pool hop per MiB costs more than the read itself.
      const bytesRead = readSync(handle.fd, region, 0, region.byteLength, position);
      if (bytesRead === 0) throw changed(entry, 'it shrank while being packed');
      position += bytesRead;
      await queue.commit(bytesRead);
      onBytes(bytesRead);
    }
    const probe = await handle.read(Buffer.alloc(1), 0, 1, position); // own buffer: reads may overlap
    if (probe.bytesRead > 0) throw changed(entry, 'it grew while being packed');
    checkNotModified(entry, before, await handle.stat());
  } finally {
    await handle.close();
  }
}

/** The synchronous path for small files (see the file comment). */
async function copySmallFile(entry: PlanEntry, queue: BatchQueue, onBytes: (bytes: number) => void): Promise<void> {
  let fd: number;
  try {
    fd = openSync(entry.sourcePath, OPEN_FLAGS);
  } catch (error) {
    throw openError(entry, error);
  }
  try {
    const before = fstatSync(fd);
    checkUnchanged(entry, before);
    let position = 0;
    while (position < entry.size) {
      const region = await queue.region(entry.size - position);
      const bytesRead = readSync(fd, region, 0, region.byteLength, position);
      if (bytesRead === 0) throw changed(entry, 'it shrank while being packed');
      position += bytesRead;
      await queue.commit(bytesRead);
    }
    if (readSync(fd, PROBE, 0, 1, position) > 0) throw changed(entry, 'it grew while being packed');
    checkNotModified(entry, before, fstatSync(fd));
    onBytes(entry.size);
  } finally {
    closeSync(fd);
  }
}

function checkUnchanged(entry: PlanEntry, stats: Stats): void {
  if (!stats.isFile()) throw changed(entry, 'it is no longer a regular file');
  if (stats.size !== entry.size) throw changed(entry, `its size changed from ${entry.size} to ${stats.size} bytes since it was chosen`);
}

function checkNotModified(entry: PlanEntry, before: Stats, after: Stats): void {
  if (after.mtimeMs !== before.mtimeMs || after.size !== before.size) throw changed(entry, 'it was modified while being packed');
}

function openError(entry: PlanEntry, error: unknown): SealdropError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  const why = code === 'ENOENT' ? 'it was removed since it was chosen' : code === 'ELOOP' ? 'it was replaced by a link' : `it cannot be read (${code})`;
  return new SealdropError('input-not-found', `cannot pack "${entry.sourcePath}": ${why}`, { path: entry.sourcePath }, { cause: error });
}

/** The error for a file that changed between planning and packing. */
function changed(entry: PlanEntry, why: string): SealdropError {
  return new SealdropError('io-failed', `cannot pack "${entry.sourcePath}": ${why}; nothing was sealed`, { path: entry.sourcePath });
}

