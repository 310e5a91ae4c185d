// The owner-signed ACL record (docs/PROTOCOL.md §6, DESIGN §4 "owner-signed"): the key's author signs
// a versioned list of readers; nodes keep the newest valid one. No chain is needed, and a node cannot
// grant access on its own because it cannot forge the author's signature.
//
//   digest    = keccak256("sealdrop/v1/acl" ‖ documentId (32) ‖ u64be(version) ‖ readers (20 each,
//               sorted bytewise, distinct))
//   signature = recoverable ECDSA over the digest, r‖s‖v (65 bytes, low-S, v ∈ {0, 1})
//
// JSON form, as `GET/PUT /v1/acl/{id}` carry it, written in lowercase hex (PROTOCOL §1), read in any case:
//   { "documentId": "0x<64 hex>", "version": 3, "readers": ["0x<40 hex>", …], "signature": "0x<130 hex>" }
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { ADDRESS_LENGTH, addressFromPublic } from '../math/address.ts';
import { bytesFromHex, hexFromBytes } from '../math/encoding.ts';
import { bytesEqual, RECOVERABLE_SIGNATURE_LENGTH, recoverDigestSigner, signDigest } from '../math/recoverable-signature.ts';
import { DOCUMENT_ID_LENGTH } from '../math/requester-signature.ts';
import type { AclRecord } from '../node/records.ts';
import type { RetrievalDecision } from './access-policy.ts';

/** Domain label at the start of every ACL digest. */
export const ACL_LABEL = 'sealdrop/v1/acl';
/** Most readers one record may name (bounds request size and signing work). */
export const MAX_ACL_READERS = 1000;

const LABEL_BYTES = utf8ToBytes(ACL_LABEL);

/** Bytewise order of two equal-length byte strings (the order readers are signed in). */
export function compareBytes(a: Uint8Array, b: Uint8Array): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** Readers sorted bytewise without duplicates (copies; the input is not changed). */
export function normalizeReaders(readers: readonly Uint8Array[]): Uint8Array[] {
  const sorted = readers.map((reader) => Uint8Array.from(reader)).sort(compareBytes);
  return sorted.filter((reader, index) => index === 0 || compareBytes(sorted[index - 1] as Uint8Array, reader) !== 0);
}

/** True iff `readers` are 20-byte addresses in strictly increasing bytewise order. */
export function isCanonicalReaderList(readers: readonly Uint8Array[]): boolean {
  return readers.every((reader, index) => reader.length === ADDRESS_LENGTH && (index === 0 || compareBytes(readers[index - 1] as Uint8Array, reader) < 0));
}

function checkFields(documentId: Uint8Array, version: number, readers: readonly Uint8Array[]): void {
  if (documentId.length !== DOCUMENT_ID_LENGTH) throw new SealdropError('bad-argument', 'A document id is 32 bytes.');
  if (!Number.isSafeInteger(version) || version < 0) throw new SealdropError('bad-argument', 'An access list version is a non-negative integer.');
  if (readers.length > MAX_ACL_READERS) throw new SealdropError('bad-argument', `An access list names at most ${MAX_ACL_READERS} readers.`);
  if (readers.some((reader) => reader.length !== ADDRESS_LENGTH)) throw new SealdropError('bad-argument', 'A reader is a 20-byte address.');
}

/**
 * The 32-byte digest the author signs (PROTOCOL §6). Readers are normalised (sorted, deduplicated)
 * first, so the digest names the set of readers, not the order a caller happened to list them in.
 */
export function aclDigest(documentId: Uint8Array, version: number, readers: readonly Uint8Array[]): Uint8Array {
  checkFields(documentId, version, readers);
  const versionBytes = new Uint8Array(8);
  new DataView(versionBytes.buffer).setBigUint64(0, BigInt(version));
  return keccak_256(concatBytes(LABEL_BYTES, documentId, versionBytes, ...normalizeReaders(readers)));
}

/** Signs an access list with the author's 32-byte secret; the record's readers are sorted and distinct. */
export function signAclRecord(authorSecret: Uint8Array, documentId: Uint8Array, version: number, readers: readonly Uint8Array[]): AclRecord {
  const normalized = normalizeReaders(readers);
  return {
    documentId: Uint8Array.from(documentId),
    version,
    readers: normalized,
    signature: signDigest(authorSecret, aclDigest(documentId, version, normalized)),
  };
}

/**
 * True iff the record is well formed, its readers are in canonical order and it is signed by the
 * 20-byte `authorAddress`. False (never a throw) for anything else: a node simply refuses it.
 */
export function verifyAclRecord(record: AclRecord, authorAddress: Uint8Array): boolean {
  if (authorAddress.length !== ADDRESS_LENGTH || record.signature.length !== RECOVERABLE_SIGNATURE_LENGTH) return false;
  // One encoding per record: an unsorted or repeated list would sign the same set under other bytes.
  if (!isCanonicalReaderList(record.readers)) return false;
  let digest: Uint8Array;
  try {
    digest = aclDigest(record.documentId, record.version, record.readers);
  } catch {
    // A malformed field (length, version range, too many readers) is not a valid record.
    return false;
  }
  const signer = recoverDigestSigner(record.signature, digest);
  return signer !== null && bytesEqual(addressFromPublic(signer), authorAddress);
}

