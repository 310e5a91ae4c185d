/**
 * Reads small files whole, synchronously. Packing thousands of small files is bound by file-system
 * round trips, not bytes: each promise-based call costs a thread-pool hop and a FileHandle, which made
 * a folder of 10,000 files pack ten times slower than `tar`. Synchronous reads of a few KiB from the
 * page cache take microseconds; the packer yields to the event loop between batches (see
 * SmallFileReader) so a UI on the same thread stays responsive.
 */
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { PlanEntry } from './plan.ts';
import { changed, OPEN_FLAGS } from './pack-file.ts';

/** Files up to this size are read whole; larger ones are streamed (pack-file.ts). */
export const SMALL_FILE_BYTES = 1024 * 1024;

/** Yield to the event loop after this much synchronous reading. */
const SLICE_BYTES = 8 * 1024 * 1024;
const SLICE_FILES = 256;

/** True for the entries read whole. */
export function isSmallFile(entry: PlanEntry): boolean {
  return entry.type === 'file' && entry.size <= SMALL_FILE_BYTES;
}

/** Reads small files one after another, pausing for the event loop every few MiB or few hundred files. */
export class SmallFileReader {
  #sliceBytes = 0;
  #sliceFiles = 0;

  /** The contents of a planned small file, checked to be exactly what was planned. */
  async read(entry: PlanEntry): Promise<Buffer> {
    if (this.#sliceBytes >= SLICE_BYTES || this.#sliceFiles >= SLICE_FILES) {
      this.#sliceBytes = 0;
      this.#sliceFiles = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    this.#sliceBytes += entry.size;
    this.#sliceFiles += 1;
    return readWhole(entry);
  }
}

/** Reads a planned small file in one read, refusing it if it changed since planning. */
function readWhole(entry: PlanEntry): Buffer {
  let fd: number;
  try {
    fd = openSync(entry.sourcePath, OPEN_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
    const why = code === 'ENOENT' ? 'it was removed since it was chosen' : code === 'ELOOP' ? 'it was replaced by a link' : `it cannot be read (${code})`;
    throw new SealdropError('input-not-found', `cannot pack "${entry.sourcePath}": ${why}`, { path: entry.sourcePath }, { cause: error });
  }
  try {
    const before = fstatSync(fd);
    if (!before.isFile()) throw changed(entry, 'it is no longer a regular file');
    if (before.size !== entry.size) throw changed(entry, `its size changed from ${entry.size} to ${before.size} bytes since it was chosen`);
    // One byte more than planned: reading it means the file grew.
    const buffer = Buffer.allocUnsafe(entry.size + 1);
    let filled = 0;
    while (filled < buffer.byteLength) {
      const bytesRead = readSync(fd, buffer, filled, buffer.byteLength - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > entry.size) throw changed(entry, 'it grew while being packed');
    if (filled < entry.size) throw changed(entry, 'it shrank while being packed');
    const after = fstatSync(fd);
    if (after.mtimeMs !== before.mtimeMs || after.size !== before.size) throw changed(entry, 'it was modified while being packed');
    return buffer.subarray(0, entry.size);
  } finally {
    closeSync(fd);
  }
}
