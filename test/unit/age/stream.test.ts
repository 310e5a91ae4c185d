/** STREAM payload: round trips at chunk boundaries, tampering, truncation, trailing data, pool vs inline. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, it } from 'node:test';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { ChunkPool, defaultWorkerCount } from '../../../src-main/domain/seal/age/chunk-pool.ts';
import { decryptStream, encryptStream } from '../../../src-main/domain/seal/age/stream.ts';
import { ENCRYPTED_CHUNK_BYTES } from '../../../src-main/domain/seal/age/stream-chunks.ts';
import { collect, drain, pieces } from './helpers.ts';

const KiB = 1024;
const fileKey = randomBytes(16);
const nonce = randomBytes(16);
const workers = new ChunkPool({ workers: 2 });
const inline = new ChunkPool({ workers: 0 });
after(() => workers.close());

async function seal(plaintext: Uint8Array, pool: ChunkPool = workers): Promise<Buffer> {
  return collect(encryptStream(pieces(plaintext, 10_000), fileKey, nonce, { pool }));
}

async function open(ciphertext: Uint8Array, pool: ChunkPool = workers): Promise<{ released: Buffer; error: unknown }> {
  return drain(decryptStream(pieces(ciphertext, 9_999), fileKey, nonce, { pool }));
}

describe('STREAM payload', () => {
  const sizes: [string, number][] = [
    ['empty', 0],
    ['1 byte', 1],
    ['exactly 64 KiB', 64 * KiB],
    ['64 KiB + 1', 64 * KiB + 1],
    ['exactly 3 chunks', 3 * 64 * KiB],
    ['several MiB (worker pool)', 5 * 1024 * KiB + 123],
  ];
  for (const [label, size] of sizes) {
    it(`round-trips ${label}`, async () => {
      const plaintext = randomBytes(size);
      const ciphertext = await seal(plaintext);
      assert.equal(ciphertext.length, size + 16 * Math.max(1, Math.ceil(size / (64 * KiB))));
      const { released, error } = await open(ciphertext);
      assert.equal(error, undefined);
      assert.ok(released.equals(plaintext));
    });
  }

  it('produces output the other path can open (pool seal -> inline open and back)', async () => {
    const plaintext = randomBytes(3 * 1024 * KiB + 7);
    const byPool = await seal(plaintext, workers);
    const byInline = await seal(plaintext, inline);
    // Same key and nonce, so both paths must produce the very same bytes.
    assert.ok(byPool.equals(byInline));
    assert.ok((await open(byPool, inline)).released.equals(plaintext));
    assert.ok((await open(byInline, workers)).released.equals(plaintext));
  });

  it('names the chunk whose tag was flipped and releases only the chunks before it', async () => {
    const plaintext = randomBytes(40 * 64 * KiB);
    const ciphertext = await seal(plaintext);
    ciphertext.writeUInt8((ciphertext.readUInt8(16 * ENCRYPTED_CHUNK_BYTES + 100) ^ 0x01), 16 * ENCRYPTED_CHUNK_BYTES + 100);
    const { released, error } = await open(ciphertext);
    assert.ok(isSealdropError(error, 'payload-tampered'));
    assert.equal(error.details.chunk, 16);
    assert.match(error.message, /chunk 17 fails authentication/);
    assert.ok(released.equals(plaintext.subarray(0, 16 * 64 * KiB)));
  });

  it('rejects a file cut at a chunk boundary as truncated', async () => {
    const plaintext = randomBytes(3 * 64 * KiB + 5);
    const ciphertext = await seal(plaintext);
    const { error } = await open(ciphertext.subarray(0, 2 * ENCRYPTED_CHUNK_BYTES));
    assert.ok(isSealdropError(error, 'payload-truncated'));
  });

  it('rejects an empty payload section as truncated', async () => {
    const { error } = await open(new Uint8Array(0));
    assert.ok(isSealdropError(error, 'payload-truncated'));
  });

  it('rejects bytes after the final chunk as trailing data', async () => {
    const plaintext = randomBytes(2 * 64 * KiB);
    const ciphertext = Buffer.concat([await seal(plaintext), Buffer.from('extra')]);
    const { error } = await open(ciphertext);
    assert.ok(isSealdropError(error, 'trailing-data'));
  });

  it('propagates a source error and leaves no worker running', async () => {
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield randomBytes(3 * 1024 * KiB);
      throw new Error('disk went away');
    }
    const pool = new ChunkPool({ workers: 2 });
    await assert.rejects(collect(encryptStream(failing(), fileKey, nonce, { pool })), /disk went away/);
    await pool.close();
  });
});

describe('defaultWorkerCount', () => {
  it('leaves one core to the main thread, at most 8 workers, and obeys a valid override', () => {
    assert.deepEqual([1, 2, 4, 16].map((cores) => defaultWorkerCount(cores, undefined)), [0, 1, 3, 8]);
    assert.equal(defaultWorkerCount(4, '0'), 0);
    assert.equal(defaultWorkerCount(4, '2'), 2);
    assert.equal(defaultWorkerCount(4, 'lots'), 3);
    assert.equal(defaultWorkerCount(4, '-1'), 3);
  });
});
