// The owner-signed ACL record (docs/PROTOCOL.md §6): digest, signature, JSON codec and the retrieval
// policy a node applies.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { concat, getBytes, keccak256, toUtf8Bytes, toBeHex, zeroPadValue } from 'ethers';
import { OwnerSignedPolicy } from '../../../src-main/domain/secretstore/acl/owner-signed-policy.ts';
import {
  aclDigest,
  aclRecordFromJson,
  aclRecordToJson,
  acceptAclUpdate,
  decideRetrieval,
  newestValidRecord,
  signAclRecord,
  verifyAclRecord,
} from '../../../src-main/domain/secretstore/acl/owner-signed-record.ts';
import { addressFromPublic } from '../../../src-main/domain/secretstore/math/address.ts';
import { hexFromBytes, publicFromSecret, randomScalar, secretFromScalar } from '../../../src-main/domain/secretstore/math/encoding.ts';
import type { AclRecord } from '../../../src-main/domain/secretstore/node/records.ts';

function newIdentity(): { secret: Uint8Array; address: Uint8Array } {
  const secret = secretFromScalar(randomScalar());
  return { secret, address: addressFromPublic(publicFromSecret(secret)) };
}

const owner = newIdentity();
const bob = newIdentity();
const carol = newIdentity();
const documentId = new Uint8Array(32).fill(0xd0);
const addressB = new Uint8Array(20).fill(0xbb);
const addressA = new Uint8Array(20).fill(0xaa);

describe('owner-signed ACL record', () => {
  test('the digest is keccak256("sealdrop/v1/acl" ‖ id ‖ u64be(version) ‖ sorted readers)', () => {
    const expected = keccak256(concat([toUtf8Bytes('sealdrop/v1/acl'), documentId, zeroPadValue(toBeHex(3), 8), addressA, addressB]));
    assert.equal(`0x${hexFromBytes(aclDigest(documentId, 3, [addressB, addressA, addressB]))}`, expected);
    // Reader order and repetition do not change what is signed; the version and the set do.
    assert.deepEqual(aclDigest(documentId, 3, [addressA, addressB]), getBytes(expected));
    assert.notDeepEqual(aclDigest(documentId, 4, [addressA, addressB]), getBytes(expected));
    assert.notDeepEqual(aclDigest(documentId, 3, [addressA]), getBytes(expected));
  });

  test('signing normalises the readers and the record verifies against the author only', () => {
    const record = signAclRecord(owner.secret, documentId, 3, [carol.address, bob.address, carol.address]);
    assert.equal(record.readers.length, 2);
    assert.ok(Buffer.compare(record.readers[0] as Uint8Array, record.readers[1] as Uint8Array) < 0);
    assert.equal(verifyAclRecord(record, owner.address), true);
    assert.equal(verifyAclRecord(record, bob.address), false);
  });

  test('any change to a signed record is detected', () => {
    const record = signAclRecord(owner.secret, documentId, 3, [bob.address]);
    const variants: AclRecord[] = [
      { ...record, version: 4 },
      { ...record, readers: [bob.address, carol.address].sort(Buffer.compare) },
      { ...record, readers: [] },
      { ...record, documentId: new Uint8Array(32) },
      { ...record, signature: Uint8Array.from(record.signature, (byte, index) => (index === 5 ? byte ^ 1 : byte)) },
      { ...record, signature: record.signature.subarray(0, 64) },
      { ...record, version: -1 },
      { ...record, version: 1.5 },
    ];
    for (const variant of variants) assert.equal(verifyAclRecord(variant, owner.address), false);
  });

  test('an unsorted or repeated reader list is not a valid record even when the set was signed', () => {
    const record = signAclRecord(owner.secret, documentId, 1, [bob.address, carol.address]);
    assert.equal(verifyAclRecord({ ...record, readers: [...record.readers].reverse() }, owner.address), false);
    assert.equal(verifyAclRecord({ ...record, readers: [...record.readers, record.readers[1] as Uint8Array] }, owner.address), false);
  });

  test('signing refuses more than 1000 readers, a bad version and a bad document id', () => {
    const many = Array.from({ length: 1001 }, (_, i) => Uint8Array.from({ length: 20 }, (_, j) => (j < 2 ? (i >> (8 * j)) & 0xff : 0)));
    assert.throws(() => signAclRecord(owner.secret, documentId, 1, many), { code: 'bad-argument' });
    assert.equal(signAclRecord(owner.secret, documentId, 1, many.slice(0, 1000)).readers.length, 1000);
    assert.throws(() => signAclRecord(owner.secret, documentId, -1, []), { code: 'bad-argument' });
    assert.throws(() => signAclRecord(owner.secret, documentId, 2 ** 53, []), { code: 'bad-argument' });
    assert.throws(() => signAclRecord(owner.secret, new Uint8Array(31), 1, []), { code: 'bad-argument' });
    assert.throws(() => signAclRecord(owner.secret, documentId, 1, [new Uint8Array(19)]), { code: 'bad-argument' });
  });
});

