// Verifiable retrieval (PROTOCOL §5.1) against fixture nodes on 127.0.0.1 that compute genuine
// partials from Shamir shares made in the test (fixture-network.ts).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { isSealdropError } from '../../../../src-shared/errors.ts';
import type { ClientContext } from '../../../../src-main/domain/secretstore/client/context.ts';
import { retrieveDocumentKey, type RetrievalProgress } from '../../../../src-main/domain/secretstore/client/retrieve.ts';
import { storeDocumentKey } from '../../../../src-main/domain/secretstore/client/server-key.ts';
import { publicFromPoint, Point, randomScalar } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import { FixtureNetwork } from './fixture-network.ts';
import { randomSigner, type TestSigner } from './test-signer.ts';

const networks: FixtureNetwork[] = [];
after(async () => {
  await Promise.all(networks.map((network) => network.close()));
});

type Setup = { network: FixtureNetwork; owner: TestSigner; context: ClientContext; documentId: Uint8Array; serverKey: Uint8Array; documentKey: Uint8Array; threshold: number };

/** n fixture nodes holding a t-of-n key with a stored document key. */
async function setup(n: number, threshold: number): Promise<Setup> {
  const network = await FixtureNetwork.start(n, threshold);
  networks.push(network);
  const owner = randomSigner();
  const documentId = Uint8Array.from(randomBytes(32));
  const serverKey = network.dealServerKey(documentId, threshold, owner.address);
  const context: ClientContext = { profile: network.profile(), signer: owner, timeoutMs: 2000 };
  const documentKey = await storeDocumentKey(context, documentId, serverKey);
  return { network, owner, context, documentId, serverKey, documentKey, threshold };
}

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

