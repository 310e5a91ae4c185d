// The node store on a real classic-level database: round trips, refusals with the right codes,
// per-document serialization of check-then-write operations, and persistence across reopen.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { openNodeStore, type NodeStore } from '../../../../src-main/domain/secretstore/node/store/node-store.ts';
import { aclOf, auditOf, documentIdOf, documentKeyOf, keyShareOf, storageKeyOf, withStoreDir } from './fixtures.ts';

const storageKey = storageKeyOf('a');

/** Opens a store on `dir`, runs `body`, and always closes it. */
async function withStore<T>(dir: string, body: (store: NodeStore) => Promise<T>): Promise<T> {
  const store = await openNodeStore({ directory: dir, storageKey });
  try {
    return await body(store);
  } finally {
    await store.close();
  }
}

describe('key share records', () => {
  test('a record comes back field for field, before and after its document key is set, and after reopen', async () => {
    await withStoreDir(async (dir) => {
      await withStore(dir, async (store) => {
        assert.equal(await store.getKey(documentIdOf(1)), null);
        assert.equal(await store.hasKey(documentIdOf(1)), false);
        await store.putKey(keyShareOf(1));
        assert.equal(await store.hasKey(documentIdOf(1)), true);
        assert.deepEqual(await store.getKey(documentIdOf(1)), keyShareOf(1));
        await store.setDocumentKey(documentIdOf(1), documentKeyOf(1));
        assert.deepEqual(await store.getKey(documentIdOf(1)), { ...keyShareOf(1), documentKey: documentKeyOf(1) });
      });
      await withStore(dir, async (store) => {
        assert.deepEqual(await store.getKey(documentIdOf(1)), { ...keyShareOf(1), documentKey: documentKeyOf(1) });
      });
    });
  });

  test('putKey refuses an existing id, and setDocumentKey an unknown id or a second document key', async () => {
    await withStoreDir((dir) =>
      withStore(dir, async (store) => {
        await store.putKey(keyShareOf(2));
        await assert.rejects(store.putKey({ ...keyShareOf(2), share: keyShareOf(3).share }), { code: 'server-key-exists' });
        await assert.rejects(store.setDocumentKey(documentIdOf(3), documentKeyOf(3)), { code: 'server-key-not-found' });
        await store.setDocumentKey(documentIdOf(2), documentKeyOf(2));
        await assert.rejects(store.setDocumentKey(documentIdOf(2), documentKeyOf(3)), { code: 'document-key-exists' });
        // Neither refusal changed what is stored.
        assert.deepEqual(await store.getKey(documentIdOf(2)), { ...keyShareOf(2), documentKey: documentKeyOf(2) });
      }),
    );
  });

  test('concurrent putKey and setDocumentKey for one id: exactly one of each succeeds', async () => {
    await withStoreDir((dir) =>
      withStore(dir, async (store) => {
        const puts = await Promise.allSettled(Array.from({ length: 8 }, (_, n) => store.putKey({ ...keyShareOf(4), createdAt: n })));
        assert.equal(puts.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of puts) if (r.status === 'rejected') assert.equal(r.reason.code, 'server-key-exists');
        const sets = await Promise.allSettled(Array.from({ length: 8 }, (_, n) => store.setDocumentKey(documentIdOf(4), documentKeyOf(n))));
        assert.equal(sets.filter((r) => r.status === 'fulfilled').length, 1);
        for (const r of sets) if (r.status === 'rejected') assert.equal(r.reason.code, 'document-key-exists');
        // Different ids are not serialized against each other: all of them go through.
        await Promise.all([5, 6, 7].map((index) => store.putKey(keyShareOf(index))));
        assert.equal(await store.countKeys(), 4);
      }),
    );
  });

  test('deleteKey removes the share and its ACL but keeps the audit log; count and listing follow', async () => {
    await withStoreDir((dir) =>
      withStore(dir, async (store) => {
        for (const index of [10, 11, 12]) await store.putKey(keyShareOf(index));
        await store.putAcl(aclOf(11, 1));
        await store.appendAudit(auditOf(11, 5));
        assert.equal(await store.countKeys(), 3);
        assert.equal(await store.deleteKey(documentIdOf(11)), true);
        assert.equal(await store.deleteKey(documentIdOf(11)), false);
        assert.equal(await store.getKey(documentIdOf(11)), null);
        assert.equal(await store.getAcl(documentIdOf(11)), null);
        assert.equal((await store.readAudit(documentIdOf(11))).length, 1);
        const listed = (await store.listDocumentIds()).map((id) => Buffer.from(id).toString('hex')).sort();
        assert.deepEqual(listed, [10, 12].map((index) => Buffer.from(documentIdOf(index)).toString('hex')).sort());
        assert.equal(await store.countKeys(), 2);
        // The id is free again: a new generation may use it.
        await store.putKey(keyShareOf(11));
      }),
    );
  });

  test('malformed records are refused before anything is written', async () => {
    await withStoreDir((dir) =>
      withStore(dir, async (store) => {
        await assert.rejects(store.putKey({ ...keyShareOf(20), share: new Uint8Array(31) }), { code: 'bad-argument' });
        await assert.rejects(store.putKey({ ...keyShareOf(20), threshold: 3 }), { code: 'bad-argument' });
        const holders = keyShareOf(20).holders.map((h) => ({ ...h, identifier: h.identifier.toUpperCase() }));
        await assert.rejects(store.putKey({ ...keyShareOf(20), holders }), { code: 'bad-argument' });
        await assert.rejects(store.getKey(new Uint8Array(31)), { code: 'bad-argument' });
        assert.equal(await store.countKeys(), 0);
      }),
    );
  });
});

