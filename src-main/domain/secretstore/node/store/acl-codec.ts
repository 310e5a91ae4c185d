// Binary encoding of an owner-signed ACL record (docs/PROTOCOL.md §6) as the node stores it. Not
// encrypted: the record is public and signed by the author. Its signature is checked by the ACL
// module before it is stored; here the bytes are only decoded strictly, so damage on disk is
// reported as 'storage-tampered' instead of being read as a different reader list.
// Layout, version 1 (integers big-endian):
//   0x01 ‖ documentId 32 ‖ version u64 ‖ reader count u16 ‖ readers 20 each (sorted, distinct)
//   ‖ signature 65
import { SealdropError } from '../../../../../src-shared/errors.ts';
import type { AclRecord } from '../records.ts';
import { ByteReader, ByteWriter, sameBytes } from './byte-codec.ts';
import { describeDocumentId, DOCUMENT_ID_LENGTH } from './key-layout.ts';

const ACL_FORMAT_VERSION = 0x01;
const ADDRESS_LENGTH = 20;
const SIGNATURE_LENGTH = 65;

/** Encodes an ACL record; a malformed field or an unsorted/duplicate reader list is 'bad-argument'. */
export function encodeAclRecord(record: AclRecord): Uint8Array {
  const writer = new ByteWriter();
  writer.u8(ACL_FORMAT_VERSION, 'format version');
  writer.bytes(record.documentId, DOCUMENT_ID_LENGTH, 'documentId');
  writer.u64(record.version, 'ACL version');
  writer.u16(record.readers.length, 'reader count');
  for (const reader of record.readers) writer.bytes(reader, ADDRESS_LENGTH, 'reader address');
  // The signature covers the sorted list (PROTOCOL §6); keeping that invariant in storage means a
  // record read back verifies exactly as it did when it was accepted.
  if (!strictlySorted(record.readers)) throw new SealdropError('bad-argument', 'ACL readers must be sorted bytewise with no duplicates.');
  writer.bytes(record.signature, SIGNATURE_LENGTH, 'ACL signature');
  return writer.finish();
}

/** Decodes the stored ACL record of `documentId`; any deviation from the layout is 'storage-tampered'. */
export function decodeAclRecord(bytes: Uint8Array, documentId: Uint8Array): AclRecord {
  const name = describeDocumentId(documentId);
  const reader = new ByteReader(bytes, `The ACL record of document ${name}`, { documentId: name });
  if (reader.u8() !== ACL_FORMAT_VERSION) reader.fail('unknown format version');
  const storedId = reader.bytes(DOCUMENT_ID_LENGTH);
  if (!sameBytes(storedId, documentId)) reader.fail('it names another document id');
  const version = reader.u64();
  const count = reader.u16();
  const readers: Uint8Array[] = [];
  for (let index = 0; index < count; index++) readers.push(reader.bytes(ADDRESS_LENGTH));
  if (!strictlySorted(readers)) reader.fail('readers are not sorted and distinct');
  const signature = reader.bytes(SIGNATURE_LENGTH);
  reader.end();
  return { documentId: storedId, version, readers, signature };
}

/** True when every address is bytewise greater than the one before it. */
function strictlySorted(addresses: Uint8Array[]): boolean {
  for (let index = 1; index < addresses.length; index++) {
    const previous = addresses[index - 1];
    const current = addresses[index];
    if (previous === undefined || current === undefined || Buffer.compare(previous, current) >= 0) return false;
  }
  return true;
}
