// The whole flow through the browser-mode host's HTTP API against a REAL local network (3 key
// server node processes, keys in a real Secret Service): an owner and a recipient, each with their
// own Sealdrop (data folder, identity, host); the owner seals a folder granting the recipient, the
// recipient opens it (same bytes), the owner revokes, and the recipient's next open is refused with
// 'access-denied'. Then the embedded default: the local network started and stopped from the app.
import assert from 'node:assert/strict';
import { copyFile, mkdir, readdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createKeyVault } from '../../src-main/domain/identity/key-vault.ts';
import { osKeychain } from '../../src-main/domain/identity/os-keychain.ts';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import type { EventPayloadOf } from '../../src-shared/ipc/contract.ts';
import { tempFolder } from '../support/cli.ts';
import { testTable, type TestTable } from '../support/handlers.ts';
import { invokeOverHttp, readEvents, valueOverHttp, type EventReader } from '../support/host-client.ts';
import { startTestNetwork, type TestNetwork } from '../support/network.ts';
import { describeTree } from '../support/tree.ts';

/** One person's Sealdrop: a handler table over the real keychain, served by its own host. */
type Person = { t: TestTable; host: RunningHost; events: EventReader };

async function person(): Promise<Person> {
  const t = await testTable({ keychain: osKeychain(), face: 'browser' });
  const host = await startHost({ table: t.table, staticDir: join(t.root, 'renderer') });
  return { t, host, events: await readEvents(host.port, host.token) };
}

async function forget(p: Person): Promise<void> {
  p.events.close();
  await p.host.close();
  const vault = createKeyVault({ dataDir: p.t.dataDir, keychain: osKeychain(), passphrase: async () => null });
  await vault.delete('identity').catch(() => false);
  const devnet = createKeyVault({ dataDir: join(p.t.dataDir, 'devnet'), keychain: osKeychain(), passphrase: async () => null });
  for (let i = 1; i <= 3; i++) await devnet.delete(`node-devnet-${i}`).catch(() => false);
  await p.t.close().catch(() => undefined);
}

