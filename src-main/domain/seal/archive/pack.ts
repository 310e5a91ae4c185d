/**
 * Packs a planned set of files and folders into a pax tar stream, pulled by the consumer (a generator), so
 * memory stays flat however large the input: the manifest first, then every entry of the plan in order.
 * Headers are encoded by node-tar (ustar, with a pax record for long or non-ASCII names and huge sizes);
 * file contents are read straight into the output buffers (batch-queue.ts), so the only copy of the data
 * is the kernel's, and a producer loop reads ahead while the consumer encrypts.
 */
import { Header, Pax } from 'tar';
import type { ProgressSample, ProgressSink } from '../../../../src-shared/progress.ts';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { ArchivePlan, PlanEntry } from './plan.ts';
import { checkManifestKeys, encodeManifestHeader } from './manifest.ts';
import type { Manifest } from './manifest.ts';
import { BatchQueue } from './batch-queue.ts';
import type { BufferSource } from './batch-queue.ts';
import { copyFileInto } from './pack-file.ts';
import { BLOCK_SIZE, paddingFor } from './tar-block.ts';

/** Options for packArchive. */
export interface PackOptions {
  /** Receives raw progress samples (the caller's reporter adds rate and time left). */
  readonly onProgress?: ProgressSink;
  readonly signal?: AbortSignal;
  /** Extra manifest keys (e.g. `sender`), stored as `SEALDROP.<key>`; `entries`, `size`, `created` are ours. */
  readonly manifest?: Manifest;
  /** Where output buffers come from; by default fresh 1 MiB buffers the consumer owns. */
  readonly buffers?: BufferSource;
}

/** Output buffer size when the caller gives none: 16 age chunks. */
const DEFAULT_BUFFER_BYTES = 1024 * 1024;

const FRESH_BUFFERS: BufferSource = {
  size: DEFAULT_BUFFER_BYTES,
  take: () => Buffer.allocUnsafeSlow(DEFAULT_BUFFER_BYTES).buffer as ArrayBuffer,
};

// Header times stay within 1970..2038 (FORMAT.md §2): the octal field of older readers is signed 32-bit.
const MAX_MTIME_SECONDS = 2 ** 31 - 1;

/** Small files between turns of the event loop (their reads are synchronous; see pack-file.ts). */
const SLICE_FILES = 256;

/** A mutable progress sample. */
type Counters = { -readonly [K in keyof ProgressSample]: ProgressSample[K] };

/** Yields the tar stream for `plan`: a manifest global header, then folders, files and links. */
export async function* packArchive(plan: ArchivePlan, options: PackOptions = {}): AsyncGenerator<Uint8Array> {
  const extra = options.manifest ?? {};
  checkManifestKeys(extra);
  const created = new Date();
  const manifest = { entries: String(plan.totals.entries), size: String(plan.totals.totalBytes), created: created.toISOString(), ...extra };
  const queue = new BatchQueue(options.buffers ?? FRESH_BUFFERS);
  const producer = writeArchive(plan, queue, await encodeManifestHeader(manifest, created), options).then(
    () => queue.close(),
    (error: unknown) => queue.fail(error),
  );
  try {
    for (;;) {
      const buffer = await queue.next();
      if (buffer === null) break;
      yield buffer;
    }
  } finally {
    // Also runs when the consumer stops early: stop the producer and let it close its file.
    queue.stop();
    await producer;
  }
}

/** The producer: writes every entry into the queue. */
async function writeArchive(plan: ArchivePlan, queue: BatchQueue, manifestHeader: Uint8Array, options: PackOptions): Promise<void> {
  const progress: Counters = { step: 'packing', bytesDone: 0, bytesTotal: plan.totals.totalBytes, entriesDone: 0, entriesTotal: plan.totals.entries };
  await queue.write(manifestHeader);
  let sinceYield = 0;
  for (const entry of plan.entries) {
    throwIfCancelled(options.signal);
    await queue.write(headerBlocks(entry));
    if (entry.type === 'file') {
      await copyFileInto(entry, queue, (bytes) => {
        throwIfCancelled(options.signal);
        progress.bytesDone += bytes;
        options.onProgress?.({ ...progress });
      });
      await queue.zeros(paddingFor(entry.size));
    }
    progress.entriesDone += 1;
    options.onProgress?.({ ...progress });
    // Many small files read synchronously: give the event loop (progress, cancel, a UI) a turn now and then.
    if (++sinceYield >= SLICE_FILES) {
      sinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
  // Two zero blocks end a tar archive (POSIX ustar).
  await queue.zeros(2 * BLOCK_SIZE);
}

/** The header block of a plan entry, preceded by a pax record when ustar cannot hold it. */
function headerBlocks(entry: PlanEntry): Uint8Array {
  const seconds = Math.min(Math.max(Math.floor(entry.mtime.getTime() / 1000), 0), MAX_MTIME_SECONDS);
  // A trailing slash marks folders for old readers, and pax `path` records keep it too.
  const path = entry.type === 'directory' ? `${entry.name}/` : entry.name;
  const linkpath = entry.type === 'symlink' ? (entry.linkTarget ?? '') : undefined;
  const size = entry.type === 'file' ? entry.size : 0;
  const type = entry.type === 'file' ? 'File' : entry.type === 'directory' ? 'Directory' : 'SymbolicLink';
  // Permission bits only, no owner (uid/gid 0, no names): FORMAT.md §2.
  const mtime = new Date(seconds * 1000);
  const header = new Header({ path, mode: entry.mode, uid: 0, gid: 0, size, mtime, type, linkpath, uname: '', gname: '' });
  const needsPax = header.encode();
  const block = header.block as Buffer;
  if (!needsPax) return block;
  // The same mtime as the header: node-tar's Pax would otherwise record the current time.
  const pax = new Pax({ path, linkpath, size: size > 0 ? size : undefined, mtime }).encode();
  return Buffer.concat([pax, block]);
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SealdropError('cancelled', 'packing was cancelled');
}
