// Seals (and opens) a 1 GiB file with the age container, with and without worker threads, next to the
// `age` CLI in the same run. Usage: node bench/age-throughput.ts [sizeMiB] (default 1024).
import { execFileSync } from 'node:child_process';
import { randomFillSync } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { ChunkPool, X25519Identity, encryptAge, openAge } from '../src-main/domain/seal/age/index.ts';

const MiB = 1024 * 1024;
const size = Number(process.argv[2] ?? 1024) * MiB;
const dir = await mkdtemp(join(tmpdir(), 'age-bench-'));
const plainPath = join(dir, 'plain.bin');
const sealedPath = join(dir, 'sealed.age');

/** Writes `bytes` random bytes (random, so nothing can shortcut the work). */
async function randomFile(path: string, bytes: number): Promise<void> {
  const handle = await open(path, 'w');
  const block = Buffer.allocUnsafe(16 * MiB);
  for (let written = 0; written < bytes; written += block.length) {
    randomFillSync(block);
    await handle.write(block, 0, Math.min(block.length, bytes - written));
  }
  await handle.close();
}

/** Runs `work` three times and reports the best MB/s (decimal MB, like the DESIGN §7 figures). */
async function best(label: string, work: () => Promise<void>): Promise<number> {
  let fastest = Infinity;
  for (let run = 0; run < 3; run += 1) {
    const started = performance.now();
    await work();
    fastest = Math.min(fastest, (performance.now() - started) / 1000);
  }
  const rate = size / 1e6 / fastest;
  console.log(`${label.padEnd(44)} ${fastest.toFixed(3)} s  ${rate.toFixed(0).padStart(5)} MB/s`);
  return rate;
}

/**
 * Reads a file into one reused 1 MiB buffer, like the age CLI does. Safe for encryptAge/openAge only
 * because they copy every piece into their own batch buffers before asking for the next one.
 */
async function* reusedBufferChunks(path: string): AsyncGenerator<Uint8Array> {
  const handle = await open(path, 'r');
  const buffer = Buffer.allocUnsafe(MiB);
  try {
    for (;;) {
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, null);
      if (bytesRead === 0) return;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await handle.close();
  }
}

const useStream = process.argv.includes('--read-stream');
const source = (path: string): AsyncIterable<Uint8Array> => (useStream ? createReadStream(path, { highWaterMark: MiB }) : reusedBufferChunks(path));
const identity = X25519Identity.generate();
await randomFile(plainPath, size);
console.log(`payload: ${size / MiB} MiB, source: ${useStream ? 'fs.createReadStream' : 'reused-buffer reads'}, ${(await import('node:os')).availableParallelism()} cores`);
const pool = new ChunkPool();
const inline = new ChunkPool({ workers: 0 });
try {
  const sealWith = (chunkPool: ChunkPool, out: string) => async () => {
    await pipeline(encryptAge(source(plainPath), [identity.recipient], { pool: chunkPool }), createWriteStream(out));
  };
  const openWith = (chunkPool: ChunkPool) => async () => {
    const opened = await openAge(source(sealedPath), [identity], { pool: chunkPool });
    await pipeline(opened.plaintext, createWriteStream('/dev/null'));
  };
  const sealPool = await best(`seal, ${pool.size} workers -> /dev/null`, sealWith(pool, '/dev/null'));
  const sealInline = await best('seal, single thread -> /dev/null', sealWith(inline, '/dev/null'));
  await sealWith(pool, sealedPath)();
  const openPool = await best(`open, ${pool.size} workers -> /dev/null`, openWith(pool));
  const openInline = await best('open, single thread -> /dev/null', openWith(inline));
  try {
    const recipient = identity.recipient.toString();
    const ageRate = await best('age CLI encrypt -> /dev/null', async () => {
      execFileSync('sh', ['-c', `age -r ${recipient} < "${plainPath}" > /dev/null`]);
    });
    console.log(`ratios vs age CLI: seal workers ${(sealPool / ageRate).toFixed(2)}x, seal single ${(sealInline / ageRate).toFixed(2)}x`);
  } catch {
    console.log('age CLI not available: no comparison');
  }
  console.log(`open: workers ${openPool.toFixed(0)} MB/s, single ${openInline.toFixed(0)} MB/s`);
} finally {
  await pool.close();
  await rm(dir, { recursive: true, force: true });
}
