import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createProgressReporter } from '../../../src-shared/progress.ts';
import type { Progress, ProgressSample } from '../../../src-shared/progress.ts';
import { fakeClock } from './helpers.ts';

const MB = 1_000_000;

function sample(bytesDone: number, bytesTotal: number | null = 10 * MB): ProgressSample {
  return { step: 'working', bytesDone, bytesTotal, entriesDone: 0, entriesTotal: null };
}

function setup(intervalMs?: number) {
  const clock = fakeClock();
  const seen: Progress[] = [];
  const reporter = createProgressReporter((p) => seen.push(p), clock.now, intervalMs);
  return { clock, seen, reporter };
}

describe('createProgressReporter', () => {
  it('emits the first sample at once and drops samples that come within the interval', () => {
    const { clock, seen, reporter } = setup(100);
    clock.advance(10);
    reporter.sample(sample(1));
    clock.advance(50);
    reporter.sample(sample(2));
    clock.advance(49);
    reporter.sample(sample(3));
    assert.deepEqual(seen.map((p) => p.bytesDone), [1]);
    clock.advance(1); // exactly one interval after the last emission
    reporter.sample(sample(4));
    assert.deepEqual(seen.map((p) => p.bytesDone), [1, 4]);
  });

  it('passes the producer fields through unchanged', () => {
    const { clock, seen, reporter } = setup();
    clock.advance(1000);
    reporter.sample({ step: 'packing', bytesDone: 5, bytesTotal: 9, entriesDone: 2, entriesTotal: 7 });
    assert.equal(seen.length, 1);
    const [p] = seen as [Progress];
    assert.deepEqual([p.step, p.bytesDone, p.bytesTotal, p.entriesDone, p.entriesTotal], ['packing', 5, 9, 2, 7]);
  });

  it('measures the first rate over the time since the start, and smooths later rates', () => {
    const { clock, seen, reporter } = setup();
    clock.advance(1000);
    reporter.sample(sample(1 * MB)); // 1 MB in 1 s
    assert.equal(seen[0]?.bytesPerSecond, 1 * MB);
    clock.advance(1000);
    reporter.sample(sample(5 * MB)); // a burst: 4 MB in the next second
    // Smoothed: 0.7 × 1 MB/s + 0.3 × 4 MB/s, not the instantaneous 4 MB/s.
    assert.ok(Math.abs((seen[1]?.bytesPerSecond ?? 0) - 1.9 * MB) < 1e-6);
  });

  it('does not let a stall drop the rate to zero at once', () => {
    const { clock, seen, reporter } = setup();
    clock.advance(1000);
    reporter.sample(sample(2 * MB));
    clock.advance(1000);
    reporter.sample(sample(2 * MB)); // nothing done for a second
    assert.ok(Math.abs((seen[1]?.bytesPerSecond ?? 0) - 1.4 * MB) < 1e-6);
  });

  it('estimates seconds left from the remaining bytes and the rate when the total is known', () => {
    const { clock, seen, reporter } = setup();
    clock.advance(2000);
    reporter.sample(sample(4 * MB, 10 * MB)); // 2 MB/s, 6 MB left
    assert.equal(seen[0]?.bytesPerSecond, 2 * MB);
    assert.equal(seen[0]?.secondsLeft, 3);
  });

  it('gives no time left when the total is unknown', () => {
    const { clock, seen, reporter } = setup();
    clock.advance(1000);
    reporter.sample(sample(3 * MB, null));
    assert.equal(seen[0]?.bytesPerSecond, 3 * MB);
    assert.equal(seen[0]?.secondsLeft, null);
  });

  it('gives no rate and no time left before any time has passed', () => {
    const { seen, reporter } = setup();
    reporter.sample(sample(1 * MB));
    assert.equal(seen[0]?.bytesPerSecond, null);
    assert.equal(seen[0]?.secondsLeft, null);
  });

  it('flush always emits, with the whole-operation average and nothing left', () => {
    const { clock, seen, reporter } = setup(100);
    clock.advance(1000);
    reporter.sample(sample(1 * MB));
    clock.advance(1000);
    reporter.sample(sample(9 * MB)); // a fast second: the smoothed rate is far from the average
    clock.advance(10); // within the interval: a sample would be dropped, a flush is not
    reporter.flush(sample(10 * MB));
    assert.equal(seen.length, 3);
    const last = seen[2] as Progress;
    assert.equal(last.bytesDone, 10 * MB);
    assert.ok(Math.abs((last.bytesPerSecond ?? 0) - (10 * MB) / 2.01) < 1e-6);
    assert.equal(last.secondsLeft, 0);
  });

  it('flush of an instant operation keeps the rate unknown rather than dividing by zero', () => {
    const { seen, reporter } = setup();
    reporter.flush(sample(0, 0));
    assert.equal(seen[0]?.bytesPerSecond, null);
    assert.equal(seen[0]?.secondsLeft, 0);
  });
});
