// Generation, storage, Parity retrieval, ACL changes, audit and status against fixture nodes on
// 127.0.0.1 (fixture-network.ts: genuine cryptography, in-memory coordination).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { isSealdropError } from '../../../../src-shared/errors.ts';
import { grant, pushAcl, readAcl, revoke } from '../../../../src-main/domain/secretstore/client/acl.ts';
import { audit, mergeAuditEntries } from '../../../../src-main/domain/secretstore/client/audit.ts';
import type { ClientContext } from '../../../../src-main/domain/secretstore/client/context.ts';
import { retrieveDocumentKey } from '../../../../src-main/domain/secretstore/client/retrieve.ts';
import { retrieveDocumentKeyParity } from '../../../../src-main/domain/secretstore/client/retrieve-parity.ts';
import { createSecretStoreClient } from '../../../../src-main/domain/secretstore/client/secret-store-client.ts';
import { generateServerKey, storeDocumentKey } from '../../../../src-main/domain/secretstore/client/server-key.ts';
import { networkStatus } from '../../../../src-main/domain/secretstore/client/status.ts';
import { Point, publicFromPoint } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import { FixtureNetwork } from './fixture-network.ts';
import { randomSigner, type TestSigner } from './test-signer.ts';

const networks: FixtureNetwork[] = [];
after(async () => {
  await Promise.all(networks.map((network) => network.close()));
});

