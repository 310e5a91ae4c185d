import { open, rename } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { createProgressReporter } from '../../../src-shared/progress.ts';
import type { ProgressListener, ProgressSample } from '../../../src-shared/progress.ts';
import { planArchive } from './archive/plan.ts';
import type { SkippedEntry } from './archive/plan.ts';
import { packArchive } from './archive/pack.ts';
import { ChunkPool } from './age/chunk-pool.ts';
import { encryptAge } from './age/encrypt.ts';
import type { Recipient } from './age/recipient.ts';
import { toSealdropError } from './fs-errors.ts';
import { PipelinedWriter } from './file-io.ts';
import { assertOutputFolder, publishFile, removeTemporary, temporarySibling } from './output-path.ts';
import type { ExistingOutputPolicy } from './output-path.ts';

/** What to seal, for whom, and where to put the `.sealdrop` file. */
export interface SealRequest {
  /** Files and folders to seal; each becomes a top-level entry named after its basename. */
  readonly paths: readonly string[];
  /** Who can open it (age X25519 recipients, a passphrase, later the key server network). */
  readonly recipients: readonly Recipient[];
  /** Where the `.sealdrop` file goes. */
  readonly output: string;
  /** When `output` exists: pick "name (2).sealdrop", stop, or replace it (only once sealing succeeded). */
  readonly ifExists: ExistingOutputPolicy | 'replace';
  /** Extra manifest facts stored (encrypted) with the document, e.g. the sender's address. */
  readonly manifest?: Readonly<Record<string, string>>;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
  /** Milliseconds clock, injected for tests. */
  readonly now?: () => number;
}

/** What sealing produced. */
export interface SealResult {
  /** The path actually written (may differ from the request when a free name was picked). */
  readonly output: string;
  readonly entries: number;
  readonly files: number;
  /** Bytes of file contents sealed. */
  readonly bytesIn: number;
  /** Size of the `.sealdrop` file. */
  readonly bytesOut: number;
  /** Entries left out (links pointing outside the dropped tree, sockets, devices), with reasons. */
  readonly skipped: readonly SkippedEntry[];
  readonly seconds: number;
}

const STEP = 'packing and encrypting';

/**
 * Seals files and folders into one `.sealdrop` file: a pax tar stream, encrypted as age v1 STREAM
 * (DESIGN §2). The file is written to a hidden temporary sibling and only moved into place once
 * complete and synced, so a failure (disk full, cancel, unreadable input) leaves nothing behind.
 */
export async function sealDocument(request: SealRequest): Promise<SealResult> {
  const now = request.now ?? Date.now;
  const started = now();
  const plan = await planArchive(request.paths);
  const reporter = createProgressReporter(request.onProgress ?? (() => {}), now);
  let last: ProgressSample = { step: STEP, bytesDone: 0, bytesTotal: plan.totals.totalBytes, entriesDone: 0, entriesTotal: plan.totals.entries };
  const onArchiveProgress = (sample: ProgressSample): void => {
    last = { ...sample, step: STEP };
    reporter.sample(last);
  };

  await assertOutputFolder(request.output);
  const temporaryPath = temporarySibling(request.output, 'sealing');
  let handle: FileHandle | undefined;
  let bytesOut = 0;
  const pool = new ChunkPool();
  try {
    handle = await open(temporaryPath, 'wx', 0o644);
    // The packer fills the encryption's own batch buffers, so file contents are never copied in user space.
    const buffers = { size: pool.sealInputs.size, take: () => pool.sealInputs.take() };
    const tar = packArchive(plan, { onProgress: onArchiveProgress, signal: request.signal, manifest: request.manifest, buffers });
    // Written ciphertext buffers go back to the pool, so steady-state sealing allocates almost nothing.
    const writer = new PipelinedWriter(handle, 0, (block) => {
      if (block.byteOffset === 0) pool.recycle(block.buffer as ArrayBuffer);
    });
    for await (const block of encryptAge(tar, request.recipients, { pool })) {
      request.signal?.throwIfAborted();
      await writer.write(block);
    }
    // Durable before visible: a crash right after the rename must not leave a truncated file.
    await writer.finishDurably();
    bytesOut = writer.bytesWritten;
    await handle.close();
    handle = undefined;
    const output =
      request.ifExists === 'replace'
        ? (await rename(temporaryPath, request.output), request.output)
        : await publishFile(temporaryPath, request.output, request.ifExists);
    reporter.flush(last);
    return {
      output,
      entries: plan.totals.entries,
      files: plan.totals.files,
      bytesIn: plan.totals.totalBytes,
      bytesOut,
      skipped: plan.skipped,
      seconds: (now() - started) / 1000,
    };
  } catch (error) {
    await handle?.close().catch(() => {}); // already failing; the original error is the one to report
    await removeTemporary(temporaryPath);
    throw toSealdropError(error, 'writing the sealed file');
  } finally {
    await pool.close();
  }
}
