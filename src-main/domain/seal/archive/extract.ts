/**
 * Extracts a tar stream into an empty folder the caller created, refusing every entry that could write
 * outside it or surprise the user (links out, devices, duplicates...). tar-stream parses; the safety
 * decisions are made here and in extract-target.ts.
 */
import { extract as createExtract } from 'tar-stream';
import type { Extract, Header } from 'tar-stream';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { ProgressSample, ProgressSink } from '../../../../src-shared/progress.ts';
import { checkEntryName, linkTargetProblem } from './entry-path.ts';
import { ExtractTarget, refuseEntry } from './extract-target.ts';
import { readManifest } from './manifest.ts';
import type { Manifest } from './manifest.ts';

export { looksLikeTar } from './tar-block.ts';

/** Options for extractArchive. */
export interface ExtractOptions {
  /** Receives raw progress samples (the caller's reporter adds rate and time left). */
  readonly onProgress?: ProgressSink;
  readonly signal?: AbortSignal;
}

/** What was extracted. */
export interface ExtractResult {
  /** Entries written (folders, files, links). */
  readonly entries: number;
  readonly files: number;
  /** File content bytes written. */
  readonly bytes: number;
  /** The SEALDROP.* keys of the leading global header, without the prefix; empty for a plain tar. */
  readonly manifest: Manifest;
}

// Only the permission bits: setuid, setgid and sticky bits from an archive are never applied.
const PERMISSION_BITS = 0o777;

/** Parses `source` as tar and writes its entries into `targetDir`, which must exist and be empty. */
export async function extractArchive(source: AsyncIterable<Uint8Array>, targetDir: string, options: ExtractOptions = {}): Promise<ExtractResult> {
  const extract = createExtract();
  const head: { manifest: Manifest } = { manifest: {} };
  const feed = feedExtract(sniffManifest(source, head), extract);
  const target = new ExtractTarget(targetDir);
  const counts = { entries: 0, files: 0, bytes: 0 };
  const progress = (): ProgressSample => ({
    step: 'unpacking',
    bytesDone: counts.bytes,
    bytesTotal: numberOrNull(head.manifest.size),
    entriesDone: counts.entries,
    entriesTotal: numberOrNull(head.manifest.entries),
  });
  try {
    for await (const entry of extract) {
      throwIfCancelled(options.signal);
      const written = await extractEntry(entry.header, entryData(entry as unknown as AsyncIterable<Uint8Array>, entry.header.name), target, (bytes) => {
        throwIfCancelled(options.signal);
        counts.bytes += bytes;
        options.onProgress?.(progress());
      });
      if (written === 'skipped') continue;
      counts.entries += 1;
      if (written === 'file') counts.files += 1;
      options.onProgress?.(progress());
    }
    await feed.done;
    await target.finish();
    return { ...counts, manifest: head.manifest };
  } catch (error) {
    extract.destroy();
    await feed.done.catch(() => {});
    // An error from the source (e.g. a chunk failed authentication) is the real cause: report it as is.
    throw feed.sourceError ?? asArchiveError(error);
  }
}

/** Writes one entry; returns what it was, or 'skipped' for the archive's own root folder ("./"). */
async function extractEntry(header: Header, data: AsyncIterable<Uint8Array>, target: ExtractTarget, onBytes: (bytes: number) => void): Promise<'file' | 'directory' | 'symlink' | 'skipped'> {
  const name = header.name;
  const checked = checkEntryName(name);
  if (!checked.ok) throw refuseEntry(name, checked.reason);
  const entryPath = checked.path;
  if (entryPath.segments.length === 0) {
    // `tar -C dir -cf x.tar .` stores "./": that is the target folder itself, which the caller owns.
    if (header.type !== 'directory') throw refuseEntry(name, 'it has an empty name');
    return 'skipped';
  }
  const mode = header.mode & PERMISSION_BITS;
  const mtime = mtimeOf(header);
  switch (header.type) {
    case 'file':
    case 'contiguous-file': // POSIX: may be read as a regular file
      await target.file(entryPath, name, mode, mtime, data, onBytes, header.size ?? Infinity);
      return 'file';
    case 'directory':
      await target.directory(entryPath, name, mode, mtime);
      await discard(data);
      return 'directory';
    case 'symlink': {
      const problem = linkTargetProblem(entryPath.segments, header.linkname ?? '', 0);
      if (problem !== null) throw refuseEntry(name, problem);
      await target.symlink(entryPath, name, header.linkname, mtime);
      await discard(data);
      return 'symlink';
    }
    case 'link':
      throw refuseEntry(name, `it is a hard link (to ${JSON.stringify(header.linkname)}), which Sealdrop does not extract`);
    case 'character-device':
    case 'block-device':
      throw refuseEntry(name, 'it is a device file');
    case 'fifo':
      throw refuseEntry(name, 'it is a named pipe (FIFO)');
    default:
      throw refuseEntry(name, 'it has an unknown entry type');
  }
}

