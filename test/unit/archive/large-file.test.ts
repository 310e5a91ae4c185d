import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, open } from 'node:fs/promises';
import path from 'node:path';
import { extract as createExtract } from 'tar-stream';
import { planArchive } from '../../../src-main/domain/seal/archive/plan.ts';
import { packArchive } from '../../../src-main/domain/seal/archive/pack.ts';
import { withTempDir } from './helpers.ts';

/**
 * A >4 GiB entry without writing 4 GiB: the source is a sparse file (truncate), and the packed stream
 * goes straight into tar-stream's parser, which checks the header while the data is counted and dropped.
 */
async function roundTripSize(size: number): Promise<void> {
  await withTempDir(async (root) => {
    const drop = path.join(root, 'drop');
    await mkdir(drop);
    const handle = await open(path.join(drop, 'huge.bin'), 'w');
    await handle.truncate(size);
    await handle.write(Buffer.from('end'), 0, 3, size - 3);
    await handle.close();

    const extract = createExtract();
    const seen: { name: string; size: number; counted: number; tail: string }[] = [];
    const parsing = (async () => {
      for await (const entry of extract) {
        let counted = 0;
        let last = Buffer.alloc(0);
        for await (const chunk of entry as AsyncIterable<Buffer>) {
          counted += chunk.byteLength;
          last = Buffer.concat([last, chunk.subarray(-3)]).subarray(-3);
        }
        seen.push({ name: entry.header.name, size: entry.header.size, counted, tail: last.subarray(-3).toString() });
      }
    })();
    for await (const chunk of packArchive(await planArchive([drop]))) {
      if (!extract.write(chunk)) await new Promise<void>((resolve) => extract.once('drain', () => resolve()));
    }
    (extract as unknown as { end(): void }).end();
    await parsing;
    assert.deepEqual(seen, [
      { name: 'drop/', size: 0, counted: 0, tail: '' },
      { name: 'drop/huge.bin', size, counted: size, tail: 'end' },
    ]);
  });
}

describe('large files', () => {
  it('packs a file of 4 GiB + 1 byte with the right size in its header', { timeout: 60_000 }, () => roundTripSize(4 * 1024 ** 3 + 1));
});
