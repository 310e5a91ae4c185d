/** The shape of vectors.json, shared by the generator (scripts/make-format-vectors.ts) and the test. */

/** What the test expects to find after opening, per relative path ('' = the output itself). */
export interface ExpectedEntry {
  readonly type: 'file' | 'directory' | 'symlink';
  /** Octal permission bits; absent for links (meaningless on Linux) and plain-age outputs. */
  readonly mode?: string;
  /** Whole seconds; absent where opening does not set it (plain-age outputs). */
  readonly mtime?: number;
  readonly size?: number;
  readonly sha256?: string;
  readonly target?: string;
}
