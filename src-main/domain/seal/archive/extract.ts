/**
 * Extracts a tar stream into an empty folder the caller created, refusing every entry that could write
 * outside it or surprise the user (links out, devices, duplicates...). tar-reader.ts walks the stream;
 * the safety decisions are made here and in extract-target.ts.
 */
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { ProgressSample, ProgressSink } from '../../../../src-shared/progress.ts';
import { checkEntryName, linkTargetProblem } from './entry-path.ts';
import { ExtractTarget, refuseEntry } from './extract-target.ts';
import { readManifest } from './manifest.ts';
import { readTar } from './tar-reader.ts';
import type { EntrySink, TarEntry } from './tar-reader.ts';
import type { Manifest } from './manifest.ts';

export { looksLikeTar } from './tar-block.ts';

/** Options for extractArchive. */
export interface ExtractOptions {
  /** Receives raw progress samples (the caller's reporter adds rate and time left). */
  readonly onProgress?: ProgressSink;
  readonly signal?: AbortSignal;
  /** Gets each source chunk back once nothing references it any more, for reuse. */
  readonly release?: (chunk: Uint8Array) => void;
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
  const target = new ExtractTarget(targetDir);
  const counts = { entries: 0, files: 0, bytes: 0 };
  let manifest: Manifest | null = null;
  const progress = (): ProgressSample => ({
    step: 'unpacking',
    bytesDone: counts.bytes,
    bytesTotal: numberOrNull(manifest?.size),
    entriesDone: counts.entries,
    entriesTotal: numberOrNull(manifest?.entries),
  });
  const onBytes = (bytes: number): void => {
    counts.bytes += bytes;
    options.onProgress?.(progress());
  };
  await readTar(source, {
    onChunk: () => throwIfCancelled(options.signal),
    release: options.release,
    global(block, body) {
      // The Sealdrop manifest is the archive's first member; later global headers only set defaults.
      if (manifest === null && counts.entries === 0) manifest = readManifestRecord(block, body);
    },
    async entry(entry) {
      manifest ??= {};
      const sink = await extractEntry(entry, target, onBytes);
      if (sink.kind !== 'skipped') {
        counts.entries += 1;
        if (sink.kind === 'file') counts.files += 1;
      }
      options.onProgress?.(progress());
      return sink.sink;
    },
  });
  await target.finish();
  return { ...counts, manifest: manifest ?? {} };
}

/** The manifest from a global header's block and body (see manifest.ts), or {} for a foreign one. */
function readManifestRecord(block: Uint8Array, body: Uint8Array): Manifest {
  const result = readManifest(Buffer.concat([block, body]));
  return 'manifest' in result && result.manifest !== null ? result.manifest : {};
}

/** A sink for entries with no data to keep (folders, links): anything they carry is dropped. */
const DISCARD: EntrySink = {
  write: (_data, done) => done(),
  end: async () => {},
  abort: async () => {},
};

/** Checks one entry and creates it (or its file); returns what it was and the sink for its data. */
async function extractEntry(
  entry: TarEntry,
  target: ExtractTarget,
  onBytes: (bytes: number) => void,
): Promise<{ kind: 'file' | 'directory' | 'symlink' | 'skipped'; sink: EntrySink }> {
  const name = entry.name;
  const checked = checkEntryName(name);
  if (!checked.ok) throw refuseEntry(name, checked.reason);
  const entryPath = checked.path;
  if (entryPath.segments.length === 0) {
    // `tar -C dir -cf x.tar .` stores "./": that is the target folder itself, which the caller owns.
    if (entry.type !== 'directory') throw refuseEntry(name, 'it has an empty name');
    return { kind: 'skipped', sink: DISCARD };
  }
  const mode = entry.mode & PERMISSION_BITS;
  switch (entry.type) {
    case 'file':
      // A file named like a folder: tar tools disagree on what it is, so it is not guessed at.
      if (name.endsWith('/')) throw refuseEntry(name, 'it is a file whose name ends in "/"');
      return { kind: 'file', sink: await target.openFile(entryPath, name, mode, entry.mtime, entry.size, onBytes) };
    case 'directory':
      await target.directory(entryPath, name, mode, entry.mtime);
      return { kind: 'directory', sink: DISCARD };
    case 'symlink': {
      const problem = linkTargetProblem(entryPath.segments, entry.linkname, 0);
      if (problem !== null) throw refuseEntry(name, problem);
      await target.symlink(entryPath, name, entry.linkname, entry.mtime);
      return { kind: 'symlink', sink: DISCARD };
    }
    case 'link':
      throw refuseEntry(name, `it is a hard link (to ${JSON.stringify(entry.linkname)}), which Sealdrop does not extract`);
    case 'character-device':
    case 'block-device':
      throw refuseEntry(name, 'it is a device file');
    case 'fifo':
      throw refuseEntry(name, 'it is a named pipe (FIFO)');
    default:
      throw refuseEntry(name, 'it has an unknown entry type');
  }
}

function numberOrNull(value: string | undefined): number | null {
  const parsed = value === undefined ? NaN : Number(value);
  return Number.isSafeInteger(parsed) && parsed >= 0 ? parsed : null;
}

function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new SealdropError('cancelled', 'unpacking was cancelled');
}
