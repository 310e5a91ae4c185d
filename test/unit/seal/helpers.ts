/** Shared helpers for the seal unit tests: temp folders and folder listings. */
import { readdir } from 'node:fs/promises';
import { withTempDir as withTempFolder } from '../../support/temp.ts';

/** Runs `body` with a fresh temporary folder that is removed afterwards. */
export function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  return withTempFolder(body, 'sealdrop-seal-');
}

/** Every name in a folder, hidden ones included (leftovers of a failed run show here), sorted. */
export async function names(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** A clock the test moves by hand. */
export function fakeClock(start = 1_000_000): { now: () => number; advance: (ms: number) => void } {
  let t = start;
  return {
    now: () => t,
    advance: (ms) => {
      t += ms;
    },
  };
}
