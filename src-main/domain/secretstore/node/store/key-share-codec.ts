// Deterministic binary encoding of a KeyShareRecord (the plaintext that record-cipher.ts encrypts).
// Binary rather than JSON: every field has a fixed width, so the decoder can be exact, and the secret
// share lives only in byte arrays that can be wiped, never in an immutable JS hex string.
// Layout, version 1 (integers big-endian):
//   documentId 32 ‖ threshold u32 ‖ author 20 ‖ serverKey 64 ‖ share 32 ‖ createdAt u64
//   ‖ holder count u16 ‖ per holder: node 64 ‖ identifier 32 ‖ publicShare 64
//   ‖ document key flag u8 (0 = none, 1 = set) ‖ if set: commonPoint 64 ‖ encryptedPoint 64
// The format version is the sealed value's first byte (record-cipher.ts).
import { SealdropError } from '../../../../../src-shared/errors.ts';
import type { KeyHolder, KeyShareRecord, StoredDocumentKey } from '../records.ts';
import { ByteReader, ByteWriter, sameBytes } from './byte-codec.ts';
import { describeDocumentId, DOCUMENT_ID_LENGTH } from './key-layout.ts';

const ADDRESS_LENGTH = 20;
const POINT_LENGTH = 64;
const SCALAR_LENGTH = 32;
/** More holders than a u16 can count is not a network we support. */
const MAX_HOLDERS = 0xffff;

/** Encodes a record; a field of the wrong shape is 'bad-argument'. The result holds the share: wipe it. */
export function encodeKeyShareRecord(record: KeyShareRecord): Uint8Array {
  const writer = new ByteWriter();
  writer.bytes(record.documentId, DOCUMENT_ID_LENGTH, 'documentId');
  checkThreshold(record.threshold, record.holders.length, (reason) => {
    throw new SealdropError('bad-argument', reason);
  });
  writer.u32(record.threshold, 'threshold');
  writer.bytes(record.author, ADDRESS_LENGTH, 'author');
  writer.bytes(record.serverKey, POINT_LENGTH, 'serverKey');
  writer.bytes(record.share, SCALAR_LENGTH, 'share');
  writer.u64(record.createdAt, 'createdAt');
  writer.u16(record.holders.length, 'holder count');
  for (const holder of record.holders) writeHolder(writer, holder);
  writeDocumentKey(writer, record.documentKey);
  return writer.finish();
}

/** Decodes a record of `documentId`; any deviation from the layout is 'storage-tampered'. */
export function decodeKeyShareRecord(bytes: Uint8Array, documentId: Uint8Array): KeyShareRecord {
  const name = describeDocumentId(documentId);
  const reader = new ByteReader(bytes, `The key share of document ${name}`, { documentId: name });
  const storedId = reader.bytes(DOCUMENT_ID_LENGTH);
  // The AEAD already binds the database key; this catches a record encoded for another id by a bug.
  if (!sameBytes(storedId, documentId)) reader.fail('it names another document id');
  const threshold = reader.u32();
  const author = reader.bytes(ADDRESS_LENGTH);
  const serverKey = reader.bytes(POINT_LENGTH);
  const share = reader.bytes(SCALAR_LENGTH);
  const createdAt = reader.u64();
  const holderCount = reader.u16();
  const holders: KeyHolder[] = [];
  for (let index = 0; index < holderCount; index++) holders.push(readHolder(reader));
  const documentKey = readDocumentKey(reader);
  reader.end();
  checkThreshold(threshold, holders.length, (reason) => reader.fail(reason));
  return { documentId: storedId, threshold, author, serverKey, holders, share, documentKey, createdAt };
}

/** 0 <= t < n: t+1 holders must be able to answer (DESIGN §3). */
function checkThreshold(threshold: number, holders: number, fail: (reason: string) => never): void {
  if (holders < 1 || holders > MAX_HOLDERS) fail(`a key share record needs 1 to ${MAX_HOLDERS} holders`);
  if (!Number.isSafeInteger(threshold) || threshold < 0 || threshold >= holders) fail('the threshold must satisfy 0 <= t < holder count');
}

function writeHolder(writer: ByteWriter, holder: KeyHolder): void {
  writer.bytes(holder.node, POINT_LENGTH, 'holder node');
  // The identifier is kept as hex in memory (records.ts) but as 32 bytes here; only lowercase hex
  // round-trips exactly, so anything else is refused rather than silently normalized.
  if (typeof holder.identifier !== 'string' || !/^[0-9a-f]{64}$/.test(holder.identifier)) {
    throw new SealdropError('bad-argument', 'A holder identifier must be 64 lowercase hex characters.');
  }
  writer.bytes(Uint8Array.from(Buffer.from(holder.identifier, 'hex')), SCALAR_LENGTH, 'holder identifier');
  writer.bytes(holder.publicShare, POINT_LENGTH, 'holder publicShare');
}

function readHolder(reader: ByteReader): KeyHolder {
  const node = reader.bytes(POINT_LENGTH);
  const identifier = Buffer.from(reader.bytes(SCALAR_LENGTH)).toString('hex');
  const publicShare = reader.bytes(POINT_LENGTH);
  return { node, identifier, publicShare };
}

function writeDocumentKey(writer: ByteWriter, documentKey: StoredDocumentKey | null): void {
  if (documentKey === null) {
    writer.u8(0, 'document key flag');
    return;
  }
  writer.u8(1, 'document key flag');
  writer.bytes(documentKey.commonPoint, POINT_LENGTH, 'commonPoint');
  writer.bytes(documentKey.encryptedPoint, POINT_LENGTH, 'encryptedPoint');
}

function readDocumentKey(reader: ByteReader): StoredDocumentKey | null {
  const flag = reader.u8();
  if (flag === 0) return null;
  if (flag !== 1) reader.fail('unknown document key flag');
  return { commonPoint: reader.bytes(POINT_LENGTH), encryptedPoint: reader.bytes(POINT_LENGTH) };
}
