// Issue 3 acceptance, against real key server node processes on 127.0.0.1 (libp2p between them,
// HTTP to clients, keys in the test session's Secret Service). Each test names its scenario number.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { ClassicLevel } from 'classic-level';
import { join } from 'node:path';
import { isSealdropError } from '../../src-shared/errors.ts';
import { identityKeyFromSecret, type IdentityKey } from '../../src-main/domain/identity/identity-key.ts';
import { createSecretStoreClient, type SecretStoreClient } from '../../src-main/domain/secretstore/client/secret-store-client.ts';
import { loadNetworkProfile, type NetworkProfile } from '../../src-main/domain/secretstore/network/profile.ts';
import { combineShadowAnswer } from '../../src-main/domain/secretstore/parity/shadow.ts';
import { retrievalDigest } from '../../src-main/domain/secretstore/math/request-digests.ts';
import { startTestNetwork, type TestNetwork } from '../support/network.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');
const fromHex = (text: string): Uint8Array => Uint8Array.from(Buffer.from(text.replace(/^0x/, ''), 'hex'));

function person(): IdentityKey {
  return identityKeyFromSecret('test', randomBytes(32), 'keychain');
}

function clientFor(profile: NetworkProfile, signer: IdentityKey): SecretStoreClient {
  return createSecretStoreClient({ profile, signer, timeoutMs: 15_000 });
}

/** Generates a server key with threshold t and stores a fresh document key; returns what the file would record. */
async function sealKey(client: SecretStoreClient, threshold: number): Promise<{ documentId: Uint8Array; serverKey: Uint8Array; documentKey: Uint8Array }> {
  const documentId = randomBytes(32);
  const serverKey = await client.generateServerKey(documentId, threshold);
  const documentKey = await client.storeDocumentKey(documentId, serverKey);
  return { documentId, serverKey, documentKey };
}

/** Parity's shadow retrieval coordinated by one chosen node, combined on the client (PARITY.md §4.4). */
async function shadowFrom(url: string, owner: IdentityKey, documentId: Uint8Array, secret: Uint8Array): Promise<Uint8Array> {
  const response = await fetch(`${url}/shadow/${hex(documentId)}/${hex(owner.signDocumentId(documentId))}`);
  const body = (await response.json()) as { decrypted_secret: string; common_point: string; decrypt_shadows: string[] };
  assert.equal(response.status, 200, JSON.stringify(body));
  return combineShadowAnswer(secret, {
    decryptedSecret: fromHex(body.decrypted_secret),
    commonPoint: fromHex(body.common_point),
    decryptShadows: body.decrypt_shadows.map(fromHex),
  });
}

async function keysHeld(url: string): Promise<number> {
  const response = await fetch(`${url}/v1/status`);
  return ((await response.json()) as { keysHeld: number }).keysHeld;
}

describe('a one-node network (n=1, t=0)', () => {
  let network: TestNetwork;
  before(async () => {
    network = await startTestNetwork({ nodes: 1, threshold: 0 });
  });
  after(() => network.close());

  test('1: generate, store and retrieve give back the same document key', async () => {
    const ownerSecret = randomBytes(32);
    const owner = identityKeyFromSecret('owner', ownerSecret, 'keychain');
    const client = clientFor(await loadNetworkProfile(network.profilePath), owner);
    const key = await sealKey(client, 0);
    const retrieved = await client.retrieveDocumentKey(key.documentId, { serverKey: key.serverKey, threshold: 0 });
    assert.deepEqual(retrieved.documentKey, key.documentKey);
    assert.deepEqual(await shadowFrom(network.urls[0]!, owner, key.documentId, ownerSecret), key.documentKey);
  });
});

