/** Progress of a long operation (sealing, opening), as the CLI and the UI draw it. */
export interface Progress {
  /** What is happening now, for people: "packing and encrypting", "decrypting and unpacking". */
  readonly step: string;
  /** Bytes of the main stream done so far (file contents when sealing, sealed bytes when opening). */
  readonly bytesDone: number;
  /** Total bytes of the main stream, when known. */
  readonly bytesTotal: number | null;
  /** Entries (files, folders, links) done so far. */
  readonly entriesDone: number;
  /** Total entries, when known. */
  readonly entriesTotal: number | null;
  /** Recent throughput in bytes per second, once there is enough to measure. */
  readonly bytesPerSecond: number | null;
  /** Estimated seconds left, when the total and a rate are known. */
  readonly secondsLeft: number | null;
}

/** What a producer reports; the reporter adds rate and time left. */
export type ProgressSample = Pick<Progress, 'step' | 'bytesDone' | 'bytesTotal' | 'entriesDone' | 'entriesTotal'>;

/** Receives progress updates; called often, so it must be cheap. */
export type ProgressListener = (progress: Progress) => void;

/** Receives raw samples from a producer (the archive and stream layers). */
export type ProgressSink = (sample: ProgressSample) => void;

/**
 * Turns raw samples into throttled progress with a rate and time left. `now` returns milliseconds
 * (injected so tests control time). The final sample of an operation is passed with `force`.
 */
export function createProgressReporter(
  listener: ProgressListener,
  now: () => number,
  intervalMs = 100,
): { sample: ProgressSink; flush: (sample: ProgressSample) => void } {
  const started = now();
  let lastEmit = -Infinity;
  // Exponentially smoothed rate, so a stall or a burst does not make the estimate jump.
  let rate: number | null = null;
  let lastTime = started;
  let lastBytes = 0;

  const emit = (sample: ProgressSample, t: number): void => {
    const dt = (t - lastTime) / 1000;
    if (dt > 0) {
      const instant = Math.max(0, sample.bytesDone - lastBytes) / dt;
      rate = rate === null ? instant : 0.7 * rate + 0.3 * instant;
      lastTime = t;
      lastBytes = sample.bytesDone;
    }
    const secondsLeft =
      rate !== null && rate > 0 && sample.bytesTotal !== null ? Math.max(0, sample.bytesTotal - sample.bytesDone) / rate : null;
    lastEmit = t;
    listener({ ...sample, bytesPerSecond: rate, secondsLeft });
  };

  return {
    sample(sample) {
      const t = now();
      if (t - lastEmit >= intervalMs) emit(sample, t);
    },
    flush(sample) {
      const t = now();
      // The final figure: average over the whole operation, which is what a person wants to see last.
      const elapsed = (t - started) / 1000;
      rate = elapsed > 0 ? sample.bytesDone / elapsed : rate;
      lastTime = t;
      lastBytes = sample.bytesDone;
      lastEmit = t;
      listener({ ...sample, bytesPerSecond: rate, secondsLeft: 0 });
    },
  };
}