describe('ACL records', () => {
  test('only a strictly newer version replaces the stored record', async () => {
    await withStoreDir(async (dir) => {
      await withStore(dir, async (store) => {
        assert.equal(await store.getAcl(documentIdOf(30)), null);
        await store.putAcl(aclOf(30, 3));
        assert.deepEqual(await store.getAcl(documentIdOf(30)), aclOf(30, 3));
        await assert.rejects(store.putAcl(aclOf(30, 3, 1)), { code: 'acl-stale' });
        await assert.rejects(store.putAcl(aclOf(30, 2, 0)), { code: 'acl-stale' });
        const results = await Promise.allSettled([store.putAcl(aclOf(30, 4, 3)), store.putAcl(aclOf(30, 4, 1))]);
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        await store.putAcl(aclOf(30, 9, 0));
      });
      await withStore(dir, async (store) => assert.deepEqual(await store.getAcl(documentIdOf(30)), aclOf(30, 9, 0)));
    });
  });

  test('unsorted or duplicate readers are refused', async () => {
    await withStoreDir((dir) =>
      withStore(dir, async (store) => {
        const acl = aclOf(31, 1, 2);
        await assert.rejects(store.putAcl({ ...acl, readers: [...acl.readers].reverse() }), { code: 'bad-argument' });
        const first = acl.readers[0] ?? new Uint8Array(20);
        await assert.rejects(store.putAcl({ ...acl, readers: [first, first] }), { code: 'bad-argument' });
      }),
    );
  });
});

describe('audit log', () => {
  test('entries come back in time order, ties in append order, only for the asked document', async () => {
    await withStoreDir(async (dir) => {
      await withStore(dir, async (store) => {
        // Times chosen so that hex lengths differ (0xf, 0x10, 0x100): string order must still be numeric.
        for (const time of [256, 15, 16, 1_700_000_000_000]) await store.appendAudit(auditOf(40, time));
        await store.appendAudit(auditOf(41, 20));
        await Promise.all(['first', 'second', 'third'].map((reason) => store.appendAudit(auditOf(40, 100, reason))));
      });
      await withStore(dir, async (store) => {
        // Same millisecond after a restart: a new entry, not an overwrite of the old one.
        await store.appendAudit(auditOf(40, 100, 'after restart'));
        const entries = await store.readAudit(documentIdOf(40));
        assert.deepEqual(
          entries.map((e) => [e.time, e.reason]),
          [[15, 'attempt at 15'], [16, 'attempt at 16'], [100, 'first'], [100, 'second'], [100, 'third'], [100, 'after restart'], [256, 'attempt at 256'], [1_700_000_000_000, 'attempt at 1700000000000']],
        );
        assert.deepEqual(entries[0], auditOf(40, 15));
        assert.deepEqual(await store.readAudit(documentIdOf(41)), [auditOf(41, 20)]);
        assert.deepEqual(await store.readAudit(documentIdOf(42)), []);
        assert.deepEqual(
          (await store.readAudit(documentIdOf(40), { since: 100, limit: 2 })).map((e) => e.reason),
          ['first', 'second'],
        );
        assert.deepEqual((await store.readAudit(documentIdOf(40), { since: 257 })).map((e) => e.time), [1_700_000_000_000]);
      });
    });
  });
});

describe('store lifecycle', () => {
  test('close waits for an accepted write; a closed store refuses work; a second open of the folder is refused', async () => {
    await withStoreDir(async (dir) => {
      const store = await openNodeStore({ directory: dir, storageKey });
      await assert.rejects(openNodeStore({ directory: dir, storageKey }), (error: Error & { code?: string }) => {
        assert.equal(error.code, 'io-failed');
        assert.match(error.message, /in use by another process/);
        return true;
      });
      const pending = store.putKey(keyShareOf(50));
      await store.close();
      await pending;
      await assert.rejects(store.getKey(documentIdOf(50)), { code: 'io-failed', message: /closed/ });
      await withStore(dir, async (reopened) => assert.deepEqual(await reopened.getKey(documentIdOf(50)), keyShareOf(50)));
    });
  });

  test('sizeOnDisk counts the database files and grows with records', async () => {
    await withStoreDir((dir) =>
      withStore(dir, async (store) => {
        const before = await store.sizeOnDisk();
        assert.ok(before > 0);
        for (let index = 60; index < 80; index++) await store.putKey(keyShareOf(index));
        assert.ok((await store.sizeOnDisk()) > before + 20 * 300);
      }),
    );
  });
});
