import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { planArchive } from '../../../src-main/domain/seal/archive/plan.ts';
import { packArchive } from '../../../src-main/domain/seal/archive/pack.ts';
import { readTar } from '../../../src-main/domain/seal/archive/tar-reader.ts';
import { withTempDir } from './helpers.ts';

/**
 * A >4 GiB entry without writing 4 GiB: the source is a sparse file (truncate), and the packed stream
 * goes straight into our tar reader (the one opening uses), which decodes the header while the data is
 * counted and dropped.
 */
async function roundTripSize(size: number): Promise<void> {
  await withTempDir(async (root) => {
    const drop = path.join(root, 'drop');
    await mkdir(drop);
    const handle = await open(path.join(drop, 'huge.bin'), 'w');
    await handle.truncate(size);
    await handle.write(Buffer.from('end'), 0, 3, size - 3);
    await handle.close();

    const seen: { name: string; size: number; counted: number; tail: string }[] = [];
    await readTar(packArchive(await planArchive([drop])), {
      async entry(entry) {
        const record = { name: entry.name, size: entry.size, counted: 0, tail: '' };
        seen.push(record);
        let last = Buffer.alloc(0);
        return {
          write(data, done) {
            record.counted += data.byteLength;
            last = Buffer.concat([last, Buffer.from(data.subarray(-3))]).subarray(-3);
            record.tail = last.toString();
            done();
          },
          end: async () => {},
          abort: async () => {},
        };
      },
    });
    assert.deepEqual(seen, [
      { name: 'drop/', size: 0, counted: 0, tail: '' },
      { name: 'drop/huge.bin', size, counted: size, tail: 'end' },
    ]);
  });
}

describe('large files', () => {
  it('packs a file of 4 GiB + 1 byte with the right size in its header', { timeout: 60_000 }, () => roundTripSize(4 * 1024 ** 3 + 1));
});
