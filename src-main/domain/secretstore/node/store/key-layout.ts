// The node database's key layout. Keys are ASCII so that LevelDB's bytewise order is the order we
// want, and every kind of record lives under its own prefix so one range read finds exactly it:
//   share!<document id, 64 lowercase hex>                 → encrypted KeyShareRecord
//   acl!<document id>                                     → AclRecord (public, signed by the author)
//   audit!<document id>!<time, 16 hex>!<sequence, 20 hex> → AuditEntry
//   meta!<name>                                           → store bookkeeping (key check, open count)
// Fixed-width hex makes string order equal numeric order, so audit reads come back in time order.
// '!' (0x21) separates; '"' (0x22) is the first character after it, so `prefix"` bounds a range.
import { SealdropError } from '../../../../../src-shared/errors.ts';

/** Length of a document id in bytes. */
export const DOCUMENT_ID_LENGTH = 32;

const SHARE_PREFIX = 'share!';
const ACL_PREFIX = 'acl!';
const AUDIT_PREFIX = 'audit!';

/** Holds a value encrypted under the storage key, so a wrong key is noticed at open, not on first read. */
export const KEY_CHECK_KEY = 'meta!key-check';
/** How many times the store was opened; makes audit sequence numbers unique across restarts. */
export const OPEN_COUNT_KEY = 'meta!open-count';

/** A range of database keys: every key k with gt < k < lt. */
export type KeyRange = { gt: string; lt: string };

/** 64 lowercase hex of a 32-byte document id; anything else is the caller's bug ('bad-argument'). */
export function documentIdHex(documentId: Uint8Array): string {
  if (!(documentId instanceof Uint8Array) || documentId.length !== DOCUMENT_ID_LENGTH) {
    throw new SealdropError('bad-argument', `A document id must be ${DOCUMENT_ID_LENGTH} bytes.`);
  }
  return Buffer.from(documentId.buffer, documentId.byteOffset, documentId.length).toString('hex');
}

/** A document id for people and logs: 0x-prefixed hex (public, never secret). */
export function describeDocumentId(documentId: Uint8Array): string {
  return `0x${documentIdHex(documentId)}`;
}

/** The key of a document's encrypted key share record; also its AEAD associated data. */
export function shareKey(documentId: Uint8Array): string {
  return SHARE_PREFIX + documentIdHex(documentId);
}

/** The key of a document's ACL record. */
export function aclKey(documentId: Uint8Array): string {
  return ACL_PREFIX + documentIdHex(documentId);
}

/** The key of one audit entry; `sequence` breaks ties between entries of the same millisecond. */
export function auditKey(documentId: Uint8Array, time: number, sequence: bigint): string {
  if (!Number.isSafeInteger(time) || time < 0) throw new SealdropError('bad-argument', 'An audit time must be a non-negative integer (ms).');
  if (sequence < 0n || sequence >= 1n << 80n) throw new SealdropError('bad-argument', 'An audit sequence number is out of range.');
  return `${auditPrefix(documentId)}${time.toString(16).padStart(16, '0')}!${sequence.toString(16).padStart(20, '0')}`;
}

/** Every share record. */
export function shareRange(): KeyRange {
  return prefixRange(SHARE_PREFIX);
}

/** Every audit entry of one document, optionally from `since` (ms, inclusive) on. */
export function auditRange(documentId: Uint8Array, since = 0): KeyRange {
  const prefix = auditPrefix(documentId);
  if (!Number.isSafeInteger(since) || since < 0) throw new SealdropError('bad-argument', 'An audit start time must be a non-negative integer (ms).');
  // Every key of time `since` sorts after `<prefix><time>` alone (it continues with "!"), so
  // `gt` that string includes them and excludes all earlier times.
  return { gt: prefix + since.toString(16).padStart(16, '0'), lt: prefix.slice(0, -1) + '"' };
}

/** The document id named by a share record key; a key of any other shape is 'storage-tampered'. */
export function documentIdFromShareKey(key: string): Uint8Array {
  const hex = key.slice(SHARE_PREFIX.length);
  if (!key.startsWith(SHARE_PREFIX) || !/^[0-9a-f]{64}$/.test(hex)) {
    throw new SealdropError('storage-tampered', 'The key database holds a malformed share record key: it was changed or corrupted on disk.');
  }
  return Uint8Array.from(Buffer.from(hex, 'hex'));
}

/** The time (ms) encoded in an audit key; a malformed key is 'storage-tampered'. */
export function timeFromAuditKey(key: string, documentId: Uint8Array): number {
  const match = /^([0-9a-f]{16})![0-9a-f]{20}$/.exec(key.slice(auditPrefix(documentId).length));
  const time = match?.[1] === undefined ? NaN : Number.parseInt(match[1], 16);
  if (!key.startsWith(auditPrefix(documentId)) || !Number.isSafeInteger(time)) {
    throw new SealdropError('storage-tampered', `An audit entry key of document ${describeDocumentId(documentId)} is malformed: it was changed or corrupted on disk.`, {
      documentId: describeDocumentId(documentId),
    });
  }
  return time;
}

function auditPrefix(documentId: Uint8Array): string {
  return `${AUDIT_PREFIX}${documentIdHex(documentId)}!`;
}

function prefixRange(prefix: string): KeyRange {
  return { gt: prefix, lt: prefix.slice(0, -1) + '"' };
}