/** pax `mtime` (GNU tar, sub-second) wins over the header's whole seconds. */
function mtimeOf(header: Header): Date {
  const pax = header.pax as Record<string, string> | null | undefined;
  const seconds = pax?.mtime === undefined ? NaN : Number(pax.mtime);
  return Number.isFinite(seconds) ? new Date(seconds * 1000) : header.mtime;
}

/** Passes the source through unchanged while reading the manifest from its first bytes. */
async function* sniffManifest(source: AsyncIterable<Uint8Array>, head: { manifest: Manifest }): AsyncGenerator<Uint8Array> {
  let buffered: Uint8Array[] = [];
  let length = 0;
  let needed = 0;
  let reading = true;
  for await (const chunk of source) {
    if (reading) {
      buffered.push(chunk);
      length += chunk.byteLength;
      if (length >= needed) {
        const result = readManifest(Buffer.concat(buffered, length));
        if ('needed' in result) needed = result.needed;
        else {
          head.manifest = result.manifest ?? {};
          reading = false;
          buffered = [];
        }
      }
    }
    yield chunk;
  }
}

/** Writes the source into tar-stream with backpressure, in the background. */
function feedExtract(source: AsyncIterable<Uint8Array>, extract: Extract): { done: Promise<void>; sourceError: unknown } {
  const state: { done: Promise<void>; sourceError: unknown } = { done: Promise.resolve(), sourceError: undefined };
  state.done = (async () => {
    try {
      for await (const chunk of source) {
        if (extract.destroyed) return;
        if (!extract.write(chunk) && !(await writable(extract))) return;
      }
      // streamx types `end` as taking a chunk; without one it just ends the input.
      (extract as unknown as { end(): void }).end();
    } catch (error) {
      state.sourceError = error;
      extract.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  })();
  return state;
}

/** Resolves true when tar-stream wants more input, false when it was closed. */
function writable(extract: Extract): Promise<boolean> {
  return new Promise((resolve) => {
    const onDrain = (): void => {
      extract.off('close', onClose);
      resolve(true);
    };
    const onClose = (): void => {
      extract.off('drain', onDrain);
      resolve(false);
    };
    extract.once('drain', onDrain);
    extract.once('close', onClose);
  });
}

/** An entry's data; a parser failure in the middle of it is the archive's fault, not the disk's. */
async function* entryData(data: AsyncIterable<Uint8Array>, name: string): AsyncGenerator<Uint8Array> {
  try {
    yield* data;
  } catch (error) {
    throw new SealdropError('archive-invalid', `the archive is malformed or cut short inside ${JSON.stringify(name)}`, { entry: name }, { cause: error });
  }
}

async function discard(data: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _chunk of data) {
    // tar-stream stalls until each entry's data is read; folders and links should carry none.
  }
}

function asArchiveError(error: unknown): SealdropError {
  if (error instanceof SealdropError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SealdropError('archive-invalid', `the archive is malformed: ${message}`, {}, { cause: error });
}

function numberOrNull(value: string | undefined): number | null {
  const parsed = value === undefined ? NaN : Number(value);
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : null;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SealdropError('cancelled', 'unpacking was cancelled');
}