async function start(n: number, threshold: number): Promise<{ network: FixtureNetwork; owner: TestSigner; context: ClientContext }> {
  const network = await FixtureNetwork.start(n, threshold);
  networks.push(network);
  const owner = randomSigner();
  return { network, owner, context: { profile: network.profile(), signer: owner, timeoutMs: 2000 } };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const newId = (): Uint8Array => Uint8Array.from(randomBytes(32));

async function expectCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isSealdropError(error), String(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('generate, store, retrieve', () => {
  test('a key generated, stored and retrieved both ways gives the same document key', async () => {
    const { context } = await start(3, 1);
    const client = createSecretStoreClient(context);
    const documentId = newId();
    const serverKey = await client.generateServerKey(documentId, 1);
    const documentKey = await client.storeDocumentKey(documentId, serverKey);
    const verified = await client.retrieveDocumentKey(documentId, { serverKey, threshold: 1 });
    assert.equal(hex(verified.documentKey), hex(documentKey));
    const parity = await client.retrieveDocumentKeyParity(documentId);
    assert.equal(hex(parity.documentKey), hex(documentKey));
  });

  test('generation skips unreachable nodes until one answers, and uses the key only if every holder confirms it', async () => {
    const { network, context } = await start(4, 1);
    await Promise.all([0, 1, 2].map((index) => network.stop(index)));
    for (let round = 0; round < 3; round++) {
      // The fixture's live node makes the key for all four; the three stopped holders cannot vouch for it.
      await expectCode(generateServerKey(context, newId(), 1), 'key-invalid', /3 holder\(s\) did not confirm it/);
    }
  });

  test('generation with every node down is node-unreachable listing them', async () => {
    const { network, context } = await start(2, 1);
    await network.close();
    await expectCode(generateServerKey(context, newId(), 1), 'node-unreachable', /^None of the 2 key servers could be reached/);
  });

  test('a threshold of n or more is refused locally with threshold-invalid', async () => {
    const { context } = await start(3, 1);
    await expectCode(generateServerKey(context, newId(), 3), 'threshold-invalid', /from 0 to 2/);
    await expectCode(generateServerKey(context, newId(), -1), 'threshold-invalid');
    await expectCode(generateServerKey(context, newId(), 1.5), 'threshold-invalid');
  });

  test('generating an existing key is server-key-exists; storing twice is document-key-exists', async () => {
    const { context } = await start(2, 0);
    const documentId = newId();
    const serverKey = await generateServerKey(context, documentId, 0);
    await expectCode(generateServerKey(context, documentId, 0), 'server-key-exists');
    await storeDocumentKey(context, documentId, serverKey);
    await expectCode(storeDocumentKey(context, documentId, serverKey), 'document-key-exists');
  });

  test('only the author may store the document key', async () => {
    const { context } = await start(2, 1);
    const documentId = newId();
    const serverKey = await generateServerKey(context, documentId, 1);
    await expectCode(storeDocumentKey({ ...context, signer: randomSigner() }, documentId, serverKey), 'access-denied');
  });

  test('Parity retrieval by someone not allowed is access-denied', async () => {
    const { context } = await start(2, 1);
    const documentId = newId();
    await storeDocumentKey(context, documentId, await generateServerKey(context, documentId, 1));
    await expectCode(retrieveDocumentKeyParity({ ...context, signer: randomSigner() }, documentId), 'access-denied');
  });
});

describe('owner-signed ACL', () => {
  async function withKey(n: number, threshold: number) {
    const setup = await start(n, threshold);
    const documentId = newId();
    const serverKey = await generateServerKey(setup.context, documentId, threshold);
    await storeDocumentKey(setup.context, documentId, serverKey);
    return { ...setup, documentId, serverKey };
  }

  test('grant lets a reader retrieve; revoke stops it; versions increase', async () => {
    const { context, documentId, serverKey } = await withKey(3, 1);
    const reader = randomSigner();
    const asReader: ClientContext = { ...context, signer: reader };
    await expectCode(retrieveDocumentKey(asReader, documentId, { serverKey, threshold: 1 }), 'access-denied');

    const granted = await grant(context, documentId, [reader.address]);
    assert.deepEqual([granted.changed, granted.acknowledged, granted.total, granted.effective], [true, 3, 3, true]);
    assert.equal(granted.record?.version, 1);
    const ownerKey = (await retrieveDocumentKey(context, documentId, { serverKey, threshold: 1 })).documentKey;
    assert.equal(hex((await retrieveDocumentKey(asReader, documentId, { serverKey, threshold: 1 })).documentKey), hex(ownerKey));

    const reading = await readAcl(context, documentId);
    assert.equal(reading.record?.version, 1);
    assert.deepEqual(reading.record?.readers.map(hex), [hex(reader.address)]);
    assert.equal(hex(reading.author), hex((context.signer as TestSigner).address));

    const revoked = await revoke(context, documentId, [reader.address]);
    assert.deepEqual([revoked.changed, revoked.record?.version, revoked.effective], [true, 2, true]);
    await expectCode(retrieveDocumentKey(asReader, documentId, { serverKey, threshold: 1 }), 'access-denied');
  });

  test('granting an address already granted changes nothing and re-pushes the current record', async () => {
    const { context, documentId } = await withKey(2, 1);
    const reader = randomSigner();
    await grant(context, documentId, [reader.address]);
    const again = await grant(context, documentId, [reader.address]);
    assert.deepEqual([again.changed, again.record?.version, again.acknowledged], [false, 1, 2]);
  });

  test('a revocation is effective only once at least n − t nodes keep it', async () => {
    const { network, context, documentId } = await withKey(5, 2);
    const reader = randomSigner();
    await grant(context, documentId, [reader.address]);
    await network.stop(0);
    await network.stop(1);
    const threeOfFive = await revoke(context, documentId, [reader.address]);
    assert.deepEqual([threeOfFive.acknowledged, threeOfFive.total, threeOfFive.effective], [3, 5, true]);
    assert.equal(threeOfFive.failures.length, 2);
    assert.ok(threeOfFive.failures.every((f) => f.code === 'node-unreachable'));
    await network.stop(2);
    const other = randomSigner();
    await grant(context, documentId, [other.address]);
    const twoOfFive = await revoke(context, documentId, [other.address]);
    assert.deepEqual([twoOfFive.acknowledged, twoOfFive.effective], [2, false]);
  });

  test('only the owner can grant; the owner cannot be revoked', async () => {
    const { context, documentId } = await withKey(2, 1);
    const stranger = randomSigner();
    await expectCode(grant({ ...context, signer: stranger }, documentId, [stranger.address]), 'access-denied', /Only the owner/);
    await expectCode(revoke(context, documentId, [(context.signer as TestSigner).address]), 'bad-argument');
  });

  test('pushAcl counts a node that already keeps the record as acknowledged and refuses stale ones', async () => {
    const { context, documentId } = await withKey(3, 1);
    const first = await grant(context, documentId, [randomSigner().address]);
    await grant(context, documentId, [randomSigner().address]);
    assert.ok(first.record);
    const stale = await pushAcl(context, first.record);
    assert.deepEqual([stale.acknowledged, stale.failures.map((f) => f.code)], [0, ['acl-stale', 'acl-stale', 'acl-stale']]);
    const current = await readAcl(context, documentId);
    assert.ok(current.record);
    assert.equal((await pushAcl(context, current.record)).acknowledged, 3);
  });
});

describe('audit and status', () => {
  test('audit merges the same attempt logged by several nodes into one event', async () => {
    const { context, documentId, serverKey } = await (async () => {
      const setup = await start(3, 1);
      const id = newId();
      const key = await generateServerKey(setup.context, id, 1);
      await storeDocumentKey(setup.context, id, key);
      return { ...setup, documentId: id, serverKey: key };
    })();
    const stranger = randomSigner();
    await expectCode(retrieveDocumentKey({ ...context, signer: stranger }, documentId, { serverKey, threshold: 1 }), 'access-denied');
    const report = await audit(context, documentId);
    assert.equal(report.answered.length, 3);
    const denied = report.events.find((e) => !e.allowed);
    assert.ok(denied);
    assert.equal(hex(denied.requester), hex(stranger.address));
    assert.equal(denied.agreement, '3 of 3 nodes agree');
    await expectCode(audit({ ...context, signer: stranger }, documentId), 'access-denied');
  });

  test('mergeAuditEntries keeps attempts apart when they are further apart than the window', () => {
    const requester = new Uint8Array(20).fill(1);
    const entry = (time: number) => ({ requester, time, allowed: true, reason: 'the owner' });
    const events = mergeAuditEntries(
      [
        { node: 'a', entries: [entry(1000), entry(60_000)] },
        { node: 'b', entries: [entry(1500), entry(61_000)] },
        { node: 'c', entries: [entry(2000)] },
      ],
      3,
    );
    assert.deepEqual(events.map((e) => [e.time, e.nodes, e.agreement]), [
      [1000, ['a', 'b', 'c'], '3 of 3 nodes agree'],
      [60_000, ['a', 'b'], '2 of 3 nodes agree'],
    ]);
  });

  test('networkStatus reports every node, down ones included, and flags a node key mismatch', async () => {
    const { network, context } = await start(3, 1);
    await network.stop(2);
    const impostor = { ...context.profile.nodes[1], publicKey: publicFromPoint(Point.BASE.multiply(99n)) } as (typeof context.profile.nodes)[number];
    const profile = { ...context.profile, nodes: [context.profile.nodes[0], impostor, context.profile.nodes[2]] } as typeof context.profile;
    const status = await networkStatus({ ...context, profile });
    assert.deepEqual([status.reachable, status.total], [2, 3]);
    const [first, second, third] = status.nodes;
    assert.ok(first?.ok && first.problems.length === 1 && /network id differs/.test(first.problems[0] ?? ''), 'the network id changed with the profile');
    assert.ok(second?.ok && second.problems.some((p) => /not the one in the network profile/.test(p)));
    assert.ok(third !== undefined && !third.ok && third.error.code === 'node-unreachable');
    const honest = await networkStatus(context);
    assert.ok(honest.nodes[0]?.ok && honest.nodes[0].problems.length === 0);
  });
});