describe('a three-node network', () => {
  let network: TestNetwork;
  let profile: NetworkProfile;
  const ownerSecret = randomBytes(32);
  const owner = identityKeyFromSecret('owner', ownerSecret, 'keychain');
  let client: SecretStoreClient;
  before(async () => {
    network = await startTestNetwork({ nodes: 3, threshold: 1 });
    profile = await loadNetworkProfile(network.profilePath);
    client = clientFor(profile, owner);
  });
  after(() => network.close());

  for (const threshold of [0, 1, 2]) {
    test(`1: t=${threshold}: the same document key from every node, by both retrieval paths`, async () => {
      const key = await sealKey(client, threshold);
      const retrieved = await client.retrieveDocumentKey(key.documentId, { serverKey: key.serverKey, threshold });
      assert.deepEqual(retrieved.documentKey, key.documentKey);
      assert.equal(retrieved.answered.length, threshold + 1);
      for (const url of network.urls) {
        // 9: Parity's GET /shadow answer, combined with Parity's formula, from each node as coordinator.
        assert.deepEqual(await shadowFrom(url, owner, key.documentId, ownerSecret), key.documentKey);
      }
    });
  }

  test('2: a threshold of n or more is refused clearly, on the client and on a node', async () => {
    await assert.rejects(client.generateServerKey(randomBytes(32), 3), (e: unknown) => isSealdropError(e, 'threshold-invalid'));
    const documentId = randomBytes(32);
    const response = await fetch(`${network.urls[0]}/shadow/${hex(documentId)}/${hex(owner.signDocumentId(documentId))}/3`, { method: 'POST' });
    assert.notEqual(response.status, 200);
    assert.match(await response.text(), /[Tt]hreshold/);
    for (const url of network.urls) assert.equal(await fetch(`${url}/v1/keys/${hex(documentId)}`).then((r) => r.status), 404);
  });

  test('2: the same document id twice → 400; storing twice → 400; a non-author storing → 403', async () => {
    const key = await sealKey(client, 1);
    const signature = hex(owner.signDocumentId(key.documentId));
    const again = await fetch(`${network.urls[1]}/shadow/${hex(key.documentId)}/${signature}/1`, { method: 'POST' });
    assert.equal(again.status, 400);
    await assert.rejects(client.storeDocumentKey(key.documentId, key.serverKey), (e: unknown) => isSealdropError(e, 'document-key-exists'));

    const fresh = randomBytes(32);
    const serverKey = await client.generateServerKey(fresh, 1);
    const stranger = clientFor(profile, person());
    await assert.rejects(stranger.storeDocumentKey(fresh, serverKey), (e: unknown) => isSealdropError(e, 'access-denied'));
  });

  test('2: an unknown id → 404; a server key without a document key → 404', async () => {
    const unknown = randomBytes(32);
    const response = await fetch(`${network.urls[0]}/shadow/${hex(unknown)}/${hex(owner.signDocumentId(unknown))}`);
    assert.equal(response.status, 404);
    const bare = randomBytes(32);
    const serverKey = await client.generateServerKey(bare, 1);
    const noDocumentKey = await fetch(`${network.urls[2]}/shadow/${hex(bare)}/${hex(owner.signDocumentId(bare))}`);
    assert.equal(noDocumentKey.status, 404);
    await assert.rejects(client.retrieveDocumentKey(bare, { serverKey, threshold: 1 }), (e: unknown) => isSealdropError(e));
  });

  test('3: a recipient not granted gets 403, granted opens, revoked gets 403 again', async () => {
    const key = await sealKey(client, 1);
    const recipient = person();
    const theirs = clientFor(profile, recipient);
    const reference = { serverKey: key.serverKey, threshold: 1 };
    await assert.rejects(theirs.retrieveDocumentKey(key.documentId, reference), (e: unknown) => isSealdropError(e, 'access-denied'));
    const granted = await client.grant(key.documentId, [recipient.addressBytes]);
    assert.equal(granted.acknowledged, 3);
    assert.equal(granted.effective, true);
    assert.deepEqual((await theirs.retrieveDocumentKey(key.documentId, reference)).documentKey, key.documentKey);
    const revoked = await client.revoke(key.documentId, [recipient.addressBytes]);
    assert.equal(revoked.effective, true);
    await assert.rejects(theirs.retrieveDocumentKey(key.documentId, reference), (e: unknown) => isSealdropError(e, 'access-denied'));
    const denied = await fetch(`${network.urls[0]}/shadow/${hex(key.documentId)}/${hex(recipient.signDocumentId(key.documentId))}`);
    assert.equal(denied.status, 403);
  });

  test('8: two concurrent retrievals of one key, and 50 of different keys, all succeed', async () => {
    const key = await sealKey(client, 1);
    const reference = { serverKey: key.serverKey, threshold: 1 };
    const both = await Promise.all([client.retrieveDocumentKey(key.documentId, reference), client.retrieveDocumentKey(key.documentId, reference)]);
    for (const result of both) assert.deepEqual(result.documentKey, key.documentKey);
    const keys: Awaited<ReturnType<typeof sealKey>>[] = [];
    for (let i = 0; i < 5; i++) keys.push(await sealKey(client, 1));
    const many = await Promise.all(
      Array.from({ length: 50 }, async (_, i) => {
        const k = keys[i % keys.length]!;
        const result = await client.retrieveDocumentKey(k.documentId, { serverKey: k.serverKey, threshold: 1 });
        return Buffer.from(result.documentKey).equals(Buffer.from(k.documentKey));
      }),
    );
    assert.equal(many.filter(Boolean).length, 50);
  });

  test('10: malformed requests get 400 with a reason, and the node keeps serving', async () => {
    const documentId = randomBytes(32);
    const signature = owner.signDocumentId(documentId);
    const url = network.urls[0]!;
    const other = randomBytes(32);
    const cases: [string, RequestInit | undefined][] = [
      [`/shadow/0x${hex(documentId)}/${hex(signature)}`, undefined],
      [`/shadow/${hex(documentId)}/0x${hex(signature)}`, undefined],
      [`/shadow/${hex(documentId)}/${hex(signature)}/extra/segment/here`, undefined],
      [`/shadow/${hex(documentId)}/${hex(signature).slice(0, 100)}`, undefined],
      [`/shadow/${hex(documentId)}/${hex(signature)}/1`, { method: 'POST', body: 'x'.repeat(200_000) }],
      [`/v1/keys/${hex(documentId)}/partial`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"signature": 12' }],
    ];
    for (const [path, init] of cases) {
      const response = await fetch(`${url}${path}`, init);
      assert.ok(response.status === 400 || response.status === 413, `${path.slice(0, 40)}… gave ${response.status}`);
    }
    // A signature made over another id: on a Sealdrop route that names the requester it is refused as malformed.
    const wrongId = await fetch(`${url}/v1/keys/${hex(other)}/partial`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signature: `0x${hex(signature)}`, requester: `0x${hex(owner.addressBytes)}` }),
    });
    assert.equal(wrongId.status, 400);
    assert.match(await wrongId.text(), /not made over this document id/);
    const status = await fetch(`${url}/v1/status`);
    assert.equal(status.status, 200);
  });
});

