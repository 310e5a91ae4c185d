import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

/** One timed run of a command: wall seconds and peak resident memory of the whole process tree's largest member. */
export interface Measurement {
  readonly seconds: number;
  readonly peakMegabytes: number;
}

const GNU_TIME = '/usr/bin/time';

/** True when GNU time (Debian package "time") is there to read peak memory. */
export function canMeasureMemory(): boolean {
  return existsSync(GNU_TIME);
}

/**
 * Runs `sh -c script` under GNU time and returns wall time and peak RSS (GNU time's %M reports the
 * largest of the shell's children, so for a pipeline it is the hungriest stage).
 */
export function measure(script: string, env: NodeJS.ProcessEnv = {}): Promise<Measurement> {
  return new Promise((resolve, reject) => {
    const started = process.hrtime.bigint();
    const useTime = canMeasureMemory();
    const args = useTime ? ['-f', 'SEALDROP_BENCH %M', 'sh', '-c', script] : ['-c', script];
    const child = spawn(useTime ? GNU_TIME : 'sh', args, { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      if (code !== 0) return reject(new Error(`command failed (${code}): ${script}\n${stderr}`));
      const match = /SEALDROP_BENCH (\d+)/.exec(stderr);
      resolve({ seconds, peakMegabytes: match ? Number(match[1]) / 1024 : NaN });
    });
  });
}

/** Writes back dirty pages, so one run's leftover disk work does not land on the next one's clock. */
export function settle(): Promise<void> {
  return new Promise((resolve) => spawn('sync', [], { stdio: 'ignore' }).on('close', () => resolve()));
}

/** The median (by time) of `repeat` runs of each script, interleaved (A B A B…) so drift hits both alike. */
export async function medianOfPair(repeat: number, setup: () => Promise<void>, scripts: readonly [string, string]): Promise<[Measurement, Measurement]> {
  const runs: [Measurement[], Measurement[]] = [[], []];
  for (let i = 0; i < repeat; i++) {
    for (const which of [0, 1] as const) {
      await setup();
      await settle();
      runs[which].push(await measure(scripts[which]));
    }
  }
  return [median(runs[0]), median(runs[1])];
}

/** The median run of `repeat` (by time), after `setup` and a sync before each. */
export async function medianOf(repeat: number, setup: () => Promise<void>, script: string): Promise<Measurement> {
  const runs: Measurement[] = [];
  for (let i = 0; i < repeat; i++) {
    await setup();
    await settle();
    runs.push(await measure(script));
  }
  return median(runs);
}

/** Median time; peak memory is the worst run's. */
function median(runs: Measurement[]): Measurement {
  const sorted = [...runs].sort((a, b) => a.seconds - b.seconds);
  const middle = sorted[Math.floor(sorted.length / 2)] as Measurement;
  return { seconds: middle.seconds, peakMegabytes: Math.max(...runs.map((r) => r.peakMegabytes)) };
}
