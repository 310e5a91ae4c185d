// Writes a small file so that readers see the old content or the new, never half: a temporary
// sibling, fsync, rename.
import { open, rename, rm } from 'node:fs/promises';
import { randomBytes } from 'node:crypto';

/** Replaces `path` with `text` atomically (mode 0600: configuration may name private paths). */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
