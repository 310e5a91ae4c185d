// Sealing to a key server network through the real CLI: an owner seals a folder to a 3-node local
// network, a recipient is refused, then granted (the file untouched), opens it, and is revoked.
import assert from 'node:assert/strict';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sealdrop, tempFolder, type RunResult } from '../support/cli.ts';
import { startTestNetwork, type TestNetwork } from '../support/network.ts';
import { describeTree } from '../support/tree.ts';

function json(result: RunResult): Record<string, unknown> {
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
  }
}

describe('sealing to a network with the CLI', () => {
  let network: TestNetwork;
  let work: { path: string; cleanup: () => Promise<void> };
  let ownerDir: string;
  let recipientDir: string;
  let recipient: string;
  let sealed: string;
  let documentId: string;
  const folder = (): string => join(work.path, 'report');

  before(async () => {
    network = await startTestNetwork({ nodes: 3, threshold: 1 });
    work = await tempFolder();
    ownerDir = join(work.path, 'owner');
    recipientDir = join(work.path, 'recipient');
    assert.equal((await sealdrop(['identity', 'new', '--data-dir', ownerDir, '--json'])).code, 0);
    const made = await sealdrop(['identity', 'new', '--data-dir', recipientDir, '--json']);
    recipient = json(made).address as string;
    await mkdir(join(folder(), 'inner'), { recursive: true });
    await writeFile(join(folder(), 'notes.txt'), 'quarterly numbers\n');
    await writeFile(join(folder(), 'inner', 'data.bin'), Buffer.alloc(200_000, 7));
    sealed = join(work.path, 'report.sealdrop');
  });
  after(async () => {
    await network.close();
    await work.cleanup();
  });

  test('seal to the network names the document and its threshold', async () => {
    const result = await sealdrop(['seal', folder(), '--network', network.profilePath, '--data-dir', ownerDir, '-o', sealed, '--json']);
    assert.equal(result.code, 0, result.stderr);
    const document = json(result).document as { id: string; threshold: number };
    assert.match(document.id, /^[0-9a-f]{64}$/);
    assert.equal(document.threshold, 1);
    documentId = document.id;
    const inspected = json(await sealdrop(['inspect', sealed, '--json']));
    const stanzas = inspected.stanzas as { type: string }[];
    assert.deepEqual(stanzas.map((s) => s.type), ['sealdrop']);
  });

  test('the owner opens it with nothing but their identity (the network is remembered)', async () => {
    const out = join(work.path, 'owner-copy');
    const result = await sealdrop(['open', sealed, '--data-dir', ownerDir, '-o', out, '--json']);
    assert.equal(result.code, 0, result.stderr);
    assert.deepEqual(await describeTree(join(out, 'report')), await describeTree(folder()));
  });

  test('a recipient not granted is refused, and nothing appears', async () => {
    const out = join(work.path, 'refused');
    const result = await sealdrop(['open', sealed, '--network', network.profilePath, '--data-dir', recipientDir, '-o', out, '--json']);
    assert.equal(result.code, 1);
    assert.equal((json(result).error as { code: string }).code, 'access-denied');
    await assert.rejects(describeTree(out));
  });

  test('grant lets the recipient open the same file; access lists them; revoke stops them again', async () => {
    const granted = await sealdrop(['grant', sealed, recipient, '--data-dir', ownerDir, '--json']);
    assert.equal(granted.code, 0, granted.stdout + granted.stderr);
    assert.equal(json(granted).acknowledged, 3);

    const listed = json(await sealdrop(['access', documentId, '--network', network.profilePath, '--data-dir', ownerDir, '--json']));
    assert.deepEqual(listed.readers, [recipient]);

    const out = join(work.path, 'recipient-copy');
    const opened = await sealdrop(['open', sealed, '--network', network.profilePath, '--data-dir', recipientDir, '-o', out, '--json']);
    assert.equal(opened.code, 0, opened.stderr);
    assert.deepEqual(await describeTree(join(out, 'report')), await describeTree(folder()));

    const revoked = await sealdrop(['revoke', sealed, recipient, '--data-dir', ownerDir, '--json']);
    assert.equal(revoked.code, 0, revoked.stdout + revoked.stderr);
    const again = await sealdrop(['open', sealed, '--network', network.profilePath, '--data-dir', recipientDir, '-o', join(work.path, 'again'), '--json']);
    assert.equal((json(again).error as { code: string }).code, 'access-denied');
  });

  test('the audit shows who opened it and who was refused, to the owner only', async () => {
    const result = await sealdrop(['audit', sealed, '--data-dir', ownerDir, '--json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const events = json(result).events as { requester: string; allowed: boolean; agreement: string }[];
    const theirs = events.filter((e) => e.requester === recipient);
    // Refused before the grant, opened after it, refused again after the revoke.
    assert.deepEqual(theirs.map((e) => e.allowed), [false, true, false]);
    for (const event of theirs) assert.match(event.agreement, /^[23] of 3 nodes agree$/);
    const text = await sealdrop(['audit', sealed, '--data-dir', ownerDir]);
    assert.match(text.stdout, new RegExp(`${recipient} opened it at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d \\([23] of 3 nodes agree\\)`));
    const stranger = await sealdrop(['audit', sealed, '--network', network.profilePath, '--data-dir', recipientDir, '--json']);
    assert.equal(stranger.code, 1);
  });

  test('only the owner can change access', async () => {
    const result = await sealdrop(['grant', sealed, recipient, '--network', network.profilePath, '--data-dir', recipientDir, '--json']);
    assert.equal(result.code, 1);
  });

  test('reseal: a new file under a new key for the given recipient; --stop-old revokes on the old one', async () => {
    // A stranger may not re-seal what they do not own: the key holders refuse them the old key.
    const refused = await sealdrop(['reseal', sealed, '--network', network.profilePath, '--data-dir', recipientDir, '--json']);
    assert.equal(refused.code, 1);
    assert.equal((json(refused).error as { code: string }).code, 'access-denied');
    assert.deepEqual(await listNames(work.path), ['owner', 'owner-copy', 'recipient', 'recipient-copy', 'report', 'report.sealdrop']);

    assert.equal((await sealdrop(['grant', sealed, recipient, '--data-dir', ownerDir, '--json'])).code, 0);
    const result = await sealdrop(['reseal', sealed, '--stop-old', '--data-dir', ownerDir, '--json']);
    assert.equal(result.code, 0, result.stdout + result.stderr);
    const answer = json(result) as { output: string; from: string; document: { id: string; granted: string[] }; oldFileStopped: boolean };
    assert.equal(answer.output, join(work.path, 'report (2).sealdrop'));
    assert.equal(answer.from, documentId);
    assert.notEqual(answer.document.id, documentId);
    assert.deepEqual(answer.document.granted, [recipient], 'who may open the old file now');
    assert.equal(answer.oldFileStopped, true);

    const out = join(work.path, 'resealed-copy');
    const opened = await sealdrop(['open', answer.output, '--network', network.profilePath, '--data-dir', recipientDir, '-o', out, '--json']);
    assert.equal(opened.code, 0, opened.stderr);
    assert.deepEqual(await describeTree(join(out, 'report')), await describeTree(folder()));
    const old = await sealdrop(['open', sealed, '--network', network.profilePath, '--data-dir', recipientDir, '-o', join(work.path, 'old-again'), '--json']);
    assert.equal((json(old).error as { code: string }).code, 'access-denied');
  });
});

async function listNames(folder: string): Promise<string[]> {
  return (await readdir(folder)).sort();
}
