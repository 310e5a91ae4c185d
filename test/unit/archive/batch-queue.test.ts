// The bounded hand-off between the tar writer and encryption.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { BatchQueue } from '../../../src-main/domain/seal/archive/batch-queue.ts';

const SIZE = 8;
const fresh = { size: SIZE, take: () => new ArrayBuffer(SIZE) };

describe('BatchQueue', () => {
  it('hands out full buffers in order, then the partial last one', async () => {
    const queue = new BatchQueue(fresh);
    const producing = (async () => {
      await queue.write(Uint8Array.from([1, 2, 3, 4, 5]));
      await queue.zeros(6);
      const region = await queue.region(100);
      assert.equal(region.byteLength, SIZE - 3, 'a region never crosses a buffer');
      region.fill(9);
      await queue.commit(2);
      queue.close();
    })();
    const out: number[][] = [];
    for (let buffer = await queue.next(); buffer !== null; buffer = await queue.next()) out.push([...buffer]);
    await producing;
    assert.deepEqual(out, [
      [1, 2, 3, 4, 5, 0, 0, 0],
      [0, 0, 0, 9, 9],
    ]);
  });

  it('makes the producer wait while three full buffers are unread', async () => {
    const queue = new BatchQueue(fresh);
    let written = 0;
    const producing = (async () => {
      for (let i = 0; i < 10; i++) {
        await queue.zeros(SIZE);
        written += 1;
      }
      queue.close();
    })();
    await new Promise((resolve) => setImmediate(resolve));
    assert.ok(written <= 3, `the producer ran ${written} buffers ahead`);
    let read = 0;
    while ((await queue.next()) !== null) read += 1;
    await producing;
    assert.equal(read, 10);
  });

  it('gives the consumer the producer error after the buffers already filled', async () => {
    const queue = new BatchQueue(fresh);
    await queue.zeros(SIZE);
    queue.fail(new Error('disk gone'));
    assert.ok((await queue.next()) !== null);
    await assert.rejects(queue.next(), /disk gone/);
  });

  it('stops a waiting producer when the consumer stops reading', async () => {
    const queue = new BatchQueue(fresh);
    const producing = (async () => {
      for (;;) await queue.zeros(SIZE);
    })();
    await new Promise((resolve) => setImmediate(resolve));
    queue.stop();
    await assert.rejects(producing, (error) => isSealdropError(error, 'cancelled'));
  });
});
