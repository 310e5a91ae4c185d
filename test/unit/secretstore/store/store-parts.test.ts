// The store's parts on their own: storage key derivation, the at-rest cipher, the record codecs,
// the key layout's ordering, the per-key lock and the LevelDB error translation.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { decodeAclRecord, encodeAclRecord } from '../../../../src-main/domain/secretstore/node/store/acl-codec.ts';
import { decodeAuditEntry, encodeAuditEntry } from '../../../../src-main/domain/secretstore/node/store/audit-codec.ts';
import { KeyedLock } from '../../../../src-main/domain/secretstore/node/store/key-lock.ts';
import { auditKey, documentIdFromShareKey, shareKey } from '../../../../src-main/domain/secretstore/node/store/key-layout.ts';
import { decodeKeyShareRecord, encodeKeyShareRecord } from '../../../../src-main/domain/secretstore/node/store/key-share-codec.ts';
import { translateLevelError } from '../../../../src-main/domain/secretstore/node/store/level-errors.ts';
import { openValue, sealValue } from '../../../../src-main/domain/secretstore/node/store/record-cipher.ts';
import { deriveStorageKey } from '../../../../src-main/domain/secretstore/node/store/storage-key.ts';
import { aclOf, auditOf, bytesOf, documentIdOf, documentKeyOf, keyShareOf } from './fixtures.ts';

describe('storage key', () => {
  test('is HKDF-SHA-256 of the node secret with empty salt and the PROTOCOL §8 info', () => {
    const secret = bytesOf('node secret', 32);
    const expected = hkdf(sha256, secret, new Uint8Array(0), new TextEncoder().encode('sealdrop/v1/share-storage'), 32);
    assert.deepEqual(deriveStorageKey(secret), expected);
    assert.notDeepEqual(deriveStorageKey(bytesOf('other secret', 32)), expected);
    assert.throws(() => deriveStorageKey(new Uint8Array(31)), { code: 'key-invalid' });
  });
});

describe('at-rest cipher', () => {
  const key = bytesOf('storage key', 32);
  const plaintext = bytesOf('plaintext', 100);
  const details = { documentId: '0x00' };

  test('opens under the same key and database key, with a fresh nonce on every write', () => {
    const first = sealValue(key, 'share!aa', plaintext);
    const second = sealValue(key, 'share!aa', plaintext);
    assert.equal(first[0], 0x01);
    assert.notDeepEqual(first.subarray(1, 13), second.subarray(1, 13));
    assert.deepEqual(openValue(key, 'share!aa', first, 'The record', details), plaintext);
  });

  test('refuses another database key (the AAD), another storage key, an unknown version and a short value', () => {
    const sealed = sealValue(key, 'share!aa', plaintext);
    assert.throws(() => openValue(key, 'share!bb', sealed, 'The record', details), { code: 'storage-tampered', message: /fails authentication/ });
    assert.throws(() => openValue(bytesOf('other key', 32), 'share!aa', sealed, 'The record', details), { code: 'storage-tampered' });
    const versioned = Uint8Array.from(sealed);
    versioned[0] = 2;
    assert.throws(() => openValue(key, 'share!aa', versioned, 'The record', details), { code: 'storage-tampered', message: /format version 2/ });
    assert.throws(() => openValue(key, 'share!aa', sealed.subarray(0, 28), 'The record', details), { code: 'storage-tampered', message: /cut short/ });
  });
});

