/**
 * The path rules an archive entry must follow, shared by packing (so we never produce an archive our own
 * extractor would refuse) and extraction (where the rules are the security boundary).
 * Pure string logic: no file system access here.
 */

/** An entry name split into safe segments; `key` is the normalized name used to spot duplicates. */
export interface EntryPath {
  readonly segments: readonly string[];
  readonly key: string;
}

/** The outcome of checking a name: either a safe path or the reason it is refused, for people. */
export type EntryPathCheck = { readonly ok: true; readonly path: EntryPath } | { readonly ok: false; readonly reason: string };

/**
 * Splits a tar entry name into segments, refusing anything that could land outside the target folder.
 * `.` segments and repeated or trailing slashes are dropped (GNU tar writes `./x` for `tar -C dir .`);
 * a name that is only `.` or `./` yields zero segments (the target folder itself).
 */
export function checkEntryName(name: string): EntryPathCheck {
  if (name.length === 0) return refuse('it has an empty name');
  if (name.includes('\0')) return refuse('its name contains a NUL character');
  // A backslash is an ordinary character on POSIX, but a separator on Windows: `..\x` would escape there.
  if (name.includes('\\')) return refuse('its name contains a backslash');
  if (name.startsWith('/')) return refuse('it has an absolute path');
  const segments = name.split('/').filter((segment) => segment !== '' && segment !== '.');
  if (segments.includes('..')) return refuse('it would be written outside the folder');
  return { ok: true, path: { segments, key: segments.join('/') } };
}

/**
 * Checks a symbolic link target, read as a path relative to the folder holding the link.
 * `linkSegments` are the link's own segments; `rootDepth` is how many leading segments form the tree the
 * target must stay in (0 = the whole extraction folder, 1 = the dropped top-level item).
 * Returns the reason to refuse, or null when the target is safe.
 */
export function linkTargetProblem(linkSegments: readonly string[], target: string, rootDepth: number): string | null {
  if (target.length === 0) return 'its link target is empty';
  if (target.includes('\0')) return 'its link target contains a NUL character';
  if (target.includes('\\')) return 'its link target contains a backslash';
  if (target.startsWith('/')) return `it links to the absolute path "${target}"`;
  const parts = target.split('/').filter((part) => part !== '' && part !== '.');
  // Where the link lives: its parent folder, as segments.
  const resolved = linkSegments.slice(0, -1);
  // A dropped link itself (no folder around it) points at its neighbours on disk, never inside the drop.
  if (resolved.length < rootDepth) return `it is a link to "${target}", outside what was dropped`;
  let descended = false;
  for (const part of parts) {
    if (part !== '..') {
      resolved.push(part);
      descended = true;
      continue;
    }
    // Why: `a/..` is only lexically a no-op. If `a` is itself a link (say to `.`), the kernel resolves
    // `a/..` physically, which can climb above the folder although the text looks harmless. Leading `..`
    // segments are safe because the link's own parent folders are real folders (we never write through links).
    if (descended) return `its link target "${target}" goes down and back up with "..", which cannot be checked safely`;
    if (resolved.length <= rootDepth) return `its link target "${target}" points outside the folder`;
    resolved.pop();
  }
  return null;
}

/** Joins segments into the forward-slash name stored in the archive. */
export function entryName(segments: readonly string[]): string {
  return segments.join('/');
}

/** Compares two names by their UTF-8 bytes, so the archive order is the same on every platform. */
export function compareNames(left: string, right: string): number {
  return Buffer.compare(Buffer.from(left, 'utf8'), Buffer.from(right, 'utf8'));
}

function refuse(reason: string): EntryPathCheck {
  return { ok: false, reason };
}
