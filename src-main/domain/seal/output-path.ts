import { randomBytes } from 'node:crypto';
import { chmod, link, lstat, mkdir, readdir, rename, rm, stat, unlink } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { SealdropError } from '../../../src-shared/errors.ts';

/** What to do when the chosen output already exists. */
export type ExistingOutputPolicy = 'rename' | 'stop';

/** A hidden temporary sibling of `finalPath`, in the same folder so a rename is atomic. */
export function temporarySibling(finalPath: string, purpose: string): string {
  // Random suffix: two Sealdrop runs in the same folder never share a temporary name.
  return join(dirname(finalPath), `.${basename(finalPath)}.${purpose}-${randomBytes(6).toString('hex')}`);
}

/** True when something (file, folder, link) exists at `path`. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await lstat(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}

/** "name (2).ext", "name (3).ext"... the way file managers name copies. */
export function numberedName(path: string, n: number): string {
  const ext = extname(path);
  const stem = ext && ext !== path ? path.slice(0, -ext.length) : path;
  return `${stem} (${n})${ext}`;
}

/**
 * Claims a free folder name for the output by creating it empty: mkdir is atomic, so two openings
 * never get the same folder. With policy 'stop' an existing path is an error; with 'rename' the
 * next free "name (n)" is taken. The caller then renames its finished temporary folder over the
 * empty one it claimed (rename(2) replaces an empty directory atomically).
 */
export async function claimFolder(path: string, policy: ExistingOutputPolicy): Promise<string> {
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? path : numberedName(path, n);
    try {
      await mkdir(candidate);
      return candidate;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (policy === 'stop') {
        throw targetExists(path);
      }
    }
  }
  throw new SealdropError('target-exists', `no free name next to "${path}"`, { path });
}

/**
 * Moves a finished temporary file to `path` without ever replacing an existing file: link(2) fails
 * with EEXIST atomically, unlike a check followed by rename. Returns the name used.
 */
export async function publishFile(temporaryPath: string, path: string, policy: ExistingOutputPolicy): Promise<string> {
  for (let n = 1; n < 10_000; n++) {
    const candidate = n === 1 ? path : numberedName(path, n);
    try {
      await link(temporaryPath, candidate);
      await unlink(temporaryPath);
      return candidate;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP') {
        // A file system without hard links (FAT, some network shares): check, then rename.
        if (await pathExists(candidate)) {
          if (policy === 'stop') throw targetExists(path);
          continue;
        }
        await rename(temporaryPath, candidate);
        return candidate;
      }
      if (code !== 'EEXIST') throw error;
      if (policy === 'stop') throw targetExists(path);
    }
  }
  throw new SealdropError('target-exists', `no free name next to "${path}"`, { path });
}

/** The error for an output that exists when the user asked Sealdrop not to pick another name. */
export function targetExists(path: string): SealdropError {
  return new SealdropError('target-exists', `"${path}" already exists; choose another output or let Sealdrop pick a free name`, { path });
}

/**
 * Removes a temporary output (file or folder) after a failure, and never throws: the failure being
 * cleaned up is the error to report. A folder may hold sub-folders already set to the archive's modes
 * (e.g. read-only 0555), which block deletion for a non-root user, so on a first failure every folder
 * is made writable and the removal tried again.
 */
export async function removeTemporary(path: string): Promise<void> {
  try {
    await rm(path, { recursive: true, force: true });
    return;
  } catch {
    // Why: typically EACCES under a read-only folder; made writable below, then retried.
  }
  await makeFoldersWritable(path).catch(() => {});
  await rm(path, { recursive: true, force: true }).catch(() => {}); // best effort; the caller reports the real failure
}

async function makeFoldersWritable(path: string): Promise<void> {
  const info = await lstat(path);
  if (!info.isDirectory()) return;
  await chmod(path, 0o700);
  for (const name of await readdir(path)) await makeFoldersWritable(join(path, name));
}

/** The output's folder must exist: say so plainly instead of failing on a hidden temporary name. */
export async function assertOutputFolder(output: string): Promise<void> {
  const folder = dirname(output);
  const info = await stat(folder).catch(() => null);
  if (info === null || !info.isDirectory()) throw new SealdropError('bad-argument', `the folder "${folder}" does not exist`, { folder });
}
