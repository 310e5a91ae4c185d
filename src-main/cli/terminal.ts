import type { Progress } from '../../src-shared/progress.ts';

/** Where the CLI writes, injected so tests and `--json` can capture it. */
export interface Console {
  readonly out: NodeJS.WritableStream;
  readonly err: NodeJS.WriteStream | NodeJS.WritableStream;
  readonly env: NodeJS.ProcessEnv;
  readonly stdin: NodeJS.ReadStream;
}

export { formatBytes } from '../../src-shared/format.ts';
import { formatBytes } from '../../src-shared/format.ts';

/** "1:05" or "12s" for a time left. */
export function formatDuration(seconds: number): string {
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m}:${String(s % 60).padStart(2, '0')}` : `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}`;
}

/** One line of progress text: "encrypting  42% [########----]  420 MB / 1.0 GB  610 MB/s  1s left  12/40 entries". */
export function progressLine(progress: Progress, width = 24): string {
  const parts = [progress.step];
  if (progress.bytesTotal !== null && progress.bytesTotal > 0) {
    const fraction = Math.min(1, progress.bytesDone / progress.bytesTotal);
    const filled = Math.round(fraction * width);
    parts.push(`${String(Math.floor(fraction * 100)).padStart(3)}% [${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`);
    parts.push(`${formatBytes(progress.bytesDone)} / ${formatBytes(progress.bytesTotal)}`);
  } else {
    parts.push(formatBytes(progress.bytesDone));
  }
  if (progress.bytesPerSecond !== null) parts.push(`${formatBytes(progress.bytesPerSecond)}/s`);
  if (progress.secondsLeft !== null && progress.secondsLeft > 0) parts.push(`${formatDuration(progress.secondsLeft)} left`);
  if (progress.entriesTotal !== null) parts.push(`${progress.entriesDone}/${progress.entriesTotal} entries`);
  return parts.join('  ');
}

/**
 * A progress bar on a terminal's stderr; silent when stderr is not a TTY (piped, scripted) or when
 * asked to be quiet. Returns the listener and a `done` that clears the line.
 */
export function progressBar(stream: NodeJS.WritableStream, enabled: boolean): { listener: (p: Progress) => void; done: () => void } {
  const tty = stream as NodeJS.WriteStream;
  if (!enabled || !tty.isTTY) return { listener: () => {}, done: () => {} };
  let shown = false;
  return {
    listener(progress) {
      const columns = tty.columns ?? 80;
      tty.write(`\r${progressLine(progress).slice(0, columns - 1).padEnd(columns - 1)}`);
      shown = true;
    },
    done() {
      if (shown) tty.write(`\r${' '.repeat((tty.columns ?? 80) - 1)}\r`);
    },
  };
}

/**
 * Reads a passphrase from the terminal without echo. Scripts set SEALDROP_PASSPHRASE instead;
 * with neither, it fails with an explanation rather than hanging on a pipe.
 */
export async function readPassphrase(console: Console, prompt: string): Promise<string | null> {
  const fromEnv = console.env.SEALDROP_PASSPHRASE;
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
  const stdin = console.stdin;
  if (!stdin.isTTY) return null;
  console.err.write(prompt);
  stdin.setRawMode(true);
  stdin.resume();
  try {
    return await new Promise<string>((resolve, reject) => {
      let value = '';
      const onData = (data: Buffer): void => {
        for (const char of data.toString('utf8')) {
          if (char === '\r' || char === '\n') {
            stdin.off('data', onData);
            console.err.write('\n');
            resolve(value);
            return;
          }
          if (char === '\u0003') {
            stdin.off('data', onData);
            console.err.write('\n');
            reject(Object.assign(new Error('cancelled'), { name: 'AbortError' }));
            return;
          }
          if (char === '\u007f' || char === '\b') value = value.slice(0, -1);
          else value += char;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
  }
}
