// What an attacker or a failing disk can do to the database folder, and what the store says about
// it: every change to stored bytes is 'storage-tampered', and the share never sits on disk in clear.
import assert from 'node:assert/strict';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, test } from 'node:test';
import { aclKey, auditRange, KEY_CHECK_KEY, shareKey } from '../../../../src-main/domain/secretstore/node/store/key-layout.ts';
import { openNodeStore, type NodeStore } from '../../../../src-main/domain/secretstore/node/store/node-store.ts';
import { aclOf, auditOf, documentIdOf, documentKeyOf, filesContaining, keyShareOf, storageKeyOf, withRawDatabase, withStoreDir } from './fixtures.ts';

const storageKey = storageKeyOf('a');

async function withStore<T>(dir: string, body: (store: NodeStore) => Promise<T>, key = storageKey): Promise<T> {
  const store = await openNodeStore({ directory: dir, storageKey: key });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

/** Writes one record through the store, then closes it so the raw handle can take the folder. */
async function storeOne(dir: string, index: number): Promise<void> {
  await withStore(dir, (store) => store.putKey(keyShareOf(index)));
}

describe('encrypted key shares', () => {
  test('another storage key is refused at open, and per record when the key check is gone', async () => {
    await withStoreDir(async (dir) => {
      await storeOne(dir, 1);
      await assert.rejects(openNodeStore({ directory: dir, storageKey: storageKeyOf('b') }), { code: 'storage-tampered', message: /another node key/ });
      // The refusal released the folder: the right key still opens it.
      await withStore(dir, async (store) => assert.deepEqual(await store.getKey(documentIdOf(1)), keyShareOf(1)));
      await withRawDatabase(dir, (db) => db.del(KEY_CHECK_KEY));
      await withStore(dir, (store) => assert.rejects(store.getKey(documentIdOf(1)), { code: 'storage-tampered' }), storageKeyOf('b'));
    });
  });

  test('one flipped bit anywhere in a stored share (version, nonce, ciphertext, tag) is refused', async () => {
    await withStoreDir(async (dir) => {
      await storeOne(dir, 2);
      const original = await withRawDatabase(dir, async (db) => (await db.get(shareKey(documentIdOf(2)))) ?? assert.fail('no stored share'));
      for (const position of [0, 5, 20, 60, original.length - 1]) {
        const altered = Uint8Array.from(original);
        altered[position] = (altered[position] ?? 0) ^ 0x04;
        await withRawDatabase(dir, (db) => db.put(shareKey(documentIdOf(2)), altered));
        await withStore(dir, async (store) => {
          await assert.rejects(store.getKey(documentIdOf(2)), (error: Error & { code?: string; details?: Record<string, unknown> }) => {
            assert.equal(error.code, 'storage-tampered');
            assert.equal(error.details?.documentId, `0x${Buffer.from(documentIdOf(2)).toString('hex')}`);
            assert.match(error.message, /0x[0-9a-f]{64}/);
            return true;
          });
          // Setting the document key reads the record first, so it fails the same way.
          await assert.rejects(store.setDocumentKey(documentIdOf(2), documentKeyOf(2)), { code: 'storage-tampered' });
        });
      }
      // The untouched bytes still open: the refusals above were caused by the flipped bit.
      await withRawDatabase(dir, (db) => db.put(shareKey(documentIdOf(2)), original));
      await withStore(dir, async (store) => assert.deepEqual(await store.getKey(documentIdOf(2)), keyShareOf(2)));
    });
  });

  test('a share copied under another document id does not open there', async () => {
    await withStoreDir(async (dir) => {
      await storeOne(dir, 3);
      await withRawDatabase(dir, async (db) => {
        const sealed = (await db.get(shareKey(documentIdOf(3)))) ?? assert.fail('no stored share');
        await db.put(shareKey(documentIdOf(4)), sealed);
      });
      await withStore(dir, async (store) => {
        await assert.rejects(store.getKey(documentIdOf(4)), { code: 'storage-tampered' });
        assert.deepEqual(await store.getKey(documentIdOf(3)), keyShareOf(3));
      });
    });
  });

  test('the secret share never appears in clear in any database file, before or after compaction', async () => {
    await withStoreDir(async (dir) => {
      const indices = [10, 11, 12, 13];
      await withStore(dir, async (store) => {
        for (const index of indices) await store.putKey(keyShareOf(index));
        await store.setDocumentKey(documentIdOf(10), documentKeyOf(10));
      });
      const scan = async (): Promise<void> => {
        for (const index of indices) {
          const share = keyShareOf(index).share;
          assert.deepEqual(await filesContaining(dir, share), [], `share ${index} in clear`);
          assert.deepEqual(await filesContaining(dir, Buffer.from(Buffer.from(share).toString('hex'))), [], `share ${index} as hex`);
          // The public server key is stored encrypted too; finding it would mean the scan is blind.
          assert.deepEqual(await filesContaining(dir, keyShareOf(index).serverKey), []);
        }
      };
      await scan();
      await withRawDatabase(dir, (db) => db.compactRange('\u0000', '\u00ff'));
      assert.ok((await readdir(dir)).some((name) => name.endsWith('.ldb')), 'compaction wrote a table file');
      await scan();
      // Sanity check of the scanner: public ACL bytes, stored in clear, are found.
      await withStore(dir, (store) => store.putAcl(aclOf(10, 1)));
      assert.notDeepEqual(await filesContaining(dir, aclOf(10, 1).signature), []);
    });
  });
});

describe('public records', () => {
  test('a cut-short, extended or re-homed ACL record is refused', async () => {
    await withStoreDir(async (dir) => {
      await withStore(dir, (store) => store.putAcl(aclOf(20, 1)));
      const original = await withRawDatabase(dir, async (db) => (await db.get(aclKey(documentIdOf(20)))) ?? assert.fail('no ACL'));
      const variants = [original.subarray(0, original.length - 1), Uint8Array.from([...original, 0])];
      for (const variant of variants) {
        await withRawDatabase(dir, (db) => db.put(aclKey(documentIdOf(20)), variant));
        await withStore(dir, async (store) => {
          await assert.rejects(store.getAcl(documentIdOf(20)), { code: 'storage-tampered' });
          // A newer record cannot be accepted over an unreadable one (the version check needs it).
          await assert.rejects(store.putAcl(aclOf(20, 2)), { code: 'storage-tampered' });
        });
      }
      await withRawDatabase(dir, (db) => db.put(aclKey(documentIdOf(21)), original));
      await withStore(dir, (store) => assert.rejects(store.getAcl(documentIdOf(21)), { code: 'storage-tampered' }));
    });
  });

  test('an audit entry whose time differs from its place in the log, or whose route is unknown, is refused', async () => {
    await withStoreDir(async (dir) => {
      await withStore(dir, (store) => store.appendAudit(auditOf(30, 1000)));
      for (const [offset, value] of [
        [1 + 32 + 20 + 7, 0x01], // last byte of the time
        [1 + 32 + 20 + 8 + 1, 0x07], // route
      ] as const) {
        await withRawDatabase(dir, async (db) => {
          const [[key, entry] = assert.fail('no audit entry')] = await db.iterator(auditRange(documentIdOf(30))).all();
          const altered = Uint8Array.from(entry);
          altered[offset] = value;
          await db.put(key, altered);
        });
        await withStore(dir, (store) => assert.rejects(store.readAudit(documentIdOf(30)), { code: 'storage-tampered' }));
      }
    });
  });
});

describe('LevelDB damage', () => {
  test('a damaged table file is reported as storage-tampered, not returned as data', async () => {
    await withStoreDir(async (dir) => {
      await withStore(dir, async (store) => {
        for (let index = 40; index < 60; index++) await store.putKey(keyShareOf(index));
      });
      await withRawDatabase(dir, (db) => db.compactRange('\u0000', '\u00ff'));
      for (const name of (await readdir(dir)).filter((n) => n.endsWith('.ldb'))) {
        const file = path.join(dir, name);
        const bytes = await readFile(file);
        // The footer holds the table's magic number: LevelDB itself notices this damage.
        bytes.fill(0, bytes.length - 48);
        await writeFile(file, bytes);
      }
      await assert.rejects(
        async () => withStore(dir, (store) => store.getKey(documentIdOf(40))),
        (error: Error & { code?: string }) => {
          assert.equal(error.code, 'storage-tampered');
          assert.match(error.message, /corrupted/);
          return true;
        },
      );
    });
  });
});
