import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/** Runs `body` with a fresh temporary folder (name starting with `prefix`) that is removed afterwards. */
export async function withTempDir<T>(body: (dir: string) => Promise<T>, prefix = 'sealdrop-test-'): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
