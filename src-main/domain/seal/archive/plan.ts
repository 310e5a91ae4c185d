/**
 * Plans an archive: walks the dropped files and folders (lstat only, never following links) and lists
 * what will be packed, in a stable order, with what is left out and why.
 */
// Synchronous lstat/readdir: planning a folder of 10,000 files is bound by round trips, and a promise
// per call costs a thread-pool hop each; walk() yields to the event loop every few hundred entries.
import { lstatSync, readdirSync, readlinkSync } from 'node:fs';
import type { Stats } from 'node:fs';
import path from 'node:path';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { checkEntryName, compareNames, entryName, linkTargetProblem } from './entry-path.ts';

/** One thing to pack. */
export interface PlanEntry {
  /** Name inside the archive: forward slashes, starting with the dropped item's basename. */
  readonly name: string;
  /** Where it is on disk. */
  readonly sourcePath: string;
  readonly type: 'file' | 'directory' | 'symlink';
  /** File size in bytes; 0 for folders and links. */
  readonly size: number;
  /** Permission bits only (0o777): never owners, never setuid/setgid/sticky. */
  readonly mode: number;
  readonly mtime: Date;
  /** The link target as stored, for symlinks; null otherwise. */
  readonly linkTarget: string | null;
}

/** Something found while walking that will not be packed. */
export interface SkippedEntry {
  readonly name: string;
  readonly sourcePath: string;
  /** Why, for people: "it links to the absolute path ...". */
  readonly reason: string;
}

/** Counts the packer announces in the manifest and uses for progress. */
export interface PlanTotals {
  readonly entries: number;
  readonly files: number;
  readonly totalBytes: number;
}

/** What packArchive will write, in order. */
export interface ArchivePlan {
  readonly entries: readonly PlanEntry[];
  readonly skipped: readonly SkippedEntry[];
  readonly totals: PlanTotals;
}

const PERMISSION_BITS = 0o777;

/** How many entries the walk plans between pauses for the event loop. */
const YIELD_EVERY_ENTRIES = 512;

/** Walks the given paths into an archive plan; each becomes a top-level entry named by its basename. */
export async function planArchive(paths: readonly string[]): Promise<ArchivePlan> {
  if (paths.length === 0) throw new SealdropError('bad-argument', 'nothing to pack: no files or folders were given');
  const roots = topLevelItems(paths);
  const entries: PlanEntry[] = [];
  const skipped: SkippedEntry[] = [];
  for (const root of roots) {
    const stats = await lstatInput(root.sourcePath);
    await walk({ segments: [root.name], sourcePath: root.sourcePath, stats }, entries, skipped);
  }
  const files = entries.filter((entry) => entry.type === 'file');
  const totalBytes = files.reduce((sum, entry) => sum + entry.size, 0);
  return { entries, skipped, totals: { entries: entries.length, files: files.length, totalBytes } };
}

interface Found {
  readonly segments: readonly string[];
  readonly sourcePath: string;
  readonly stats: Stats;
}

/** Resolves inputs, names them by basename, refuses clashes, and sorts them by name. */
function topLevelItems(paths: readonly string[]): { name: string; sourcePath: string }[] {
  const byName = new Map<string, string>();
  for (const given of paths) {
    const sourcePath = path.resolve(given);
    const name = path.basename(sourcePath);
    if (name === '') throw new SealdropError('bad-argument', `cannot pack "${given}": it has no name (a filesystem root)`, { path: given });
    const earlier = byName.get(name);
    // Two inputs named alike would become the same archive entry; refuse rather than guess.
    if (earlier !== undefined) {
      throw new SealdropError('bad-argument', `"${earlier}" and "${sourcePath}" would both be stored as "${name}"`, { path: sourcePath, name });
    }
    byName.set(name, sourcePath);
  }
  return [...byName].map(([name, sourcePath]) => ({ name, sourcePath })).sort((left, right) => compareNames(left.name, right.name));
}

async function lstatInput(sourcePath: string): Promise<Stats> {
  try {
    return lstatSync(sourcePath);
  } catch (error) {
    throw inputError(sourcePath, error);
  }
}

/** Depth-first, each folder before its contents, so an extractor can create folders as it goes. */
async function walk(found: Found, entries: PlanEntry[], skipped: SkippedEntry[]): Promise<void> {
  const name = entryName(found.segments);
  const skip = (reason: string): void => {
    skipped.push({ name, sourcePath: found.sourcePath, reason });
  };
  const nameCheck = checkEntryName(name);
  // Why: a name our own extractor would refuse (e.g. with a backslash) must not make the archive unopenable.
  if (!nameCheck.ok) return skip(nameCheck.reason);
  const base = { name, sourcePath: found.sourcePath, mode: found.stats.mode & PERMISSION_BITS, mtime: found.stats.mtime };
  if (found.stats.isFile()) {
    entries.push({ ...base, type: 'file', size: found.stats.size, linkTarget: null });
    return;
  }
  if (found.stats.isSymbolicLink()) {
    const linkTarget = await readLinkInput(found.sourcePath);
    // The tree a link must stay in is its own dropped item (depth 1): other items may come from elsewhere.
    const problem = linkTargetProblem(found.segments, linkTarget, 1);
    if (problem !== null) return skip(problem);
    entries.push({ ...base, type: 'symlink', size: 0, linkTarget });
    return;
  }
  if (!found.stats.isDirectory()) return skip(`it is a ${specialKind(found.stats)}, which is not packed`);
  entries.push({ ...base, type: 'directory', size: 0, linkTarget: null });
  for (const child of await readFolder(found.sourcePath)) {
    // Let the event loop breathe (progress, cancel, a UI) during long synchronous walks.
    if (entries.length % YIELD_EVERY_ENTRIES === 0) await new Promise<void>((resolve) => setImmediate(resolve));
    const sourcePath = path.join(found.sourcePath, child);
    const stats = await lstatChild(sourcePath);
    if (stats === null) {
      skipped.push({ name: `${name}/${child}`, sourcePath, reason: 'it vanished while the folder was read, or its name is not valid UTF-8' });
      continue;
    }
    await walk({ segments: [...found.segments, child], sourcePath, stats }, entries, skipped);
  }
}

async function readFolder(sourcePath: string): Promise<string[]> {
  try {
    return readdirSync(sourcePath).sort(compareNames);
  } catch (error) {
    throw inputError(sourcePath, error);
  }
}

async function readLinkInput(sourcePath: string): Promise<string> {
  try {
    return readlinkSync(sourcePath);
  } catch (error) {
    throw inputError(sourcePath, error);
  }
}

/** lstat for a folder member; null when it disappeared between readdir and lstat. */
async function lstatChild(sourcePath: string): Promise<Stats | null> {
  try {
    return lstatSync(sourcePath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw inputError(sourcePath, error);
  }
}

function specialKind(stats: Stats): string {
  if (stats.isSocket()) return 'socket';
  if (stats.isFIFO()) return 'named pipe (FIFO)';
  if (stats.isCharacterDevice()) return 'character device';
  if (stats.isBlockDevice()) return 'block device';
  return 'special file';
}

function inputError(sourcePath: string, error: unknown): SealdropError {
  const code = (error as NodeJS.ErrnoException).code ?? 'unknown';
  const why = code === 'ENOENT' ? 'does not exist' : code === 'EACCES' || code === 'EPERM' ? 'cannot be read (permission denied)' : `cannot be read (${code})`;
  return new SealdropError('input-not-found', `"${sourcePath}" ${why}`, { path: sourcePath }, { cause: error });
}
