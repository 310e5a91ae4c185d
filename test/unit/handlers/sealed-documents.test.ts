// The "Sealed by me" index: newest first, replaced by id, recipients kept current, written whole
// (mode 600), a damaged index reported rather than silently replaced.
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { sealedDocuments, sealedDocumentsPath, type SealedDocument } from '../../../src-main/domain/documents/sealed-documents.ts';
import { withTempDir } from '../../support/temp.ts';

function document(n: number): SealedDocument {
  return {
    documentId: `0x${n.toString(16).padStart(64, '0')}`,
    name: `report ${n}`,
    size: 1000 * n,
    sealedAt: new Date(1_700_000_000_000 + n).toISOString(),
    recipients: ['0x00000000000000000000000000000000000000B0'],
    network: `0x${'ab'.repeat(32)}`,
    networkName: 'Local network',
    threshold: 1,
    output: `/tmp/report-${n}.sealdrop`,
  };
}

test('an empty data folder has no sealed documents', async () => {
  await withTempDir(async (dir) => {
    assert.deepEqual(await sealedDocuments(dir).list(), []);
    assert.equal(await sealedDocuments(dir).find(document(1).documentId), null);
  });
});

test('documents are listed newest first, found by id, replaced by id, and written with mode 600', async () => {
  await withTempDir(async (dir) => {
    const index = sealedDocuments(dir);
    await index.add(document(1));
    await index.add(document(2));
    await index.add({ ...document(1), name: 'renamed' });
    const listed = await index.list();
    assert.deepEqual(listed.map((d) => d.name), ['renamed', 'report 2']);
    assert.equal((await index.find(document(2).documentId.toUpperCase().replace('0X', '0x')))?.name, 'report 2');
    assert.equal((await stat(sealedDocumentsPath(dir))).mode & 0o777, 0o600);
    assert.equal(await index.setRecipients(document(2).documentId, []), true);
    assert.deepEqual((await index.find(document(2).documentId))?.recipients, []);
    assert.equal(await index.setRecipients(`0x${'ff'.repeat(32)}`, []), false);
  });
});

test('changes made at the same time all land', async () => {
  await withTempDir(async (dir) => {
    const index = sealedDocuments(dir);
    await Promise.all(Array.from({ length: 20 }, (_, i) => index.add(document(i + 1))));
    assert.equal((await index.list()).length, 20);
    const text = await readFile(sealedDocumentsPath(dir), 'utf8');
    assert.equal(JSON.parse(text).sealdropDocuments, 1);
  });
});

test('a damaged index is reported as storage-tampered and never overwritten', async () => {
  await withTempDir(async (dir) => {
    const index = sealedDocuments(dir);
    await index.add(document(1));
    await writeFile(sealedDocumentsPath(dir), '{"sealdropDocuments":1,"documents":[{"name":1}]}');
    await assert.rejects(index.list(), { code: 'storage-tampered' });
    await assert.rejects(index.add(document(2)), { code: 'storage-tampered' });
    await writeFile(sealedDocumentsPath(dir), 'not json');
    await assert.rejects(index.list(), { code: 'storage-tampered' });
    assert.equal(await readFile(sealedDocumentsPath(dir), 'utf8'), 'not json');
  });
});
