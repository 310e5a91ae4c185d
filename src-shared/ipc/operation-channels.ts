// Channels of the two long operations, sealing and opening. A start call answers at once with an
// operation id; progress arrives as `progress` events, the outcome as an `operation:done` event
// (and from `operation:status`, for a window that was reloaded meanwhile); cancel stops it and
// leaves nothing behind. Events travel apart from answers: keep them by operation id, since one may
// arrive before the start call's answer does.
import { z } from 'zod';
import {
  MAX_ADDRESSES,
  MAX_LIST_ITEMS,
  MAX_PATHS,
  address,
  ageRecipient,
  count,
  id32,
  ipcError,
  nodeFailure,
  operationId,
  passphrase,
  pathString,
  text,
  threshold,
} from './primitives.ts';

/** Progress of an operation: the step in words, bytes, rate, time left, entries, key holders. */
export const progress = z.strictObject({
  operationId,
  kind: z.enum(['seal', 'open']),
  /** "asking the key holders to create the key", "asking key holders for the key 1/2", "encrypting". */
  step: text,
  bytesDone: count,
  bytesTotal: count.nullable(),
  /** Bytes per second, once measurable. */
  rate: z.number().min(0).nullable(),
  /** Seconds left, when the total and a rate are known. */
  eta: z.number().min(0).nullable(),
  entriesDone: count,
  entriesTotal: count.nullable(),
  /** Key holders that answered validly / are needed / exist; null outside key-holder steps. */
  keyHolders: z.strictObject({ answered: count, needed: count, total: count }).nullable(),
});

/** Something left out while sealing, and why. */
const skipped = z.strictObject({ name: text, reason: text });

/** What sealing produced. */
export const sealResult = z.strictObject({
  file: pathString,
  entries: count,
  files: count,
  bytesIn: count,
  bytesOut: count,
  seconds: z.number().min(0),
  skipped: z.array(skipped).max(MAX_LIST_ITEMS),
  /** The network document, or null when sealed to age recipients only. */
  document: z
    .strictObject({ documentId: id32, network: id32, threshold, recipients: z.array(address).max(MAX_ADDRESSES) })
    .nullable(),
  /** A short text to send along with the file. */
  message: z.string().max(2000),
  /**
   * A re-seal: the document it replaces, whether the old file was stopped (everyone revoked), and what
   * went wrong after the new file was written (it exists either way).
   */
  resealed: z.strictObject({ fromDocumentId: id32, oldFileStopped: z.boolean(), problems: z.array(text).max(16) }).nullable(),
});

/** What opening produced. */
export const openResult = z.strictObject({
  output: pathString,
  kind: z.enum(['folder', 'file']),
  entries: count,
  files: count,
  bytes: count,
  seconds: z.number().min(0),
  /** Which key holders released the key, and which were ignored and why (null: no network). */
  keyHolders: z.strictObject({ answered: z.array(text).max(256), ignored: z.array(nodeFailure).max(256) }).nullable(),
});

const state = z.enum(['running', 'succeeded', 'failed', 'cancelled']);

/** Channels seal:plan|start|reseal|cancel, open:inspect|start|cancel, operation:status. */
export const OPERATION_CHANNELS = {
  /** What dropping these paths would seal: counts and size, what would be left out. */
  'seal:plan': {
    request: z.strictObject({ paths: z.array(pathString).min(1).max(MAX_PATHS) }),
    response: z.strictObject({ entries: count, files: count, bytes: count, names: z.array(text).max(MAX_PATHS), skipped: z.array(skipped).max(MAX_LIST_ITEMS) }),
  },
  /**
   * Seals `paths` into `<outputFolder>/<fileName or first name>.sealdrop`: to the network (default:
   * the default network) for the owner and `recipients`, plus optional offline age recipients.
   */
  'seal:start': {
    request: z.strictObject({
      paths: z.array(pathString).min(1).max(MAX_PATHS),
      recipients: z.array(address).max(MAX_ADDRESSES),
      network: id32.optional(),
      threshold: threshold.optional(),
      ageRecipients: z.array(ageRecipient).max(MAX_ADDRESSES).optional(),
      outputFolder: pathString,
      fileName: z.string().min(1).max(255).regex(/^[^/\\\0]+$/, 'must be a file name, not a path').optional(),
    }),
    response: z.strictObject({ operationId }),
  },
  /**
   * Re-seals a document sealed from this computer under a new key: the same contents, streamed from
   * its .sealdrop file into a new one next to it (or in `outputFolder`), for `recipients` (default:
   * who may open it now). `stopOldFile` then revokes everyone on the old document, so copies of the
   * old file stop opening. A seal operation: progress, `operation:done`, `seal:cancel`.
   */
  'seal:reseal': {
    request: z.strictObject({
      documentId: id32,
      recipients: z.array(address).max(MAX_ADDRESSES).optional(),
      stopOldFile: z.boolean(),
      outputFolder: pathString.optional(),
    }),
    response: z.strictObject({ operationId }),
  },
  'seal:cancel': { request: z.strictObject({ operationId }), response: z.strictObject({ cancelled: z.boolean() }) },
  /** Who and what a sealed file names, without opening it (and the owner, when the network answers). */
  'open:inspect': {
    request: z.strictObject({ file: pathString }),
    response: z.strictObject({
      file: pathString,
      size: count,
      /** Sealed to a key server network (a Sealdrop stanza). */
      sealedToNetwork: z.boolean(),
      /** Sealed with a passphrase (the open call must carry it). */
      needsPassphrase: z.boolean(),
      /** Offline age recipients it is also sealed for. */
      ageRecipients: count,
      documentId: id32.nullable(),
      threshold: threshold.nullable(),
      network: z.strictObject({ id: id32, known: z.boolean(), name: text.nullable() }).nullable(),
      /** The key's owner as t+1 key holders agree; null when not sealed to a network or unreachable. */
      owner: address.nullable(),
      /** Why the owner is not known (network unknown or unreachable); null otherwise. */
      ownerProblem: text.nullable(),
      stanzas: z.array(z.strictObject({ type: z.string().max(100), args: z.array(z.string().max(200)).max(10) })).max(100),
    }),
  },
  /** Opens `file` into a new folder in `outputFolder` (never overwriting). */
  'open:start': {
    request: z.strictObject({ file: pathString, outputFolder: pathString, passphrase: passphrase.optional() }),
    response: z.strictObject({ operationId }),
  },
  'open:cancel': { request: z.strictObject({ operationId }), response: z.strictObject({ cancelled: z.boolean() }) },
  /** Where an operation stands; finished ones are kept for a while. */
  'operation:status': {
    request: z.strictObject({ operationId }),
    response: z.strictObject({
      operationId,
      kind: z.enum(['seal', 'open']),
      state,
      progress: progress.nullable(),
      seal: sealResult.nullable(),
      open: openResult.nullable(),
      error: ipcError.nullable(),
    }),
  },
} as const;

/** The outcome event of an operation. */
export const operationDone = z.discriminatedUnion('kind', [
  z.strictObject({
    operationId,
    kind: z.literal('seal'),
    result: z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true), value: sealResult }), z.strictObject({ ok: z.literal(false), error: ipcError })]),
  }),
  z.strictObject({
    operationId,
    kind: z.literal('open'),
    result: z.discriminatedUnion('ok', [z.strictObject({ ok: z.literal(true), value: openResult }), z.strictObject({ ok: z.literal(false), error: ipcError })]),
  }),
]);