function expectRejection(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  return assert.rejects(promise, (error: unknown) => {
    assert.ok(isSealdropError(error), `expected a SealdropError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('retrieveDocumentKey', () => {
  test('recovers the stored document key from t+1 of n honest nodes and reports progress', async () => {
    const s = await setup(5, 2);
    const events: RetrievalProgress[] = [];
    const result = await retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 2 }, (p) => events.push(p));
    assert.equal(hex(result.documentKey), hex(s.documentKey));
    assert.equal(result.answered.length, 3);
    assert.deepEqual(result.rejected, []);
    assert.equal(events[0]?.step, 'asking key holders');
    assert.deepEqual(events.slice(1).map((e) => e.step), ['answered 1/3', 'answered 2/3', 'answered 3/3']);
  });

  test('works for t = 0 (one holder suffices)', async () => {
    const s = await setup(2, 0);
    const result = await retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 0 });
    assert.equal(hex(result.documentKey), hex(s.documentKey));
    assert.equal(result.answered.length, 1);
  });

  test('detects and names a node that answers a wrong partial, and still succeeds', async () => {
    const s = await setup(5, 2);
    const bad = s.network.nodes[1];
    assert.ok(bad);
    bad.behaviour.wrongPartial = true;
    // Honest nodes answer a little later, so the bad answer is surely examined before t+1 valid ones.
    for (const node of s.network.nodes) if (node !== bad) node.behaviour.partialDelayMs = 150;
    const result = await retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 2 });
    assert.equal(hex(result.documentKey), hex(s.documentKey));
    assert.deepEqual(result.rejected.map((r) => [r.node, r.code]), [[bad.url, 'proof-invalid']]);
    assert.match(result.rejected[0]?.reason ?? '', /Chaum-Pedersen/);
    assert.ok(!result.answered.includes(bad.url));
  });

  test('skips nodes that are down (connection refused) when t+1 others answer', async () => {
    const s = await setup(5, 2);
    await s.network.stop(0);
    await s.network.stop(3);
    const result = await retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 2 });
    assert.equal(hex(result.documentKey), hex(s.documentKey));
    const down = [s.network.nodes[0]?.url, s.network.nodes[3]?.url].sort();
    assert.deepEqual([...result.unreachable, ...result.pending].sort(), down);
  });

  test('too few nodes up: not-enough-nodes with a message counting answers', async () => {
    const s = await setup(5, 2);
    await Promise.all([0, 2, 4].map((index) => s.network.stop(index)));
    await expectRejection(
      retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 2 }),
      'not-enough-nodes',
      /^2 of 5 key holders answered; 3 are needed \(3 unreachable\)\.$/,
    );
  });

  test('a bad partial among too few answers: not-enough-nodes naming the bad node', async () => {
    const s = await setup(4, 2);
    await s.network.stop(0);
    const bad = s.network.nodes[2];
    assert.ok(bad);
    bad.behaviour.wrongPartial = true;
    await expectRejection(
      retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 2 }),
      'not-enough-nodes',
      new RegExp(`^2 of 4 key holders answered; 3 are needed \\(1 unreachable; 1 gave an invalid answer: ${bad.url}\\)\\.$`),
    );
  });

  test('a requester not on the access list gets access-denied', async () => {
    const s = await setup(3, 1);
    const stranger = randomSigner();
    await expectRejection(
      retrieveDocumentKey({ ...s.context, signer: stranger }, s.documentId, { serverKey: s.serverKey, threshold: 1 }),
      'access-denied',
      /^0 of 3 key holders answered; 2 are needed \(3 denied access\)\.$/,
    );
  });

  test('an unknown document id: most nodes say not found', async () => {
    const s = await setup(3, 1);
    await expectRejection(
      retrieveDocumentKey(s.context, Uint8Array.from(randomBytes(32)), { serverKey: s.serverKey, threshold: 1 }),
      'server-key-not-found',
    );
  });

  test('a node reporting a forged encrypted point is outvoted: the key is still right', async () => {
    const s = await setup(3, 1);
    const liar = s.network.nodes[0];
    assert.ok(liar);
    liar.behaviour.forgedEncryptedPoint = publicFromPoint(Point.BASE.multiply(randomScalar()));
    const result = await retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 1 });
    assert.equal(hex(result.documentKey), hex(s.documentKey));
  });

  test('a server key other than the one in the file is never combined with', async () => {
    const s = await setup(3, 1);
    const otherKey = publicFromPoint(Point.BASE.multiply(randomScalar()));
    await expectRejection(
      retrieveDocumentKey(s.context, s.documentId, { serverKey: otherKey, threshold: 1 }),
      'not-enough-nodes',
      /^0 of 3 key holders answered; 2 are needed \(3 failed\)\. No 2 key holders agree on the key's public data.*server key other than the one in the file/,
    );
  });

  test('a node answering garbage is rejected by name; retrieval succeeds with the others', async () => {
    const s = await setup(4, 1);
    const bad = s.network.nodes[3];
    assert.ok(bad);
    bad.behaviour.garbage = true;
    for (const node of s.network.nodes) if (node !== bad) node.behaviour.partialDelayMs = 150;
    const result = await retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 1 });
    assert.equal(hex(result.documentKey), hex(s.documentKey));
    assert.deepEqual(result.rejected.map((r) => r.node), [bad.url]);
    assert.match(result.rejected[0]?.reason ?? '', /malformed/);
  });

  test('does not wait for a slow node once t+1 valid answers are in, and closes its request', async () => {
    const s = await setup(3, 1);
    const slow = s.network.nodes[2];
    assert.ok(slow);
    slow.behaviour.partialDelayMs = 10_000;
    const started = Date.now();
    const result = await retrieveDocumentKey({ ...s.context, timeoutMs: 20_000 }, s.documentId, { serverKey: s.serverKey, threshold: 1 });
    assert.ok(Date.now() - started < 3000, 'returned before the slow node answered');
    assert.equal(hex(result.documentKey), hex(s.documentKey));
    assert.deepEqual(result.pending, [slow.url]);
    // The aborted request reaches the fixture as a closed connection.
    for (let wait = 0; wait < 50 && slow.abandoned === 0; wait++) await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(slow.abandoned, 1);
  });

  test('a node that does not answer in time counts as unreachable', async () => {
    const s = await setup(3, 1);
    const slow = s.network.nodes[0];
    assert.ok(slow);
    slow.behaviour.partialDelayMs = 5_000;
    await s.network.stop(1);
    await expectRejection(
      retrieveDocumentKey({ ...s.context, timeoutMs: 300 }, s.documentId, { serverKey: s.serverKey, threshold: 1 }),
      'not-enough-nodes',
      /^1 of 3 key holders answered; 2 are needed \(2 unreachable\)\.$/,
    );
  });

  test('cancellation rejects with cancelled', async () => {
    const s = await setup(3, 1);
    for (const node of s.network.nodes) node.behaviour.partialDelayMs = 5_000;
    const controller = new AbortController();
    const pending = retrieveDocumentKey({ ...s.context, signal: controller.signal }, s.documentId, { serverKey: s.serverKey, threshold: 1 });
    setTimeout(() => controller.abort(), 50);
    await expectRejection(pending, 'cancelled');
  });

  test('refuses a threshold the network cannot meet before asking anyone', async () => {
    const s = await setup(2, 1);
    await expectRejection(retrieveDocumentKey(s.context, s.documentId, { serverKey: s.serverKey, threshold: 2 }), 'not-enough-nodes', /needs 3 key holders; this network has only 2/);
  });
});
