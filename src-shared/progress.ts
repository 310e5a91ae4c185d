/** Progress of a long operation (sealing, opening), as the CLI and the UI draw it. */
export interface Progress {
  /** What is happening now, for people: "packing", "encrypting", "verifying". */
  readonly step: string;
  /** Payload bytes done so far (plaintext file contents). */
  readonly bytesDone: number;
  /** Total payload bytes, when known. */
  readonly bytesTotal: number | null;
  /** Entries (files, folders, links) done so far. */
  readonly entriesDone: number;
  /** Total entries, when known. */
  readonly entriesTotal: number | null;
}

/** Receives progress updates; called often, so it must be cheap. */
export type ProgressListener = (progress: Progress) => void;