describe('record codecs', () => {
  test('every record type round-trips exactly', () => {
    const withKey = { ...keyShareOf(1), documentKey: documentKeyOf(1) };
    assert.deepEqual(decodeKeyShareRecord(encodeKeyShareRecord(withKey), documentIdOf(1)), withKey);
    assert.deepEqual(decodeAclRecord(encodeAclRecord(aclOf(1, 7, 3)), documentIdOf(1)), aclOf(1, 7, 3));
    assert.deepEqual(decodeAclRecord(encodeAclRecord(aclOf(1, 0, 0)), documentIdOf(1)), aclOf(1, 0, 0));
    const entry = auditOf(1, 1234, 'denied: not in the owner’s ACL v3 ✓');
    assert.deepEqual(decodeAuditEntry(encodeAuditEntry(entry), documentIdOf(1), 1234), entry);
  });

  test('encoding is deterministic', () => {
    assert.deepEqual(encodeKeyShareRecord(keyShareOf(2)), encodeKeyShareRecord(keyShareOf(2)));
  });

  test('a trailing byte, a cut-short record, another document id or a bad flag is storage-tampered', () => {
    const bytes = encodeKeyShareRecord(keyShareOf(3));
    assert.throws(() => decodeKeyShareRecord(Uint8Array.from([...bytes, 0]), documentIdOf(3)), { code: 'storage-tampered', message: /trailing/ });
    assert.throws(() => decodeKeyShareRecord(bytes.subarray(0, bytes.length - 1), documentIdOf(3)), { code: 'storage-tampered', message: /cut short/ });
    assert.throws(() => decodeKeyShareRecord(bytes, documentIdOf(4)), { code: 'storage-tampered', message: /another document id/ });
    const flagged = Uint8Array.from(bytes);
    flagged[flagged.length - 1] = 2;
    assert.throws(() => decodeKeyShareRecord(flagged, documentIdOf(3)), { code: 'storage-tampered', message: /document key flag/ });
    const invalidText = encodeAuditEntry(auditOf(3, 10, 'ab'));
    invalidText[invalidText.length - 1] = 0xff;
    assert.throws(() => decodeAuditEntry(invalidText, documentIdOf(3), 10), { code: 'storage-tampered', message: /UTF-8/ });
  });

  test('the error names the document but never carries the share', () => {
    const bytes = encodeKeyShareRecord(keyShareOf(5));
    try {
      decodeKeyShareRecord(bytes.subarray(0, 200), documentIdOf(5));
      assert.fail('decoded a cut-short record');
    } catch (error) {
      const text = JSON.stringify({ message: (error as Error).message, details: (error as { details?: unknown }).details });
      assert.match(text, new RegExp(Buffer.from(documentIdOf(5)).toString('hex')));
      assert.doesNotMatch(text, new RegExp(Buffer.from(keyShareOf(5).share).toString('hex')));
    }
  });
});

describe('key layout', () => {
  test('audit keys sort by numeric time, then sequence', () => {
    const id = documentIdOf(1);
    const keys = [auditKey(id, 0x10, 0n), auditKey(id, 0xf, 5n), auditKey(id, 0x100, 0n), auditKey(id, 0x10, 1n)];
    assert.deepEqual([...keys].sort(), [keys[1], keys[0], keys[3], keys[2]]);
  });

  test('a share key gives its document id back; a malformed one is storage-tampered', () => {
    assert.deepEqual(documentIdFromShareKey(shareKey(documentIdOf(2))), documentIdOf(2));
    assert.throws(() => documentIdFromShareKey('share!' + 'A'.repeat(64)), { code: 'storage-tampered' });
    assert.throws(() => documentIdFromShareKey('share!abc'), { code: 'storage-tampered' });
  });
});

describe('per-key lock', () => {
  test('serializes work under one key, runs other keys in parallel, survives a failure and drains', async () => {
    const lock = new KeyedLock();
    const events: string[] = [];
    const job = (name: string, ms: number, fail = false) => async (): Promise<string> => {
      events.push(`start ${name}`);
      await sleep(ms);
      events.push(`end ${name}`);
      if (fail) throw new Error(name);
      return name;
    };
    const results = await Promise.allSettled([lock.run('a', job('a1', 20, true)), lock.run('a', job('a2', 1)), lock.run('b', job('b1', 5))]);
    assert.deepEqual(
      results.map((r) => r.status),
      ['rejected', 'fulfilled', 'fulfilled'],
    );
    assert.ok(events.indexOf('end a1') < events.indexOf('start a2'), events.join(', '));
    assert.ok(events.indexOf('end b1') < events.indexOf('end a1'), events.join(', '));
    await sleep(0);
    assert.equal(lock.busyKeys, 0);
  });
});

describe('LevelDB error translation', () => {
  const fail = (code: string, message: string, wrapped = false): unknown => {
    const inner = Object.assign(new Error(message), { code });
    return wrapped ? Object.assign(new Error('Database failed to open'), { code: 'LEVEL_DATABASE_NOT_OPEN', cause: inner }) : inner;
  };

  test('corruption is storage-tampered, a full disk is disk-full, other I/O is io-failed', () => {
    assert.equal(translateLevelError(fail('LEVEL_CORRUPTION', 'Corruption: bad block', true), 'opening', '/d').code, 'storage-tampered');
    assert.equal(translateLevelError(fail('LEVEL_IO_ERROR', 'IO error: /d/000005.log: No space left on device'), 'writing', '/d').code, 'disk-full');
    assert.equal(translateLevelError(fail('LEVEL_IO_ERROR', 'IO error: /d/MANIFEST-000002: Permission denied', true), 'opening', '/d').code, 'io-failed');
    assert.equal(translateLevelError(fail('LEVEL_LOCKED', 'lock held', true), 'opening', '/d').code, 'io-failed');
  });
});
