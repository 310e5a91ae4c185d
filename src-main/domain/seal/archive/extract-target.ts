/**
 * Writes checked archive entries into the (empty, caller-created) extraction folder, and enforces what
 * the names alone cannot: no duplicates, nothing written through a link, nothing overwritten.
 * One instance per extraction; it remembers what it created.
 */
import { closeSync, fchmodSync, futimesSync, openSync, writeSync } from 'node:fs';
import { lstat, mkdir, open, symlink, lutimes, chmod, utimes } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { EntryPath } from './entry-path.ts';
import { PipelinedWriter } from '../file-io.ts';

type Kind = 'file' | 'directory' | 'symlink';

/** Write in batches of about this size: decrypted chunks are small (64 KiB) and each write is a syscall. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/** Files up to this size are gathered in memory and written with synchronous calls. */
const SMALL_FILE_BYTES = 1024 * 1024;

/** Small files written between turns of the event loop. */
const SLICE_FILES = 256;

/** A chunk at least this large is written as it is, without gathering (no copy). */
const DIRECT_WRITE_BYTES = 256 * 1024;

/** A refusal to write an entry, with the entry's name and the reason in the message. */
export function refuseEntry(name: string, reason: string): SealdropError {
  return new SealdropError('unsafe-entry', `refused ${JSON.stringify(name)}: ${reason}`, { entry: name });
}