/** `0x` + exactly 2·bytes hex digits. */
function hexField(bytes: number) {
  return z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`), `expected 0x and ${bytes * 2} hex digits`);
}

/** zod schema of the JSON record; unknown fields are refused (the record is signed data). */
export const AclRecordJsonSchema = z.strictObject({
  documentId: hexField(32),
  // zod 4's int() admits safe integers only.
  version: z.number().int().min(0),
  readers: z.array(hexField(20)).max(MAX_ACL_READERS),
  signature: hexField(65),
});

/** The JSON record as it travels. */
export type AclRecordJson = z.infer<typeof AclRecordJsonSchema>;

function fromHexField(text: string, length: number, what: string): Uint8Array {
  return bytesFromHex(text.slice(2), length, what);
}

/** Encodes a record as JSON data (lowercase `0x` hex). */
export function aclRecordToJson(record: AclRecord): AclRecordJson {
  return {
    documentId: `0x${hexFromBytes(record.documentId)}`,
    version: record.version,
    readers: record.readers.map((reader) => `0x${hexFromBytes(reader)}`),
    signature: `0x${hexFromBytes(record.signature)}`,
  };
}

/** Parses outside data into a record; 'request-invalid' for a wrong shape or readers not sorted and distinct. */
export function aclRecordFromJson(value: unknown): AclRecord {
  const parsed = AclRecordJsonSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined || issue.path.length === 0 ? 'record' : issue.path.join('.');
    throw new SealdropError('request-invalid', `The access list record is malformed (${where}: ${issue?.message ?? 'invalid'}).`, { field: where });
  }
  const json = parsed.data;
  const readers = json.readers.map((reader) => fromHexField(reader, 20, 'A reader'));
  if (!isCanonicalReaderList(readers)) {
    throw new SealdropError('request-invalid', 'The access list readers must be sorted and distinct.', { field: 'readers' });
  }
  return {
    documentId: fromHexField(json.documentId, 32, 'A document id'),
    version: json.version,
    readers,
    signature: fromHexField(json.signature, 65, 'A signature'),
  };
}

/** What a node knows when it decides a retrieval: who asks, the key's author, and the record it keeps. */
export type RetrievalFacts = {
  /** 20-byte address recovered from the requester's signature. */
  requester: Uint8Array;
  /** 20-byte address of the key's author. */
  author: Uint8Array;
  /** The newest record the node keeps for this document, or null when it has none. */
  record: AclRecord | null;
};

/**
 * The owner-signed policy (PROTOCOL §6): the author may always retrieve; anyone else only when named
 * in a record the author signed. The record's signature is checked again here so that a record that
 * slipped into storage unverified denies instead of granting (fail closed).
 */
export function decideRetrieval(facts: RetrievalFacts): RetrievalDecision {
  const { requester, author, record } = facts;
  if (requester.length !== ADDRESS_LENGTH || author.length !== ADDRESS_LENGTH) {
    throw new SealdropError('bad-argument', 'The requester and the author are 20-byte addresses.');
  }
  if (bytesEqual(requester, author)) return { allowed: true, reason: 'the owner' };
  if (record === null) return { allowed: false, reason: 'no access list: only the owner' };
  if (!verifyAclRecord(record, author)) return { allowed: false, reason: 'the access list is not signed by the owner: only the owner' };
  if (record.readers.some((reader) => bytesEqual(reader, requester))) {
    return { allowed: true, reason: `granted by the owner's access list v${record.version}` };
  }
  return { allowed: false, reason: `not on the owner's access list v${record.version}` };
}

/**
 * What `PUT /v1/acl/{id}` does with an offered record: 'request-invalid' when it names another
 * document, 'access-denied' when the key's author did not sign it, 'acl-stale' when it is not newer
 * than the record kept. Returns the record to keep.
 */
export function acceptAclUpdate(offer: { documentId: Uint8Array; author: Uint8Array; current: AclRecord | null; candidate: AclRecord }): AclRecord {
  const { documentId, author, current, candidate } = offer;
  if (!bytesEqual(candidate.documentId, documentId)) {
    throw new SealdropError('request-invalid', 'The access list record names another document.');
  }
  if (!verifyAclRecord(candidate, author)) {
    throw new SealdropError('access-denied', 'The access list record is not signed by the owner of this key.');
  }
  if (current !== null && candidate.version <= current.version) {
    throw new SealdropError('acl-stale', `This node already keeps access list v${current.version}; send a newer version.`, {
      kept: current.version,
      offered: candidate.version,
    });
  }
  return candidate;
}

/** The newest of `records` signed by `author` for `documentId` (what a client trusts from many nodes), or null. */
export function newestValidRecord(records: readonly (AclRecord | null)[], documentId: Uint8Array, author: Uint8Array): AclRecord | null {
  let newest: AclRecord | null = null;
  for (const record of records) {
    if (record === null || !bytesEqual(record.documentId, documentId) || !verifyAclRecord(record, author)) continue;
    if (newest === null || record.version > newest.version) newest = record;
  }
  return newest;
}
