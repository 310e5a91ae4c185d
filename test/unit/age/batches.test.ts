// fixedBatches: regrouping into STREAM batches, holding the last one back, and adopting whole buffers
// that its recycler issued (the zero-copy path from the tar writer) while copying anything else.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { BufferRecycler, fixedBatches } from '../../../src-main/domain/seal/age/batches.ts';

const SIZE = 16;

async function* from(items: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* items;
}

async function collect(items: readonly Uint8Array[], recycler: BufferRecycler): Promise<{ data: Uint8Array; last: boolean }[]> {
  const out = [];
  for await (const batch of fixedBatches(from(items), SIZE, recycler)) out.push(batch);
  return out;
}

function filled(recycler: BufferRecycler, value: number): Uint8Array {
  const view = new Uint8Array(recycler.take(), 0, SIZE);
  view.fill(value);
  return view;
}

describe('fixedBatches', () => {
  it('regroups any chunking into full batches and one last batch', async () => {
    const data = Uint8Array.from({ length: 40 }, (_, i) => i);
    const batches = await collect([data.subarray(0, 5), data.subarray(5, 30), data.subarray(30)], new BufferRecycler(SIZE, 4));
    assert.deepEqual(
      batches.map((b) => [b.data.byteLength, b.last]),
      [
        [16, false],
        [16, false],
        [8, true],
      ],
    );
    assert.deepEqual(Buffer.concat(batches.map((b) => b.data)), Buffer.from(data));
  });

  it('marks a full batch last when nothing follows, and yields one empty batch for an empty source', async () => {
    const exact = await collect([new Uint8Array(32)], new BufferRecycler(SIZE, 4));
    assert.deepEqual(exact.map((b) => [b.data.byteLength, b.last]), [[16, false], [16, true]]);
    const empty = await collect([], new BufferRecycler(SIZE, 4));
    assert.deepEqual(empty.map((b) => [b.data.byteLength, b.last]), [[0, true]]);
  });

  it('adopts whole buffers its recycler issued, without copying', async () => {
    const recycler = new BufferRecycler(SIZE, 4);
    const first = filled(recycler, 1);
    const second = filled(recycler, 2);
    const batches = await collect([first, second], recycler);
    assert.equal(batches[0]?.data, first);
    assert.equal(batches[1]?.data, second);
    assert.deepEqual(batches.map((b) => b.last), [false, true]);
  });

  it('copies whole buffers it did not issue (the producer may still use them)', async () => {
    const recycler = new BufferRecycler(SIZE, 4);
    const foreign = new Uint8Array(SIZE).fill(7);
    const batches = await collect([foreign], recycler);
    assert.notEqual(batches[0]?.data.buffer, foreign.buffer);
    assert.deepEqual([...(batches[0]?.data ?? [])], [...foreign]);
  });

  it('copies an issued buffer that arrives mid-batch, keeping the byte order', async () => {
    const recycler = new BufferRecycler(SIZE, 4);
    const owned = filled(recycler, 3);
    const batches = await collect([Uint8Array.from([9, 9]), owned], recycler);
    assert.deepEqual(Buffer.concat(batches.map((b) => b.data)), Buffer.from([9, 9, ...owned]));
  });
});
