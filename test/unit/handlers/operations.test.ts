// Long operations through the handler table, with files sealed by passphrase (no network needed):
// an id at once, progress events up to 100 %, a result event, `operation:status`, cancel that
// leaves nothing behind, and the errors of a wrong passphrase and a damaged file.
import assert from 'node:assert/strict';
import { mkdir, open, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ScryptRecipient } from '../../../src-main/domain/seal/age/scrypt.ts';
import { sealDocument } from '../../../src-main/domain/seal/seal-document.ts';
import type { EventPayloadOf } from '../../../src-shared/ipc/contract.ts';
import { testTable, type TestTable } from '../../support/handlers.ts';
import { describeTree } from '../../support/tree.ts';
import { sampleFolder } from './helpers.ts';

const PASSPHRASE = 'a long passphrase for tests';

async function sealWithPassphrase(paths: string[], output: string): Promise<void> {
  await sealDocument({ paths, recipients: [new ScryptRecipient(PASSPHRASE, { logN: 10 })], output, ifExists: 'stop' });
}

describe('long operations', () => {
  let t: TestTable;
  let folder: string;
  let sealed: string;
  before(async () => {
    t = await testTable();
    folder = await sampleFolder(t.root);
    sealed = join(t.root, 'report.sealdrop');
    await sealWithPassphrase([folder], sealed);
  });
  after(async () => {
    await t.close();
  });

  test('open:inspect describes a passphrase-sealed file without opening it', async () => {
    const info = await t.value('open:inspect', { file: sealed });
    assert.equal(info.needsPassphrase, true);
    assert.equal(info.sealedToNetwork, false);
    assert.equal(info.documentId, null);
    assert.deepEqual(info.stanzas.map((s) => s.type), ['scrypt']);
  });

  test('open:start without the passphrase is refused at once', async () => {
    const result = await t.call('open:start', { file: sealed, outputFolder: t.root });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'bad-argument');
      assert.equal(result.error.details?.field, 'passphrase');
    }
  });

  test('open:start answers an id at once, streams progress to 100 %, and ends with the result', async () => {
    const out = join(t.root, 'opened');
    await mkdir(out);
    const { operationId } = await t.value('open:start', { file: sealed, outputFolder: out, passphrase: PASSPHRASE });
    assert.match(operationId, /^[0-9a-f]{32}$/);
    const done = await t.done(operationId);
    assert.equal(done.kind, 'open');
    assert.equal(done.result.ok, true);
    if (!done.result.ok || done.kind !== 'open') return;
    assert.equal(done.result.value.output, join(out, 'report'));
    assert.equal(done.result.value.kind, 'folder');
    assert.equal(done.result.value.keyHolders, null);
    assert.deepEqual(await describeTree(join(out, 'report', 'report')), await describeTree(folder));
    const progress = t.events.filter((e) => e.event === 'progress').map((e) => e.payload as EventPayloadOf<'progress'>).filter((p) => p.operationId === operationId);
    assert.ok(progress.length >= 1);
    const last = progress.at(-1);
    assert.equal(last?.kind, 'open');
    assert.equal(last?.bytesDone, last?.bytesTotal);
    assert.equal(last?.eta, 0);
    const status = await t.value('operation:status', { operationId });
    assert.equal(status.state, 'succeeded');
    assert.equal(status.open?.output, join(out, 'report'));
    assert.deepEqual(await t.value('open:cancel', { operationId }), { cancelled: false }, 'a finished operation cannot be cancelled');
  });

  test('a wrong passphrase fails the operation with wrong-passphrase, and nothing appears', async () => {
    const out = join(t.root, 'wrong');
    await mkdir(out);
    const { operationId } = await t.value('open:start', { file: sealed, outputFolder: out, passphrase: 'not the passphrase' });
    const done = await t.done(operationId);
    assert.equal(done.result.ok ? 'ok' : done.result.error.code, 'wrong-passphrase');
    assert.deepEqual(await readdir(out), []);
  });

  test('a damaged file fails with payload-tampered, and nothing appears', async () => {
    const damaged = join(t.root, 'damaged.sealdrop');
    await sealWithPassphrase([folder], damaged);
    const handle = await open(damaged, 'r+');
    const { size } = await handle.stat();
    const byte = Buffer.alloc(1);
    await handle.read(byte, 0, 1, size - 100);
    byte[0] = (byte[0] ?? 0) ^ 0x01;
    await handle.write(byte, 0, 1, size - 100);
    await handle.close();
    const out = join(t.root, 'damaged-out');
    await mkdir(out);
    const { operationId } = await t.value('open:start', { file: damaged, outputFolder: out, passphrase: PASSPHRASE });
    const done = await t.done(operationId);
    assert.equal(done.result.ok ? 'ok' : done.result.error.code, 'payload-tampered');
    assert.deepEqual(await readdir(out), []);
  });

  test('open:cancel stops an operation: state cancelled, result cancelled, nothing left behind', async () => {
    const big = join(t.root, 'big');
    await mkdir(big);
    await writeFile(join(big, 'large.bin'), Buffer.alloc(96 * 1024 * 1024, 3));
    const bigSealed = join(t.root, 'big.sealdrop');
    await sealWithPassphrase([big], bigSealed);
    const out = join(t.root, 'cancelled');
    await mkdir(out);
    const { operationId } = await t.value('open:start', { file: bigSealed, outputFolder: out, passphrase: PASSPHRASE });
    assert.deepEqual(await t.value('open:cancel', { operationId }), { cancelled: true });
    assert.deepEqual(await t.value('seal:cancel', { operationId }), { cancelled: false }, 'a seal cancel does not stop an open');
    const done = await t.done(operationId);
    assert.equal(done.result.ok ? 'ok' : done.result.error.code, 'cancelled');
    assert.equal((await t.value('operation:status', { operationId })).state, 'cancelled');
    assert.deepEqual(await readdir(out), []);
  });
});
