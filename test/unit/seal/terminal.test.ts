import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatDuration, progressLine } from '../../../src-main/cli/terminal.ts';
import type { Progress } from '../../../src-shared/progress.ts';

function progress(overrides: Partial<Progress>): Progress {
  return { step: 'encrypting', bytesDone: 0, bytesTotal: null, entriesDone: 0, entriesTotal: null, bytesPerSecond: null, secondsLeft: null, ...overrides };
}

describe('formatBytes', () => {
  it('shows whole bytes below a kilobyte', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
  });

  it('uses decimal units with two decimals below 10 and one above', () => {
    assert.equal(formatBytes(1000), '1.00 KB');
    assert.equal(formatBytes(1_500_000), '1.50 MB');
    assert.equal(formatBytes(12_345_678), '12.3 MB');
    assert.equal(formatBytes(420_000_000), '420.0 MB');
    assert.equal(formatBytes(2_000_000_000_000), '2.00 TB');
  });

  it('stops at terabytes', () => {
    assert.equal(formatBytes(5e15), '5000.0 TB');
  });

  it('rounds a fractional byte count below a kilobyte (rates are fractional)', () => {
    assert.equal(formatBytes(1000 / 3), '333 B');
  });

  it('does not show 1000 of a unit when rounding reaches the next one', () => {
    assert.equal(formatBytes(999_999), '1.00 MB');
  });
});

describe('formatDuration', () => {
  it('shows seconds below a minute, rounded', () => {
    assert.equal(formatDuration(0), '0s');
    assert.equal(formatDuration(12.4), '12s');
    assert.equal(formatDuration(59.4), '59s');
  });

  it('shows minutes:seconds below an hour', () => {
    assert.equal(formatDuration(59.6), '1:00');
    assert.equal(formatDuration(65), '1:05');
    assert.equal(formatDuration(3599), '59:59');
  });

  it('shows hours and minutes from an hour on', () => {
    assert.equal(formatDuration(3600), '1h00');
    assert.equal(formatDuration(3725), '1h02');
    assert.equal(formatDuration(36_000), '10h00');
  });
});

describe('progressLine', () => {
  it('shows percent, bar, sizes, rate, time left and entries when everything is known', () => {
    const line = progressLine(
      progress({ bytesDone: 420_000_000, bytesTotal: 1_000_000_000, bytesPerSecond: 610_000_000, secondsLeft: 1, entriesDone: 12, entriesTotal: 40 }),
    );
    assert.equal(line, `encrypting   42% [${'#'.repeat(10)}${'-'.repeat(14)}]  420.0 MB / 1.00 GB  610.0 MB/s  1s left  12/40 entries`);
  });

  it('draws a bar of the asked width', () => {
    const line = progressLine(progress({ bytesDone: 1, bytesTotal: 2 }), 10);
    assert.ok(line.includes('[#####-----]'), line);
  });

  it('shows only the bytes done when the total is unknown, and leaves out unknown parts', () => {
    assert.equal(progressLine(progress({ step: 'decrypting', bytesDone: 5_000_000 })), 'decrypting  5.00 MB');
  });

  it('treats a zero total like an unknown one (no division by zero)', () => {
    assert.equal(progressLine(progress({ bytesDone: 0, bytesTotal: 0 })), 'encrypting  0 B');
  });

  it('caps the bar at 100% when more than the total was done (a file grew)', () => {
    const line = progressLine(progress({ bytesDone: 3000, bytesTotal: 2000 }), 4);
    assert.ok(line.includes('100% [####]'), line);
  });

  it('leaves out the time left once it is zero', () => {
    const line = progressLine(progress({ bytesDone: 2000, bytesTotal: 2000, bytesPerSecond: 1000, secondsLeft: 0 }));
    assert.ok(!line.includes('left'), line);
    assert.ok(line.endsWith('1.00 KB/s'), line);
  });
});
