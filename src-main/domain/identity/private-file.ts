// Files that belong to the user alone (key metadata, encrypted keystores, backups): written whole or
// not at all, readable only by the owner.
import { randomBytes } from 'node:crypto';
import { link, mkdir, open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { SealdropError } from '../../../src-shared/errors.ts';
import { toSealdropError } from '../seal/fs-errors.ts';

/** Mode of every file written here: owner read/write only. */
export const PRIVATE_FILE_MODE = 0o600;
/** Mode of the folders holding them: owner only. */
export const PRIVATE_DIR_MODE = 0o700;

/**
 * Writes `text` to `file` atomically: a hidden temporary sibling (mode 600) is written, flushed to
 * disk and renamed over `file`, so a crash leaves the old file or the new one, never half of either.
 * With `overwrite: false` an existing `file` is kept and 'target-exists' thrown.
 */
export async function writePrivateFile(file: string, text: string, options: { overwrite: boolean }): Promise<void> {
  const dir = dirname(file);
  await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const temp = join(dir, `.${basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(temp, 'wx', PRIVATE_FILE_MODE);
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (options.overwrite) await rename(temp, file);
    else await linkNew(temp, file);
    await syncDir(dir);
  } catch (error) {
    throw toSealdropError(error, `writing ${file}`);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Renames without replacing: refuses when `file` exists (a backup or key of someone else's). */
async function linkNew(temp: string, file: string): Promise<void> {
  try {
    // link() fails with EEXIST instead of replacing; the temporary name is removed afterwards.
    await link(temp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') {
      throw new SealdropError('target-exists', `"${file}" already exists; it is left alone`, { path: file });
    }
    throw error;
  }
}

/** Flushes a folder's entry table so a rename survives a crash; some file systems refuse, which is harmless. */
async function syncDir(dir: string): Promise<void> {
  let handle;
  try {
    handle = await open(dir, 'r');
    await handle.sync();
  } catch {
    // Why ignore: fsync on a directory is unsupported on some platforms (Windows, some FUSE mounts);
    // the file itself was already synced, only the rename's durability is best effort there.
  } finally {
    await handle?.close();
  }
}

/** Removes a file if it exists; true when it was there. */
export async function removeFile(file: string): Promise<boolean> {
  try {
    await rm(file);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw toSealdropError(error, `removing ${file}`);
  }
}