describe('the app over HTTP against a real local network', () => {
  let network: TestNetwork;
  let work: { path: string; cleanup: () => Promise<void> };
  let owner: Person;
  let recipient: Person;
  let ownerAddress: string;
  let recipientAddress: string;
  let networkId: string;
  let sealedFile: string;
  let documentId: string;
  const folder = (): string => join(work.path, 'report');
  const call = <C extends Parameters<typeof valueOverHttp>[2]>(p: Person, channel: C, body: Parameters<typeof valueOverHttp<C>>[3]) => valueOverHttp(p.host.port, p.host.token, channel, body);

  before(async () => {
    network = await startTestNetwork({ nodes: 3, threshold: 1 });
    work = await tempFolder('sealdrop-host-flow-');
    await mkdir(join(folder(), 'inner'), { recursive: true });
    await writeFile(join(folder(), 'notes.txt'), 'quarterly numbers\n');
    await writeFile(join(folder(), 'inner', 'data.bin'), Buffer.alloc(2 * 1024 * 1024 + 123, 7));
    await mkdir(join(work.path, 'outbox'));
    owner = await person();
    recipient = await person();
  });
  after(async () => {
    await Promise.all([owner === undefined ? null : forget(owner), recipient === undefined ? null : forget(recipient)]);
    await network?.close();
    await work?.cleanup();
  });

  test('each person creates an identity in the OS keychain', async () => {
    assert.equal((await call(owner, 'app:info', {})).firstRun, true);
    const made = await call(owner, 'identity:create', {});
    assert.equal(made.storage, 'keychain');
    ownerAddress = made.address;
    recipientAddress = (await call(recipient, 'identity:create', {})).address;
    assert.notEqual(ownerAddress, recipientAddress);
    assert.equal((await call(owner, 'app:info', {})).identity, ownerAddress);
  });

  test('the owner adds the network from its profile file; the recipient from the shared link', async () => {
    const added = await call(owner, 'network:add', { source: { kind: 'file', path: network.profilePath } });
    networkId = added.network.id;
    assert.equal(added.network.nodes, 3);
    const { link } = await call(owner, 'network:share-link', { network: networkId });
    assert.equal((await call(recipient, 'network:add', { source: { kind: 'link', link } })).network.id, networkId);
    const status = await call(owner, 'network:status', { network: networkId });
    assert.equal(status.reachable, 3);
    assert.ok(status.nodes.every((node) => node.ok));
  });

  test('the owner seals the folder for the recipient, with key-holder steps and byte progress to 100 %', async () => {
    const plan = await call(owner, 'seal:plan', { paths: [folder()] });
    assert.deepEqual(plan.names, ['report']);
    assert.equal(plan.files, 2);
    const { operationId } = await call(owner, 'seal:start', { paths: [folder()], recipients: [recipientAddress], network: networkId, outputFolder: join(work.path, 'outbox') });
    const done = await owner.events.waitFor('operation:done', (payload) => payload.operationId === operationId);
    assert.equal(done.kind, 'seal');
    if (done.kind !== 'seal' || !done.result.ok) assert.fail(`sealing failed: ${JSON.stringify(done.result)}`);
    const result = done.result.value;
    sealedFile = result.file;
    assert.equal(sealedFile, join(work.path, 'outbox', 'report.sealdrop'));
    assert.equal(result.bytesIn, plan.bytes);
    assert.equal(result.document?.network, networkId);
    assert.equal(result.document?.threshold, 1);
    assert.deepEqual(result.document?.recipients, [recipientAddress]);
    assert.match(result.message, /report\.sealdrop/);
    documentId = result.document?.documentId ?? '';
    const steps = owner.events.events.filter((e) => e.event === 'progress').map((e) => e.payload as EventPayloadOf<'progress'>).filter((p) => p.operationId === operationId);
    assert.ok(steps.some((p) => /asking the 3 key holders to create the key/.test(p.step)));
    assert.ok(steps.some((p) => /granting access/.test(p.step)));
    const last = steps.at(-1);
    assert.equal(last?.bytesDone, plan.bytes);
    assert.equal(last?.bytesTotal, plan.bytes);
    const listed = (await call(owner, 'documents:list', {})).documents;
    assert.equal(listed.length, 1);
    assert.deepEqual({ id: listed[0]?.documentId, name: listed[0]?.name, recipients: listed[0]?.recipients, output: listed[0]?.output }, { id: documentId, name: 'report', recipients: [recipientAddress], output: sealedFile });
  });

  test('the recipient inspects the file: owner, network, threshold', async () => {
    const info = await call(recipient, 'open:inspect', { file: sealedFile });
    assert.equal(info.sealedToNetwork, true);
    assert.equal(info.documentId, documentId);
    assert.equal(info.threshold, 1);
    assert.deepEqual(info.network, { id: networkId, known: true, name: network.layout.profile.name });
    assert.equal(info.owner, ownerAddress);
  });

  test('the recipient opens it and gets the same bytes; each key-holder answer was reported', async () => {
    const out = join(work.path, 'recipient-inbox');
    await mkdir(out);
    const { operationId } = await call(recipient, 'open:start', { file: sealedFile, outputFolder: out });
    const done = await recipient.events.waitFor('operation:done', (payload) => payload.operationId === operationId);
    if (done.kind !== 'open' || !done.result.ok) assert.fail(`opening failed: ${JSON.stringify(done.result)}`);
    assert.equal(done.result.value.keyHolders?.answered.length, 2);
    assert.deepEqual(await describeTree(join(out, 'report', 'report')), await describeTree(folder()));
    const steps = recipient.events.events.filter((e) => e.event === 'progress').map((e) => e.payload as EventPayloadOf<'progress'>).filter((p) => p.operationId === operationId);
    assert.ok(steps.some((p) => p.step === 'asking the key holders for the key 2/2' && p.keyHolders?.answered === 2));
  });

  test('the owner sees who may open it and the audit of the open', async () => {
    const access = await call(owner, 'access:list', { documentId });
    assert.equal(access.owner, ownerAddress);
    assert.deepEqual(access.readers.map((r) => r.address), [recipientAddress]);
    const audit = await call(owner, 'access:audit', { documentId });
    assert.ok(audit.events.some((event) => event.requester === recipientAddress && event.allowed));
    const notOwner = await invokeOverHttp(recipient.host.port, recipient.host.token, 'access:audit', { documentId, network: networkId });
    assert.equal(notOwner.ok ? 'ok' : notOwner.error.code, 'access-denied');
  });

  test('after the owner revokes, the recipient is refused with access-denied naming the owner, and nothing appears', async () => {
    const revoked = await call(owner, 'access:revoke', { documentId, addresses: [recipientAddress] });
    assert.equal(revoked.effective, true);
    assert.equal(revoked.acknowledged, 3);
    assert.deepEqual((await call(owner, 'documents:list', {})).documents[0]?.recipients, []);
    const out = join(work.path, 'refused');
    await mkdir(out);
    const { operationId } = await call(recipient, 'open:start', { file: sealedFile, outputFolder: out });
    const done = await recipient.events.waitFor('operation:done', (payload) => payload.operationId === operationId);
    assert.equal(done.result.ok, false);
    if (!done.result.ok) {
      assert.equal(done.result.error.code, 'access-denied');
      assert.equal(done.result.error.details?.owner, ownerAddress);
      assert.ok(done.result.error.message.includes(ownerAddress));
    }
    assert.deepEqual(await readdir(out), []);
  });

  test('re-sealed under a new key with the old file stopped: the new file opens for the recipient, the old one no longer does', async () => {
    // The recipient is given access again, so there is someone for "stop the old file" to revoke.
    assert.equal((await call(owner, 'access:grant', { documentId, addresses: [recipientAddress] })).effective, true);
    const { operationId } = await call(owner, 'seal:reseal', { documentId, stopOldFile: true });
    const done = await owner.events.waitFor('operation:done', (payload) => payload.operationId === operationId);
    if (done.kind !== 'seal' || !done.result.ok) assert.fail(`re-sealing failed: ${JSON.stringify(done.result)}`);
    const result = done.result.value;
    assert.equal(result.file, join(work.path, 'outbox', 'report (2).sealdrop'), 'beside the old file, which stays');
    assert.deepEqual(result.resealed, { fromDocumentId: documentId, oldFileStopped: true, problems: [] });
    assert.deepEqual(result.document?.recipients, [recipientAddress], 'the recipients it had');
    const newId = result.document?.documentId ?? '';
    assert.notEqual(newId, documentId);
    const steps = owner.events.events.filter((e) => e.event === 'progress').map((e) => e.payload as EventPayloadOf<'progress'>).filter((p) => p.operationId === operationId);
    assert.ok(steps.some((p) => /asking the 3 key holders to create the key/.test(p.step)));
    assert.ok(steps.some((p) => /asking the key holders for the key 2\/2/.test(p.step)), 'the key of the old file came from the key holders');
    assert.ok(steps.some((p) => /revoking 1 recipient/.test(p.step)));
    const listed = (await call(owner, 'documents:list', {})).documents;
    assert.deepEqual(listed.map((d) => [d.documentId, d.replacedBy ?? null]), [[newId, null], [documentId, newId]]);

    const out = join(work.path, 'resealed-inbox');
    await mkdir(out);
    const opened = await call(recipient, 'open:start', { file: result.file, outputFolder: out });
    const openDone = await recipient.events.waitFor('operation:done', (payload) => payload.operationId === opened.operationId);
    if (openDone.kind !== 'open' || !openDone.result.ok) assert.fail(`opening the new file failed: ${JSON.stringify(openDone.result)}`);
    assert.deepEqual(await describeTree(join(openDone.result.value.output, 'report')), await describeTree(folder()));

    const refusedOut = join(work.path, 'old-refused');
    await mkdir(refusedOut);
    const old = await call(recipient, 'open:start', { file: sealedFile, outputFolder: refusedOut });
    const oldDone = await recipient.events.waitFor('operation:done', (payload) => payload.operationId === old.operationId);
    assert.equal(oldDone.result.ok ? 'ok' : oldDone.result.error.code, 'access-denied');
    assert.deepEqual(await readdir(refusedOut), []);
  });

  test('re-sealing refuses a document not sealed from here, and one whose file is gone', async () => {
    const foreign = await invokeOverHttp(recipient.host.port, recipient.host.token, 'seal:reseal', { documentId, stopOldFile: false });
    assert.equal(foreign.ok ? 'ok' : foreign.error.code, 'bad-argument');
    const moved = join(work.path, 'moved.sealdrop');
    await rename(sealedFile, moved);
    try {
      const gone = await invokeOverHttp(owner.host.port, owner.host.token, 'seal:reseal', { documentId, stopOldFile: false });
      assert.equal(gone.ok ? 'ok' : gone.error.code, 'input-not-found');
      if (!gone.ok) assert.ok(gone.error.message.includes(sealedFile));
      // Another document's file in its place (the re-sealed one): refused, nothing is made.
      await copyFile(join(work.path, 'outbox', 'report (2).sealdrop'), sealedFile);
      const before = (await call(owner, 'documents:list', {})).documents.length;
      const other = await invokeOverHttp(owner.host.port, owner.host.token, 'seal:reseal', { documentId, stopOldFile: true });
      assert.equal(other.ok ? 'ok' : other.error.code, 'bad-argument');
      if (!other.ok) assert.match(other.error.message, /no longer holds this document/);
      assert.equal((await call(owner, 'documents:list', {})).documents.length, before);
    } finally {
      await rename(moved, sealedFile);
    }
  });

  test('a key server run from the app: set up, given its network, started, watched, stopped', async () => {
    const operator = await person();
    try {
      const setUp = await call(operator, 'node:setup', { name: 'desk-node', http: { host: '127.0.0.1', port: 0 }, peer: { host: '127.0.0.1', port: 0 } });
      assert.equal(setUp.running, false);
      const config = JSON.parse(await readFile(setUp.config ?? '', 'utf8')) as { http: { port: number }; peer: { port: number } };
      // The operator's profile lists this node's public key (here, a one-node network of its own).
      const profile = {
        sealdropNetwork: 1,
        name: 'Desk network',
        nodes: [{ publicKey: setUp.publicKey, http: `http://127.0.0.1:${config.http.port}`, peer: `/ip4/127.0.0.1/tcp/${config.peer.port}` }],
        threshold: 0,
        acl: { type: 'owner-signed' },
      };
      const started = await call(operator, 'node:start', { network: { kind: 'json', text: JSON.stringify(profile) } });
      assert.equal(started.running, true);
      assert.equal(started.publicKey, setUp.publicKey);
      assert.equal(started.http, `http://127.0.0.1:${config.http.port}`);
      assert.equal(started.keysHeld, 0);
      assert.equal(started.requests?.refused, 0, 'its own status requests are served, none refused');
      assert.ok((started.startedAt ?? 0) > 0);
      await operator.events.waitFor('node:status', (payload) => payload.running);
      const again = await invokeOverHttp(operator.host.port, operator.host.token, 'node:start', {});
      assert.equal(again.ok ? 'ok' : again.error.code, 'bad-argument', 'already running');
      const stopped = await call(operator, 'node:stop', {});
      assert.equal(stopped.running, false);
      assert.equal(stopped.configured, true);
      assert.deepEqual(stopped.recentErrors, [], 'a clean stop is not an error');
    } finally {
      const vault = createKeyVault({ dataDir: join(operator.t.dataDir, 'node'), keychain: osKeychain(), passphrase: async () => null });
      await vault.delete('node-desk-node').catch(() => false);
      await forget(operator);
    }
  });

  test('embedded default: the local network starts from the app, keys stay on this computer, and stops', async () => {
    const fresh = await person();
    try {
      const first = await call(fresh, 'network:status', {});
      assert.deepEqual(first.local, { configured: false, running: false, canStart: true });
      assert.equal(first.keysStayOnThisComputer, true);
      const started = await call(fresh, 'network:start-local', {});
      assert.equal(started.created, true);
      assert.equal(started.network.local, true);
      assert.equal(started.nodes.length, 3);
      await fresh.events.waitFor('network:local', (payload) => payload.running);
      const running = await call(fresh, 'network:status', {});
      assert.equal(running.reachable, 3);
      assert.equal(running.network?.isDefault, true);
      assert.equal(running.local.running, true);
      const info = await call(fresh, 'app:info', {});
      assert.equal(info.localNetworkRunning, true);
      assert.equal(info.keysStayOnThisComputer, true);
      assert.deepEqual(await call(fresh, 'network:stop-local', {}), { stopped: true });
      assert.equal((await call(fresh, 'network:status', {})).reachable, 0);
    } finally {
      await forget(fresh);
    }
  });
});