describe('ACL record JSON', () => {
  const record = signAclRecord(owner.secret, documentId, 7, [bob.address, carol.address]);

  test('round-trips in lowercase 0x hex and accepts upper case on input', () => {
    const json = aclRecordToJson(record);
    assert.match(json.signature, /^0x[0-9a-f]{130}$/);
    assert.deepEqual(aclRecordFromJson(JSON.parse(JSON.stringify(json))), record);
    const shouted = { ...json, readers: json.readers.map((r) => `0x${r.slice(2).toUpperCase()}`), documentId: json.documentId.toUpperCase().replace('0X', '0x') };
    assert.deepEqual(aclRecordFromJson(shouted), record);
    assert.equal(verifyAclRecord(aclRecordFromJson(shouted), owner.address), true);
  });

  test('refuses wrong lengths, missing 0x, bad versions, unknown fields, unsorted readers and too many readers', () => {
    const json = aclRecordToJson(record);
    const bad: unknown[] = [
      null,
      'record',
      { ...json, documentId: json.documentId.slice(0, -2) },
      { ...json, documentId: json.documentId.slice(2) },
      { ...json, signature: `${json.signature}00` },
      { ...json, readers: [`${json.readers[0]}0`] },
      { ...json, readers: 'x' },
      { ...json, readers: [...json.readers].reverse() },
      { ...json, readers: [json.readers[0], json.readers[0]] },
      { ...json, readers: Array.from({ length: 1001 }, (_, i) => `0x${i.toString(16).padStart(40, '0')}`) },
      { ...json, version: -1 },
      { ...json, version: 1.5 },
      { ...json, version: '7' },
      { ...json, version: 2 ** 53 },
      { ...json, extra: true },
      { documentId: json.documentId, version: 7, readers: json.readers },
    ];
    for (const value of bad) assert.throws(() => aclRecordFromJson(value), { code: 'request-invalid' }, JSON.stringify(value)?.slice(0, 80));
  });
});

describe('retrieval decision', () => {
  const record = signAclRecord(owner.secret, documentId, 3, [bob.address]);

  test('the owner is always allowed, with or without a record', () => {
    assert.deepEqual(decideRetrieval({ requester: owner.address, author: owner.address, record: null }), { allowed: true, reason: 'the owner' });
    assert.equal(decideRetrieval({ requester: owner.address, author: owner.address, record: signAclRecord(owner.secret, documentId, 4, []) }).allowed, true);
  });

  test('a reader on the list is allowed; anyone else is refused with a reason', () => {
    assert.deepEqual(decideRetrieval({ requester: bob.address, author: owner.address, record }), { allowed: true, reason: "granted by the owner's access list v3" });
    assert.deepEqual(decideRetrieval({ requester: carol.address, author: owner.address, record }), { allowed: false, reason: "not on the owner's access list v3" });
    assert.deepEqual(decideRetrieval({ requester: bob.address, author: owner.address, record: null }), { allowed: false, reason: 'no access list: only the owner' });
  });

  test('a record not signed by the author grants nothing (fail closed)', () => {
    const forged = signAclRecord(carol.secret, documentId, 9, [carol.address]);
    assert.equal(decideRetrieval({ requester: carol.address, author: owner.address, record: forged }).allowed, false);
  });

  test('a node accepts only newer records signed by the author for this document', () => {
    const newer = signAclRecord(owner.secret, documentId, 4, []);
    assert.equal(acceptAclUpdate({ documentId, author: owner.address, current: record, candidate: newer }), newer);
    assert.equal(acceptAclUpdate({ documentId, author: owner.address, current: null, candidate: record }), record);
    assert.throws(() => acceptAclUpdate({ documentId, author: owner.address, current: newer, candidate: record }), { code: 'acl-stale' });
    assert.throws(() => acceptAclUpdate({ documentId, author: owner.address, current: record, candidate: record }), { code: 'acl-stale' });
    const forged = signAclRecord(bob.secret, documentId, 9, [bob.address]);
    assert.throws(() => acceptAclUpdate({ documentId, author: owner.address, current: record, candidate: forged }), { code: 'access-denied' });
    assert.throws(() => acceptAclUpdate({ documentId: new Uint8Array(32), author: owner.address, current: null, candidate: record }), { code: 'request-invalid' });
  });

  test('a client takes the newest valid record among what nodes return', () => {
    const newer = signAclRecord(owner.secret, documentId, 5, []);
    const forged = signAclRecord(bob.secret, documentId, 99, [bob.address]);
    const otherDocument = signAclRecord(owner.secret, new Uint8Array(32), 50, []);
    assert.equal(newestValidRecord([record, null, forged, newer, otherDocument], documentId, owner.address), newer);
    assert.equal(newestValidRecord([null, forged], documentId, owner.address), null);
  });

  test('the OwnerSignedPolicy backend reads the kept record and decides', async () => {
    const kept = new Map([[hexFromBytes(documentId), record]]);
    const policy = new OwnerSignedPolicy({ getAcl: async (id) => kept.get(hexFromBytes(id)) ?? null });
    assert.equal((await policy.mayRetrieve(bob.address, documentId, owner.address)).allowed, true);
    assert.equal((await policy.mayRetrieve(carol.address, documentId, owner.address)).allowed, false);
    assert.deepEqual(await policy.mayRetrieve(bob.address, new Uint8Array(32), owner.address), { allowed: false, reason: 'no access list: only the owner' });
    // A record filed under the wrong id (storage mix-up) does not grant access to this document.
    const misfiled = new OwnerSignedPolicy({ getAcl: async () => record });
    assert.equal((await misfiled.mayRetrieve(bob.address, new Uint8Array(32).fill(1), owner.address)).allowed, false);
  });
});
