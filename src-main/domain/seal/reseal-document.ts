/**
 * Re-sealing: the same contents under a new file key for new recipients, streamed straight from the
 * old `.sealdrop` file into a new one. The payload (the tar stream with its manifest) is decrypted
 * and encrypted again chunk by chunk, so the contents never touch the disk in the clear and memory
 * stays flat. The old file is left as it is; the new one appears only complete, verified and synced.
 */
import { open } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { createProgressReporter } from '../../../src-shared/progress.ts';
import type { ProgressListener, ProgressSample } from '../../../src-shared/progress.ts';
import { ChunkPool } from './age/chunk-pool.ts';
import { openAge } from './age/decrypt.ts';
import { encryptAge } from './age/encrypt.ts';
import type { Identity, Recipient } from './age/recipient.ts';
import { PipelinedWriter, readFileBlocks } from './file-io.ts';
import { toSealdropError } from './fs-errors.ts';
import { assertOutputFolder, publishFile, removeTemporary, temporarySibling } from './output-path.ts';
import type { ExistingOutputPolicy } from './output-path.ts';

/** Which file to re-seal, with which keys it opens, for whom, and where the new file goes. */
export interface ResealRequest {
  readonly file: string;
  /** Keys that open the old file (the owner's, through the key holders). */
  readonly identities: readonly Identity[];
  /**
   * Who can open the new file; a function is called only once the old file's key was found and its
   * header verified (so, for instance, a new network document is made only for a file that opens).
   */
  readonly recipients: readonly Recipient[] | (() => Promise<readonly Recipient[]>);
  readonly output: string;
  /** When `output` exists: pick "name (2).sealdrop" or stop. */
  readonly ifExists: ExistingOutputPolicy;
  readonly onProgress?: ProgressListener;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
}

/** What re-sealing produced. */
export interface ResealResult {
  readonly output: string;
  /** Size of the old file read, and of the new one written. */
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly seconds: number;
}

const STEP = 'decrypting and encrypting again';

/**
 * Re-seals `request.file` for `request.recipients`. Fails, leaving nothing behind, on any error the
 * old file raises when opened (tampered, truncated, refused key) and on write errors.
 */
export async function resealDocument(request: ResealRequest): Promise<ResealResult> {
  const now = request.now ?? Date.now;
  const started = now();
  const reporter = createProgressReporter(request.onProgress ?? (() => {}), now);
  await assertOutputFolder(request.output);
  let input: FileHandle | undefined;
  let output: FileHandle | undefined;
  const temporaryPath = temporarySibling(request.output, 'sealing');
  const pool = new ChunkPool();
  try {
    input = await open(request.file, 'r');
    const size = (await input.stat()).size;
    let last: ProgressSample = { step: STEP, bytesDone: 0, bytesTotal: size, entriesDone: 0, entriesTotal: null };
    const source = readFileBlocks(input, (bytes) => {
      last = { ...last, bytesDone: bytes };
      reporter.sample(last);
    });
    // Every key check happens here, before the new file exists.
    const { plaintext } = await openAge(source, request.identities, { pool });
    const recipients = typeof request.recipients === 'function' ? await request.recipients() : request.recipients;
    request.signal?.throwIfAborted();
    output = await open(temporaryPath, 'wx', 0o644);
    const writer = new PipelinedWriter(output, 0, (block) => {
      if (block.byteOffset === 0) pool.recycle(block.buffer as ArrayBuffer);
    });
    // Only authenticated plaintext reaches the encryption; a bad chunk throws out of this loop.
    for await (const block of encryptAge(plaintext, recipients, { pool })) {
      request.signal?.throwIfAborted();
      await writer.write(block);
    }
    await writer.finishDurably();
    const bytesOut = writer.bytesWritten;
    await output.close();
    output = undefined;
    const published = await publishFile(temporaryPath, request.output, request.ifExists);
    reporter.flush(last);
    return { output: published, bytesIn: size, bytesOut, seconds: (now() - started) / 1000 };
  } catch (error) {
    await output?.close().catch(() => {}); // already failing; the original error is the one to report
    await removeTemporary(temporaryPath);
    throw toSealdropError(error, `re-sealing "${request.file}"`);
  } finally {
    await input?.close().catch(() => {}); // read-only handle; nothing to lose
    await pool.close();
  }
}