describe('a five-node network (n=5, t=2) with faults', () => {
  let network: TestNetwork;
  let profile: NetworkProfile;
  const owner = person();
  let client: SecretStoreClient;
  before(async () => {
    // Node 4 (index 3) answers wrong partials; node 5 (index 4) deals bad shares.
    network = await startTestNetwork({ nodes: 5, threshold: 2, faults: { 3: { wrongPartial: true } } });
    profile = await loadNetworkProfile(network.profilePath);
    client = clientFor(profile, owner);
  });
  after(() => network.close());

  test('1 and 5: the same key from t+1 verified answers; the node with a wrong partial is named', async () => {
    const key = await sealKey(client, 2);
    // Ask repeatedly so that the lying node's answer is among the first ones at least once.
    let named = false;
    for (let i = 0; i < 4 && !named; i++) {
      const result = await client.retrieveDocumentKey(key.documentId, { serverKey: key.serverKey, threshold: 2 });
      assert.deepEqual(result.documentKey, key.documentKey);
      assert.ok(!result.answered.includes(network.urls[3]!), 'the lying node was never combined');
      named = result.rejected.some((r) => r.node === network.urls[3] && r.code === 'proof-invalid');
    }
    assert.ok(named, 'the lying node is named with proof-invalid');
  });

  test('4: one node stopped → retrieval succeeds; three stopped → a clear error naming how many answered', async () => {
    const key = await sealKey(client, 2);
    const reference = { serverKey: key.serverKey, threshold: 2 };
    await network.stopNode(0);
    try {
      assert.deepEqual((await client.retrieveDocumentKey(key.documentId, reference)).documentKey, key.documentKey);
      await network.stopNode(1);
      await network.stopNode(2);
      await assert.rejects(client.retrieveDocumentKey(key.documentId, reference), (e: unknown) => {
        assert.ok(isSealdropError(e, 'not-enough-nodes'), String(e));
        assert.match((e as Error).message, /answered/);
        return true;
      });
    } finally {
      await network.startNode(0);
      await network.startNode(1);
      await network.startNode(2);
    }
  });

  test('4: generation with one node down fails clearly and stores nothing anywhere', async () => {
    const before = await Promise.all(network.urls.slice(0, 4).map(keysHeld));
    await network.stopNode(4);
    try {
      await assert.rejects(client.generateServerKey(randomBytes(32), 2), (e: unknown) => {
        assert.ok(isSealdropError(e), String(e));
        assert.match((e as Error).message, /did not answer/);
        return true;
      });
      assert.deepEqual(await Promise.all(network.urls.slice(0, 4).map(keysHeld)), before);
    } finally {
      await network.startNode(4);
    }
  });

  test('7: nodes killed and restarted keep their keys; a share tampered on disk is detected', async () => {
    const key = await sealKey(client, 2);
    const reference = { serverKey: key.serverKey, threshold: 2 };
    await network.killNode(0);
    await network.killNode(1);
    await network.startNode(0);
    await network.startNode(1);
    const afterRestart = await client.retrieveDocumentKey(key.documentId, reference);
    assert.deepEqual(afterRestart.documentKey, key.documentKey);

    await network.stopNode(2);
    const db = new ClassicLevel<string, Uint8Array>(join(network.dir, 'devnet-3', 'store'), { valueEncoding: 'view' });
    const dbKey = `share!${hex(key.documentId)}`;
    const value = Uint8Array.from(await db.get(dbKey) ?? []);
    assert.ok(value.length > 0, 'the share record is where the layout says');
    value[value.length - 1]! ^= 1;
    await db.put(dbKey, value);
    await db.close();
    await network.startNode(2);
    const response = await fetch(`${network.urls[2]}/v1/keys/${hex(key.documentId)}/partial`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signature: `0x${hex(owner.signDigest(retrievalDigest(key.documentId)))}` }),
    });
    const body = (await response.json()) as { error: { code: string } };
    assert.equal(body.error.code, 'storage-tampered');
    assert.deepEqual((await client.retrieveDocumentKey(key.documentId, reference)).documentKey, key.documentKey);
  });
});

describe('a dealer that cheats during generation', () => {
  let network: TestNetwork;
  const owner = person();
  before(async () => {
    network = await startTestNetwork({ nodes: 4, threshold: 1, faults: { 3: { corruptDeals: true } } });
  });
  after(() => network.close());

  test('6: is disqualified, and generation completes with the honest nodes', async () => {
    const client = clientFor(await loadNetworkProfile(network.profilePath), owner);
    const key = await sealKey(client, 1);
    const info = (await (await fetch(`${network.urls[0]}/v1/keys/${hex(key.documentId)}`)).json()) as { holders: unknown[] };
    assert.equal(info.holders.length, 3, 'the cheating dealer holds no share');
    assert.equal(await fetch(`${network.urls[3]}/v1/keys/${hex(key.documentId)}`).then((r) => r.status), 404);
    assert.deepEqual((await client.retrieveDocumentKey(key.documentId, { serverKey: key.serverKey, threshold: 1 })).documentKey, key.documentKey);
  });
});