/** Maps a file system error while writing `name` to disk-full or io-failed. */
export function writeError(name: string, error: unknown): SealdropError {
  if (error instanceof SealdropError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  if (code === 'ENOSPC' || code === 'EDQUOT') {
    return new SealdropError('disk-full', `the disk is full: could not write ${JSON.stringify(name)}`, { entry: name }, { cause: error });
  }
  return new SealdropError('io-failed', `could not write ${JSON.stringify(name)} (${code})`, { entry: name, errno: code }, { cause: error });
}

/** The extraction folder and everything written into it so far. */
export class ExtractTarget {
  private readonly root: string;
  /** Entries the archive named explicitly, by normalized name. */
  private readonly claimed = new Map<string, Kind>();
  /** Folders known to be real folders we created (explicitly or as missing parents); '' is the root. */
  private readonly realFolders = new Set<string>(['']);
  /** Small files written since the event loop last had a turn. */
  private filesSinceYield = 0;
  /** Folder modes and times, applied last so a read-only folder does not block writing inside it. */
  private readonly folderFinish: { fullPath: string; depth: number; mode: number; mtime: Date }[] = [];

  constructor(root: string) {
    this.root = path.resolve(root);
  }

  /** Creates a folder entry; its mode and time are applied by finish(). */
  async directory(entry: EntryPath, name: string, mode: number, mtime: Date): Promise<void> {
    const implicit = this.realFolders.has(entry.key) && !this.claimed.has(entry.key);
    this.claim(entry, name, 'directory', implicit);
    await this.prepareParents(entry, name);
    const fullPath = this.fullPath(entry.segments);
    if (!implicit) {
      // 0o700 while extracting: we must be able to write inside even if the final mode forbids it.
      await mkdir(fullPath, { mode: 0o700 }).catch((error: unknown) => {
        throw isExists(error) ? refuseEntry(name, 'another entry already used this name (it may differ only in letter case)') : writeError(name, error);
      });
      this.realFolders.add(entry.key);
    }
    this.folderFinish.push({ fullPath, depth: entry.segments.length, mode, mtime });
  }

  /**
   * Writes a regular file entry with 'wx' (never overwriting); returns the number of bytes written.
   * `size` is the size the archive announces: small files are gathered and written synchronously.
   */
  async file(entry: EntryPath, name: string, mode: number, mtime: Date, data: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void, size = Infinity): Promise<number> {
    this.claim(entry, name, 'file', false);
    await this.prepareParents(entry, name);
    if (size <= SMALL_FILE_BYTES) return this.smallFile(name, this.fullPath(entry.segments), mode, mtime, data, onBytes);
    let handle: FileHandle;
    try {
      // 'wx' = O_CREAT|O_EXCL: fails on anything already there, including a link, which it never follows.
      handle = await open(this.fullPath(entry.segments), 'wx', 0o600);
    } catch (error) {
      throw isExists(error) ? refuseEntry(name, 'another entry already used this name (it may differ only in letter case)') : writeError(name, error);
    }
    try {
      const written = await writeBatched(handle, data, onBytes);
      // Through the open handle: no path lookup, and exact bits regardless of the umask.
      await handle.chmod(mode);
      // Setting a file's time now is final: later entries change their folder's time, never this file's.
      await handle.utimes(mtime, mtime);
      return written;
    } catch (error) {
      throw writeError(name, error);
    } finally {
      await handle.close();
    }
  }

  /**
   * A small file: gather its bytes, then create, write, chmod, touch and close it with synchronous
   * calls. Extracting 10,000 small files is bound by file-system round trips; a thread-pool hop per
   * call made it five times slower than `tar -x`. The event loop gets a turn every SLICE_FILES files.
   */
  private async smallFile(name: string, fullPath: string, mode: number, mtime: Date, data: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void): Promise<number> {
    const chunks: Uint8Array[] = [];
    let length = 0;
    for await (const chunk of data) {
      chunks.push(chunk);
      length += chunk.byteLength;
      onBytes(chunk.byteLength);
    }
    if (++this.filesSinceYield >= SLICE_FILES) {
      this.filesSinceYield = 0;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    let fd: number;
    try {
      // 'wx' = O_CREAT|O_EXCL: fails on anything already there, including a link, which it never follows.
      fd = openSync(fullPath, 'wx', 0o600);
    } catch (error) {
      throw isExists(error) ? refuseEntry(name, 'another entry already used this name (it may differ only in letter case)') : writeError(name, error);
    }
    try {
      for (const chunk of chunks) {
        let offset = 0;
        while (offset < chunk.byteLength) offset += writeSync(fd, chunk, offset, chunk.byteLength - offset);
      }
      // Through the descriptor: no path lookup, and exact bits regardless of the umask.
      fchmodSync(fd, mode);
      futimesSync(fd, mtime, mtime);
      return length;
    } catch (error) {
      throw writeError(name, error);
    } finally {
      closeSync(fd);
    }
  }

  /** Creates a symbolic link entry (its target was checked by the caller). */
  async symlink(entry: EntryPath, name: string, target: string, mtime: Date): Promise<void> {
    this.claim(entry, name, 'symlink', false);
    await this.prepareParents(entry, name);
    const fullPath = this.fullPath(entry.segments);
    try {
      await symlink(target, fullPath);
      await lutimes(fullPath, mtime, mtime);
    } catch (error) {
      throw isExists(error) ? refuseEntry(name, 'another entry already used this name (it may differ only in letter case)') : writeError(name, error);
    }
  }

  /** Applies folder modes and times, deepest first (a parent's mode may forbid entering it). */
  async finish(): Promise<void> {
    const folders = [...this.folderFinish].sort((left, right) => right.depth - left.depth);
    for (const folder of folders) {
      const name = path.relative(this.root, folder.fullPath);
      await chmod(folder.fullPath, folder.mode).catch((error: unknown) => {
        throw writeError(name, error);
      });
      await utimes(folder.fullPath, folder.mtime, folder.mtime).catch((error: unknown) => {
        throw writeError(name, error);
      });
    }
  }

  /** Records an explicit entry, refusing a second entry with the same normalized name. */
  private claim(entry: EntryPath, name: string, kind: Kind, implicitFolder: boolean): void {
    const earlier = this.claimed.get(entry.key);
    if (earlier !== undefined) return void refuseNow(name, `it appears twice in the archive (already a ${describe(earlier)})`);
    // A folder created for earlier entries ("a/x" before "a") may be named later, but only as a folder.
    if (!implicitFolder && this.realFolders.has(entry.key)) return void refuseNow(name, 'it appears twice in the archive (already a folder)');
    this.claimed.set(entry.key, kind);
  }

  /** Makes sure every parent is a real folder we created, creating missing ones; never goes through a link. */
  private async prepareParents(entry: EntryPath, name: string): Promise<void> {
    for (let depth = 1; depth < entry.segments.length; depth++) {
      const key = entry.segments.slice(0, depth).join('/');
      if (this.realFolders.has(key)) continue;
      const kind = this.claimed.get(key);
      if (kind === 'symlink') throw refuseEntry(name, `it would be written through the symbolic link ${JSON.stringify(key)}`);
      if (kind === 'file') throw refuseEntry(name, `it would be written inside ${JSON.stringify(key)}, which is a file`);
      await this.createParent(key, entry.segments.slice(0, depth), name);
    }
  }

  private async createParent(key: string, segments: readonly string[], name: string): Promise<void> {
    const fullPath = this.fullPath(segments);
    try {
      await mkdir(fullPath, { mode: 0o755 });
    } catch (error) {
      if (!isExists(error)) throw writeError(name, error);
      // Something is there that we did not record under this spelling: on a case-insensitive or
      // Unicode-normalizing file system, "A" and "a" are one name. Only a real folder is acceptable.
      const stats = await lstat(fullPath).catch((lstatError: unknown) => {
        throw writeError(name, lstatError);
      });
      if (stats.isSymbolicLink()) throw refuseEntry(name, `it would be written through the symbolic link ${JSON.stringify(key)}`);
      if (!stats.isDirectory()) throw refuseEntry(name, `it would be written inside ${JSON.stringify(key)}, which is not a folder`);
    }
    this.realFolders.add(key);
  }

  private fullPath(segments: readonly string[]): string {
    return path.join(this.root, ...segments);
  }
}

/**
 * Writes all chunks with several writes in flight (PipelinedWriter); small chunks are gathered first so
 * each write is a large one. Chunks are views of freshly decrypted buffers, never reused, so handing
 * them to a pending write is safe. Returns the byte count.
 */
async function writeBatched(handle: FileHandle, data: AsyncIterable<Uint8Array>, onBytes: (bytes: number) => void): Promise<number> {
  const writer = new PipelinedWriter(handle);
  let small: Uint8Array[] = [];
  let smallBytes = 0;
  const flushSmall = async (): Promise<void> => {
    if (smallBytes === 0) return;
    await writer.write(small.length === 1 ? (small[0] as Uint8Array) : Buffer.concat(small, smallBytes));
    small = [];
    smallBytes = 0;
  };
  for await (const chunk of data) {
    if (chunk.byteLength >= DIRECT_WRITE_BYTES) {
      await flushSmall();
      await writer.write(chunk);
    } else {
      small.push(chunk);
      smallBytes += chunk.byteLength;
      if (smallBytes >= WRITE_BATCH_BYTES) await flushSmall();
    }
    onBytes(chunk.byteLength);
  }
  await flushSmall();
  await writer.finish();
  return writer.bytesWritten;
}

function refuseNow(name: string, reason: string): never {
  throw refuseEntry(name, reason);
}

function describe(kind: Kind): string {
  return kind === 'directory' ? 'folder' : kind === 'symlink' ? 'symbolic link' : 'file';
}

function isExists(error: unknown): boolean {
  return (error as NodeJS.ErrnoException).code === 'EEXIST';
}
