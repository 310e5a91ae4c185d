/**
 * Packs a planned set of files and folders into a pax tar stream, pulled by the consumer (a generator), so
 * memory stays flat however large the input: the manifest first, then every entry of the plan in order.
 */
import { pack as createPack } from 'tar-stream';
import type { Header, Pack } from 'tar-stream';
import type { ProgressSample, ProgressSink } from '../../../../src-shared/progress.ts';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { ArchivePlan, PlanEntry } from './plan.ts';
import { checkManifestKeys, encodeManifestHeader } from './manifest.ts';
import type { Manifest } from './manifest.ts';
import { PackBudget } from './pack-budget.ts';
import { streamFile } from './pack-file.ts';
import { isSmallFile, SmallFileReader } from './pack-small-file.ts';

/** Options for packArchive. */
export interface PackOptions {
  /** Receives raw progress samples (the caller's reporter adds rate and time left). */
  readonly onProgress?: ProgressSink;
  readonly signal?: AbortSignal;
  /** Extra manifest keys (e.g. `sender`), stored as `SEALDROP.<key>`; `entries`, `size`, `created` are ours. */
  readonly manifest?: Manifest;
}

/** Small chunks (headers, padding) are gathered into buffers of at least this size before being yielded. */
const YIELD_SIZE = 64 * 1024;

// tar-stream writes mtime with `seconds | 0`: outside the signed 32-bit range it would corrupt the header.
const MAX_MTIME_SECONDS = 2 ** 31 - 1;

/** Yields the tar stream for `plan`: a manifest global header, then folders, files and links. */
export async function* packArchive(plan: ArchivePlan, options: PackOptions = {}): AsyncGenerator<Uint8Array> {
  const extra = options.manifest ?? {};
  checkManifestKeys(extra);
  const created = new Date();
  const manifest = { entries: String(plan.totals.entries), size: String(plan.totals.totalBytes), created: created.toISOString(), ...extra };
  yield await encodeManifestHeader(manifest, created);

  const budget = new PackBudget();
  // streamx's `map` option sees every buffer the packer pushes: that is how the budget counts output.
  const packOptions = { map: (data: Buffer) => budget.produced(data) } as Parameters<typeof createPack>[0];
  const pack = createPack(packOptions);
  const producer = writeEntries(plan, pack, budget, options).then(
    () => pack.finalize(),
    (error: unknown) => {
      // Destroying with the error makes the consumer loop below throw it.
      pack.destroy(error instanceof Error ? error : new Error(String(error)));
    },
  );
  try {
    let pending: Buffer[] = [];
    let pendingBytes = 0;
    for await (const chunk of pack as AsyncIterable<Buffer>) {
      budget.consumed(chunk.byteLength);
      if (chunk.byteLength >= YIELD_SIZE) {
        if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
        yield chunk;
        continue;
      }
      pending.push(chunk);
      pendingBytes += chunk.byteLength;
      if (pendingBytes >= YIELD_SIZE) {
        yield Buffer.concat(pending, pendingBytes);
        pending = [];
        pendingBytes = 0;
      }
    }
    if (pendingBytes > 0) yield Buffer.concat(pending, pendingBytes);
  } finally {
    // Also runs when the consumer stops early: stop the producer and let it close its file.
    if (!pack.destroyed) pack.destroy();
    budget.release();
    await producer;
  }
}

/** Feeds every entry into tar-stream, waiting for the consumer whenever too much output is waiting. */
async function writeEntries(plan: ArchivePlan, pack: Pack, budget: PackBudget, options: PackOptions): Promise<void> {
  const progress = { step: 'packing', bytesDone: 0, bytesTotal: plan.totals.totalBytes, entriesDone: 0, entriesTotal: plan.totals.entries };
  const smallFiles = new SmallFileReader();
  for (const entry of plan.entries) {
    await writeEntry(entry, smallFiles, pack, progress, options);
    progress.entriesDone += 1;
    options.onProgress?.({ ...progress });
    await budget.waitForRoom();
  }
}

/** Writes one entry: small files read whole, large ones streamed, folders and links as headers. */
async function writeEntry(
  entry: PlanEntry,
  smallFiles: SmallFileReader,
  pack: Pack,
  progress: { -readonly [K in keyof ProgressSample]: ProgressSample[K] },
  options: PackOptions,
): Promise<void> {
  throwIfCancelled(options.signal);
  const header = headerFor(entry);
  if (isSmallFile(entry)) {
    const contents = await smallFiles.read(entry);
    await writeEntryWithContents(pack, header, contents);
    progress.bytesDone += contents.byteLength;
  } else if (entry.type === 'file') {
    await streamFile(entry, pack, header, (bytes) => {
      throwIfCancelled(options.signal);
      progress.bytesDone += bytes;
      options.onProgress?.({ ...progress });
    });
  } else {
    await writeEmptyEntry(pack, header);
  }
}

/** The tar header of a plan entry: permission bits, no owner, forward-slash names (tar-stream adds pax as needed). */
function headerFor(entry: PlanEntry): EntryHeader {
  const seconds = Math.min(Math.max(Math.floor(entry.mtime.getTime() / 1000), 0), MAX_MTIME_SECONDS);
  const common = { mode: entry.mode, mtime: new Date(seconds * 1000), uid: 0, gid: 0 };
  switch (entry.type) {
    case 'directory':
      // A trailing slash marks folders for old readers, and pax `path` records keep it too.
      return { ...common, name: `${entry.name}/`, type: 'directory', size: 0 };
    case 'symlink':
      return { ...common, name: entry.name, type: 'symlink', size: 0, linkname: entry.linkTarget ?? '' };
    case 'file':
      return { ...common, name: entry.name, type: 'file', size: entry.size };
  }
}

/** Adds a folder or link entry; resolves once its header was handed to tar-stream. */
function writeEmptyEntry(pack: Pack, header: EntryHeader): Promise<void> {
  return new Promise((resolve, reject) => {
    const sink = pack.entry(header, (error) => (error ? reject(error) : resolve()));
    sink.on('error', () => {}); // reported through the callback (see pack-file.ts)
  });
}

/** Adds a file entry whose contents are already in memory. */
function writeEntryWithContents(pack: Pack, header: EntryHeader, contents: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    const sink = pack.entry(header, contents, (error) => (error ? reject(error) : resolve()));
    sink.on('error', () => {}); // reported through the callback (see pack-file.ts)
  });
}

/** The header fields we set on every entry (tar-stream fills in the rest). */
export type EntryHeader = Partial<Header> & Pick<Header, 'name'>;

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SealdropError('cancelled', 'packing was cancelled');
}
