import { mkdir, open, rename, rmdir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { createProgressReporter } from '../../../src-shared/progress.ts';
import type { ProgressListener, ProgressSample } from '../../../src-shared/progress.ts';
import { ChunkPool } from './age/chunk-pool.ts';
import { ARMOR_SNIFF_BYTES, looksArmored } from './age/armor.ts';
import { ByteReader } from './age/byte-reader.ts';
import { openAge } from './age/decrypt.ts';
import { readHeader } from './age/header.ts';
import { PAYLOAD_NONCE_BYTES } from './age/stream-chunks.ts';
import type { Identity } from './age/recipient.ts';
import { extractArchive, looksLikeTar } from './archive/extract.ts';
import { PipelinedWriter, readFileBlocks } from './file-io.ts';
import { toSealdropError } from './fs-errors.ts';
import { assertOutputFolder, claimFolder, pathExists, publishFile, removeTemporary, targetExists, temporarySibling } from './output-path.ts';
import type { ExistingOutputPolicy } from './output-path.ts';

/** Which sealed file to open, with which keys, and where the contents go. */
export interface OpenRequest {
  readonly file: string;
  /** Keys to try (age identities, a passphrase, later the key server network). */
  readonly identities: readonly Identity[];
  /** The folder to create for the contents (or the file, for a plain age payload that is not an archive). */
  readonly output: string;
  /** When `output` exists: pick "name (2)" or stop. Existing data is never overwritten. */
  readonly ifExists: ExistingOutputPolicy;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/** What opening produced. */
export interface OpenResult {
  /** The path actually written. */
  readonly output: string;
  /** 'folder' for Sealdrop documents (and age files holding a tar), 'file' for any other age payload. */
  readonly kind: 'folder' | 'file';
  readonly entries: number;
  readonly files: number;
  /** Plaintext bytes written (file contents). */
  readonly bytes: number;
  /** Facts the sender stored with the document (creation time, entry count...), if any. */
  readonly manifest: Readonly<Record<string, string>>;
  readonly seconds: number;
}

const TAR_BLOCK = 512;

/** Headers longer than this (many recipients) take the plain read path. */
const HEADER_PROBE_BYTES = 64 * 1024;

/**
 * Opens a `.sealdrop` (or any age) file. Everything is decrypted and verified into a hidden
 * temporary sibling; only when the final chunk has authenticated is it renamed into place. On any
 * failure the temporary output is removed, so no unauthenticated or partial data is left behind.
 */
export async function openDocument(request: OpenRequest): Promise<OpenResult> {
  const now = request.now ?? Date.now;
  const started = now();
  const reporter = createProgressReporter(request.onProgress ?? (() => {}), now);
  let input: FileHandle | undefined;
  let temporaryPath: string | undefined;
  // Decrypted buffers go back to the pool once written, so opening allocates almost nothing per GiB.
  const pool = new ChunkPool();
  const recycle = (chunk: Uint8Array): void => {
    if (chunk.byteOffset === 0) pool.recycle(chunk.buffer as ArrayBuffer);
  };
  try {
    await assertOutputFolder(request.output);
    // Fail before the work, not after it, when the user asked not to pick another name.
    if (request.ifExists === 'stop' && (await pathExists(request.output))) {
      throw targetExists(request.output);
    }
    input = await open(request.file, 'r');
    const size = (await input.stat()).size;
    let last: ProgressSample = { step: 'decrypting', bytesDone: 0, bytesTotal: size, entriesDone: 0, entriesTotal: null };
    const source = sealedFileSource(input, pool, (bytes) => {
      last = { ...last, bytesDone: bytes };
      reporter.sample(last);
    });
    const { plaintext } = await openAge(source, request.identities, { pool });
    const head = await peek(plaintext, TAR_BLOCK);
    const rest = concatStream(head.chunks, head.iterator);

    if (head.bytes.byteLength >= TAR_BLOCK && looksLikeTar(head.bytes)) {
      temporaryPath = temporarySibling(request.output, 'opening');
      await mkdir(temporaryPath, { mode: 0o700 });
      const extracted = await extractArchive(rest, temporaryPath, {
        signal: request.signal,
        release: recycle,
        onProgress: (sample: ProgressSample) => {
          last = { ...last, step: 'decrypting and unpacking', entriesDone: sample.entriesDone, entriesTotal: sample.entriesTotal };
          reporter.sample(last);
        },
      });
      const claimed = await claimFolder(request.output, request.ifExists);
      try {
        await rename(temporaryPath, claimed);
      } catch (error) {
        await rmdir(claimed).catch(() => {}); // give the claimed name back; report the rename failure
        throw error;
      }
      temporaryPath = undefined;
      reporter.flush(last);
      return {
        output: claimed,
        kind: 'folder',
        entries: extracted.entries,
        files: extracted.files,
        bytes: extracted.bytes,
        manifest: extracted.manifest,
        seconds: (now() - started) / 1000,
      };
    }

    // A plain age payload (for example `age -e report.pdf`): keep it as one file.
    temporaryPath = temporarySibling(request.output, 'opening');
    const output = await open(temporaryPath, 'wx', 0o600);
    let bytes = 0;
    try {
      const writer = new PipelinedWriter(output, 0, recycle);
      for await (const chunk of rest) {
        request.signal?.throwIfAborted();
        await writer.write(chunk);
      }
      await writer.finishDurably();
      bytes = writer.bytesWritten;
    } finally {
      await output.close();
    }
    const published = await publishFile(temporaryPath, request.output, request.ifExists);
    temporaryPath = undefined;
    reporter.flush({ ...last, entriesDone: 1, entriesTotal: 1 });
    return { output: published, kind: 'file', entries: 1, files: 1, bytes, manifest: {}, seconds: (now() - started) / 1000 };
  } catch (error) {
    if (temporaryPath !== undefined) await removeTemporary(temporaryPath);
    throw toSealdropError(error, `opening "${request.file}"`);
  } finally {
    await input?.close().catch(() => {}); // read-only handle; nothing to lose
    await pool.close();
  }
}

/** Pulls chunks until at least `minBytes` are seen (or the stream ends), keeping them for replay. */
async function peek(
  stream: AsyncIterable<Uint8Array>,
  minBytes: number,
): Promise<{ bytes: Uint8Array; chunks: Uint8Array[]; iterator: AsyncIterator<Uint8Array> }> {
  const iterator = stream[Symbol.asyncIterator]();
  const chunks: Uint8Array[] = [];
  let seen = 0;
  while (seen < minBytes) {
    const next = await iterator.next();
    if (next.done) break;
    chunks.push(next.value);
    seen += next.value.byteLength;
  }
  return { bytes: Buffer.concat(chunks), chunks, iterator };
}

/** Replays the peeked chunks, then the rest of the iterator. */
async function* concatStream(first: readonly Uint8Array[], iterator: AsyncIterator<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield* first;
  for (;;) {
    const next = await iterator.next();
    if (next.done) return;
    yield next.value;
  }
}

/**
 * The sealed file as openAge reads it: the header and nonce first, then the payload in blocks of exactly
 * one batch of sealed chunks, read into the pool's own buffers, which decryption adopts without a copy.
 * Armored or unreadable headers take the plain path (openAge reports their errors).
 */
async function* sealedFileSource(handle: FileHandle, pool: ChunkPool, onBytes: (total: number) => void): AsyncGenerator<Uint8Array> {
  const payloadStart = await findPayloadStart(handle);
  if (payloadStart === null) {
    yield* readFileBlocks(handle, onBytes);
    return;
  }
  const head = Buffer.allocUnsafe(payloadStart);
  let filled = 0;
  while (filled < payloadStart) {
    const { bytesRead } = await handle.read(head, filled, payloadStart - filled, filled);
    if (bytesRead === 0) break;
    filled += bytesRead;
  }
  onBytes(filled);
  yield head.subarray(0, filled);
  const inputs = pool.openInputs;
  yield* readFileBlocks(handle, (total) => onBytes(filled + total), { start: filled, blockSize: inputs.size, take: () => inputs.take() });
}

/** Where the payload chunks start (after the header and its 16-byte nonce), or null to not guess. */
async function findPayloadStart(handle: FileHandle): Promise<number | null> {
  const { size } = await handle.stat();
  const probe = Buffer.allocUnsafe(Math.min(size, HEADER_PROBE_BYTES));
  const { bytesRead } = await handle.read(probe, 0, probe.byteLength, 0);
  const first = probe.subarray(0, bytesRead);
  if (looksArmored(first.subarray(0, ARMOR_SNIFF_BYTES))) return null;
  try {
    const header = await readHeader(new ByteReader(once(first)));
    const start = header.byteLength + PAYLOAD_NONCE_BYTES;
    return start <= size ? start : null;
  } catch {
    // Why: a damaged header is reported by openAge on the plain path, with its proper error.
    return null;
  }
}

/** A one-chunk async source. */
async function* once(chunk: Uint8Array): AsyncGenerator<Uint8Array> {
  yield chunk;
}
