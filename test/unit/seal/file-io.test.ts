import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { open, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PipelinedWriter, readFileBlocks } from '../../../src-main/domain/seal/file-io.ts';
import { withTempDir } from './helpers.ts';

const BLOCK = 16;

/** Reads `data` back through readFileBlocks with a small block size. */
async function readBack(dir: string, data: Uint8Array, blockSize = BLOCK): Promise<{ blocks: Buffer[]; totals: number[] }> {
  const file = path.join(dir, 'input');
  await writeFile(file, data);
  const handle = await open(file, 'r');
  try {
    const blocks: Buffer[] = [];
    const totals: number[] = [];
    for await (const block of readFileBlocks(handle, (total) => totals.push(total), blockSize)) blocks.push(Buffer.from(block));
    return { blocks, totals };
  } finally {
    await handle.close();
  }
}

describe('readFileBlocks', () => {
  for (const size of [0, 1, BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK, 7 * BLOCK + 5]) {
    it(`yields exactly the bytes of a ${size}-byte file, in blocks of at most the block size`, async () => {
      await withTempDir(async (dir) => {
        const data = randomBytes(size);
        const { blocks, totals } = await readBack(dir, data);
        assert.deepEqual(Buffer.concat(blocks), data);
        assert.equal(blocks.length, Math.ceil(size / BLOCK));
        for (const block of blocks) assert.ok(block.length > 0 && block.length <= BLOCK);
        // Running totals: one per block, ending at the file size.
        let running = 0;
        assert.deepEqual(totals, blocks.map((b) => (running += b.length)));
      });
    });
  }

  /** The ArrayBuffers behind the blocks of a file read with `blockSize`, one per block. */
  async function backingBuffers(dir: string, blockSize: number): Promise<{ blocks: number; buffers: number }> {
    const file = path.join(dir, 'input');
    await writeFile(file, randomBytes(5 * blockSize));
    const handle = await open(file, 'r');
    try {
      const raw: Uint8Array[] = [];
      for await (const block of readFileBlocks(handle, undefined, blockSize)) raw.push(block);
      return { blocks: raw.length, buffers: new Set(raw.map((b) => b.buffer)).size };
    } finally {
      await handle.close();
    }
  }

  it('hands out each block in its own ArrayBuffer, so it can be transferred to a worker', async () => {
    await withTempDir(async (dir) => {
      const { blocks, buffers } = await backingBuffers(dir, 8192);
      assert.equal(buffers, blocks);
    });
  });

  it(
    'hands out each block in its own ArrayBuffer for small block sizes too',
    async () => {
      await withTempDir(async (dir) => {
        const { blocks, buffers } = await backingBuffers(dir, BLOCK);
        assert.equal(buffers, blocks);
      });
    },
  );

  it('reads with the default block size', async () => {
    await withTempDir(async (dir) => {
      const data = randomBytes(3000);
      const file = path.join(dir, 'input');
      await writeFile(file, data);
      const handle = await open(file, 'r');
      try {
        const blocks: Uint8Array[] = [];
        for await (const block of readFileBlocks(handle)) blocks.push(block);
        assert.deepEqual(Buffer.concat(blocks), data);
      } finally {
        await handle.close();
      }
    });
  });
});

describe('PipelinedWriter', () => {
  it('writes many buffers in order, each at its own position', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'out');
      const handle = await open(file, 'w');
      const parts = Array.from({ length: 200 }, (_, i) => randomBytes(1 + ((i * 37) % 3000)));
      const written: Uint8Array[] = [];
      try {
        const writer = new PipelinedWriter(handle, 0, (data) => written.push(data));
        for (const part of parts) await writer.write(part);
        await writer.finish();
        assert.equal(writer.bytesWritten, parts.reduce((n, p) => n + p.length, 0));
      } finally {
        await handle.close();
      }
      assert.deepEqual(await readFile(file), Buffer.concat(parts));
      // Every buffer comes back once it is written (the same objects, so they can be recycled).
      assert.equal(written.length, parts.length);
      assert.deepEqual(new Set(written), new Set(parts));
    });
  });

  it('keeps up when more than the outstanding-bytes limit is queued', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'out');
      const handle = await open(file, 'w');
      const parts = Array.from({ length: 12 }, () => randomBytes(1024 * 1024));
      try {
        const writer = new PipelinedWriter(handle);
        for (const part of parts) await writer.write(part);
        await writer.finish();
      } finally {
        await handle.close();
      }
      assert.deepEqual(await readFile(file), Buffer.concat(parts));
    });
  });

  it('starts at the given position and leaves the bytes before it alone', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'out');
      await writeFile(file, 'HEADER');
      const handle = await open(file, 'r+');
      try {
        const writer = new PipelinedWriter(handle, 6);
        await writer.write(Buffer.from('-body'));
        await writer.write(new Uint8Array(0));
        await writer.write(Buffer.from('-tail'));
        await writer.finish();
        assert.equal(writer.bytesWritten, 16);
      } finally {
        await handle.close();
      }
      assert.equal(await readFile(file, 'utf8'), 'HEADER-body-tail');
    });
  });

  it('raises a real write error from finish() (EBADF on a read-only handle)', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'out');
      await writeFile(file, 'original');
      const handle = await open(file, 'r');
      const written: Uint8Array[] = [];
      try {
        const writer = new PipelinedWriter(handle, 0, (data) => written.push(data));
        await writer.write(Buffer.from('new data'));
        await assert.rejects(writer.finish(), { code: 'EBADF' });
        // The failed buffer is not reported as written, and later writes are refused.
        assert.deepEqual(written, []);
        await assert.rejects(writer.write(Buffer.from('more')), { code: 'EBADF' });
      } finally {
        await handle.close();
      }
      assert.equal(await readFile(file, 'utf8'), 'original');
    });
  });

  it('finishDurably waits for the writes and syncs', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'out');
      const handle = await open(file, 'w');
      const data = randomBytes(100_000);
      try {
        const writer = new PipelinedWriter(handle);
        await writer.write(data.subarray(0, 50_000));
        await writer.write(data.subarray(50_000));
        await writer.finishDurably();
        assert.equal(writer.bytesWritten, data.length);
      } finally {
        await handle.close();
      }
      assert.deepEqual(await readFile(file), data);
    });
  });

  it('finishDurably raises the write error too', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'out');
      await writeFile(file, '');
      const handle = await open(file, 'r');
      try {
        const writer = new PipelinedWriter(handle);
        await writer.write(Buffer.from('x'));
        await assert.rejects(writer.finishDurably(), { code: 'EBADF' });
      } finally {
        await handle.close();
      }
    });
  });
});
