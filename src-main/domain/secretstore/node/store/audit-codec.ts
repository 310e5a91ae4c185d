// Binary encoding of one audit entry (docs/PROTOCOL.md §7). Not encrypted: the log is shown to the
// key's author and holds no secret. The value repeats the document id and time that its database key
// also carries, and the reader cross-checks them, so an entry moved under another key is refused.
// Layout, version 1 (integers big-endian):
//   0x01 ‖ documentId 32 ‖ requester 20 ‖ time u64 ‖ allowed u8 (0/1) ‖ route u8 (1 partial, 2 shadow)
//   ‖ reason (u16 length ‖ UTF-8, at most 1024 bytes)
import { SealdropError } from '../../../../../src-shared/errors.ts';
import type { AuditEntry } from '../records.ts';
import { ByteReader, ByteWriter, sameBytes } from './byte-codec.ts';
import { describeDocumentId, DOCUMENT_ID_LENGTH } from './key-layout.ts';

const AUDIT_FORMAT_VERSION = 0x01;
const ADDRESS_LENGTH = 20;
/** Reasons are short sentences; the cap keeps one requester from filling the disk through them. */
export const MAX_REASON_BYTES = 1024;
const ROUTE_CODES = { partial: 1, shadow: 2 } as const;

/** Encodes an audit entry; a malformed field is 'bad-argument'. */
export function encodeAuditEntry(entry: AuditEntry): Uint8Array {
  const writer = new ByteWriter();
  writer.u8(AUDIT_FORMAT_VERSION, 'format version');
  writer.bytes(entry.documentId, DOCUMENT_ID_LENGTH, 'documentId');
  writer.bytes(entry.requester, ADDRESS_LENGTH, 'requester');
  writer.u64(entry.time, 'time');
  if (typeof entry.allowed !== 'boolean') throw new SealdropError('bad-argument', 'allowed must be true or false.');
  writer.u8(entry.allowed ? 1 : 0, 'allowed');
  const route = ROUTE_CODES[entry.route];
  if (route === undefined) throw new SealdropError('bad-argument', "route must be 'partial' or 'shadow'.");
  writer.u8(route, 'route');
  writer.text(entry.reason, MAX_REASON_BYTES, 'reason');
  return writer.finish();
}

/** Decodes an audit entry stored under a key of `documentId` and `keyTime`; deviations are 'storage-tampered'. */
export function decodeAuditEntry(bytes: Uint8Array, documentId: Uint8Array, keyTime: number): AuditEntry {
  const name = describeDocumentId(documentId);
  const reader = new ByteReader(bytes, `An audit entry of document ${name}`, { documentId: name });
  if (reader.u8() !== AUDIT_FORMAT_VERSION) reader.fail('unknown format version');
  const storedId = reader.bytes(DOCUMENT_ID_LENGTH);
  if (!sameBytes(storedId, documentId)) reader.fail('it names another document id');
  const requester = reader.bytes(ADDRESS_LENGTH);
  const time = reader.u64();
  if (time !== keyTime) reader.fail('its time differs from its position in the log');
  const allowedByte = reader.u8();
  if (allowedByte > 1) reader.fail('unknown allowed flag');
  const routeByte = reader.u8();
  const route = routeByte === ROUTE_CODES.partial ? 'partial' : routeByte === ROUTE_CODES.shadow ? 'shadow' : reader.fail('unknown route');
  const reason = reader.text(MAX_REASON_BYTES);
  reader.end();
  return { documentId: storedId, requester, time, allowed: allowedByte === 1, reason, route };
}
