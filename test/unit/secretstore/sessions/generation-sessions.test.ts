// Key generation sessions across in-process nodes: the honest run, and the attacks of the security
// review (a coordinator collecting revealed shares, dealers framing honest nodes, endless restarts,
// a coordinator forming a group of its own, a late abort).
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, test } from 'node:test';
import { SealdropError, isSealdropError } from '../../../../src-shared/errors.ts';
import { addressFromPublic } from '../../../../src-main/domain/secretstore/math/address.ts';
import { identifierScalar } from '../../../../src-main/domain/secretstore/math/dkg.ts';
import { Point, publicFromPoint, publicFromSecret, scalarFromSecret } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import { interpolateSecret } from '../../../../src-main/domain/secretstore/math/lagrange.ts';
import { signPeerMessage } from '../../../../src-main/domain/secretstore/math/peer-message-signature.ts';
import { signDocumentId } from '../../../../src-main/domain/secretstore/math/requester-signature.ts';
import { coordinateGeneration } from '../../../../src-main/domain/secretstore/node/sessions/generation-coordinator.ts';
import { toHex } from '../../../../src-main/domain/secretstore/node/sessions/wire.ts';
import { SessionNetwork } from './session-network.ts';

const author = Uint8Array.from(randomBytes(32));

function generate(network: SessionNetwork, threshold: number, ask = network.askAs(0)) {
  const documentId = Uint8Array.from(randomBytes(32));
  const promise = coordinateGeneration(ask, { documentId, threshold, authorSignature: signDocumentId(author, documentId), participants: network.nodes });
  return { documentId, promise };
}

/** Combines t+1 stored shares and checks x·G = Y: the records really share the server key. */
function sharesOpenServerKey(network: SessionNetwork, documentId: Uint8Array, holdersToUse: number): boolean {
  const records = network.stores.map((s) => s.keys.get(toHex(documentId))).filter((r) => r !== undefined);
  const picked = records.slice(0, holdersToUse).map((r) => {
    const own = r.holders.find((h) => network.stores.some((s, i) => s.keys.get(toHex(documentId)) === r && toHex(h.node) === network.nodes[i]));
    return { identifier: identifierScalar(own?.identifier ?? ''), share: scalarFromSecret(r.share) };
  });
  const x = interpolateSecret(picked);
  return toHex(publicFromPoint(Point.BASE.multiply(x))) === toHex(records[0]?.serverKey ?? new Uint8Array());
}

describe('key generation sessions', () => {
  test('every node stores the same server key, t+1 of the shares open it, the author is the signer', async () => {
    const network = new SessionNetwork(5);
    const { documentId, promise } = generate(network, 2);
    const result = await promise;
    for (const store of network.stores) {
      const record = store.keys.get(toHex(documentId));
      assert.ok(record);
      assert.deepEqual(record.serverKey, result.serverKey);
      assert.equal(record.holders.length, 5);
      assert.deepEqual(record.author, addressFromPublic(publicFromSecret(author)));
    }
    assert.ok(sharesOpenServerKey(network, documentId, 3));
  });

  test('a dealer never reveals a share for a complaint the accuser did not sign, nor after commit', async () => {
    const network = new SessionNetwork(3);
    const base = network.askAs(0);
    let forged: unknown;
    const ask: typeof base = async (node, request) => {
      if (request.type === 'generation/verify' && node === network.nodes[2] && forged === undefined) {
        // The coordinator (node 0) tries to make node 1 reveal what it dealt to node 2.
        const complaint = signPeerMessage(network.secrets[0]!, { kind: 'sealdrop/v1/generation-complaint', session: request.session, dealer: network.nodes[1], accuser: network.nodes[2] });
        forged = await network.send(1, 0, { type: 'generation/reveal', session: request.session, accuser: network.nodes[2], complaint: toHex(complaint) }).catch((e: unknown) => e);
      }
      return base(node, request);
    };
    const { promise } = generate(network, 1, ask);
    await promise;
    assert.ok(isSealdropError(forged, 'access-denied'), String(forged));
    const session = network.log.find((l) => l.type === 'generation/begin')?.request.session;
    const complaint = signPeerMessage(network.secrets[2]!, { kind: 'sealdrop/v1/generation-complaint', session, dealer: network.nodes[1], accuser: network.nodes[2] });
    await assert.rejects(network.send(1, 0, { type: 'generation/reveal', session, accuser: network.nodes[2], complaint: toHex(complaint) }), /committed/);
  });

  test('a dealer with a forged round-1 signature is disqualified, not the honest nodes that accuse it', async () => {
    const network = new SessionNetwork(5);
    // Node 4 broadcasts a bad signature to the others, and keeps its own view consistent.
    let original: Record<string, string> | undefined;
    const badSignature = toHex(signPeerMessage(network.secrets[4]!, { something: 'else' }));
    network.faults.set(4, (request, answer) => {
      if (request.type !== 'generation/begin') return answer;
      original = answer.round1 as Record<string, string>;
      return { round1: { ...original, signature: badSignature } };
    });
    const base = network.askAs(0);
    const ask: typeof base = (node, request) => {
      if (request.type === 'generation/deal' && node === network.nodes[4] && original !== undefined) {
        const mine = original;
        return base(node, { ...request, round1: request.round1.map((b) => (b.signature === badSignature ? (mine as unknown as typeof b) : b)) });
      }
      return base(node, request);
    };
    const { documentId, promise } = generate(network, 1, ask);
    const result = await promise;
    assert.deepEqual(result.disqualified, [network.nodes[4]]);
    assert.equal(network.stores[4]!.keys.size, 0);
    assert.equal(network.stores[0]!.keys.get(toHex(documentId))?.holders.length, 4);
    assert.ok(sharesOpenServerKey(network, documentId, 2));
  });

  test('a node accusing a non-participant is disqualified itself, so generation cannot loop', async () => {
    const network = new SessionNetwork(4);
    network.faults.set(3, (request, answer) => (request.type === 'generation/deal' ? { deals: [], accused: [toHex(publicFromSecret(randomBytes(32)))] } : answer));
    const { documentId, promise } = generate(network, 1);
    const result = await promise;
    assert.deepEqual(result.disqualified, [network.nodes[3]]);
    assert.ok(sharesOpenServerKey(network, documentId, 2));
    assert.ok(network.log.filter((l) => l.type === 'generation/begin').length <= 8, 'at most two attempts');
  });

  test('a dealer whose shares fail is disqualified after complaints and generation completes', async () => {
    const network = new SessionNetwork(4);
    network.faults.set(2, (request, answer) => {
      if (request.type !== 'generation/deal') return answer;
      // Swap the envelopes so every recipient gets a share meant for someone else.
      const deals = answer.deals as { from: string; to: string; envelope: string }[];
      return { ...answer, deals: deals.map((d, i) => ({ ...d, envelope: deals[(i + 1) % deals.length]!.envelope })) };
    });
    const { documentId, promise } = generate(network, 1);
    const result = await promise;
    assert.deepEqual(result.disqualified, [network.nodes[2]]);
    assert.ok(sharesOpenServerKey(network, documentId, 2));
  });

  test('a participant that fails a round after the start is disqualified, and generation completes without it', async () => {
    const network = new SessionNetwork(4);
    network.faults.set(3, (request, answer) => {
      if (request.type === 'generation/verify') throw new SealdropError('internal', 'its disk failed');
      return answer;
    });
    const { documentId, promise } = generate(network, 1);
    const result = await promise;
    assert.deepEqual(result.disqualified, [network.nodes[3]]);
    assert.deepEqual(result.holders, network.nodes.slice(0, 3));
    assert.equal(network.stores[3]!.keys.size, 0, 'the failed node keeps nothing (it was told to abort)');
    assert.equal(network.stores[0]!.keys.get(toHex(documentId))?.holders.length, 3);
    assert.ok(sharesOpenServerKey(network, documentId, 2));
  });

  test('with t = 0 nobody may be left out: a failing participant is reported and nothing is stored', async () => {
    const network = new SessionNetwork(3);
    network.faults.set(2, (request, answer) => {
      if (request.type === 'generation/deal') throw new SealdropError('internal', 'its disk failed');
      return answer;
    });
    const { promise } = generate(network, 0);
    await assert.rejects(promise, (error) => isSealdropError(error, 'internal') && /dealing/.test(error.message));
    assert.ok(network.stores.every((store) => store.keys.size === 0));
  });

  test('more than t participants failing at once cannot leave enough holders: reported, nothing stored', async () => {
    const network = new SessionNetwork(4);
    for (const index of [2, 3]) {
      network.faults.set(index, (request, answer) => {
        if (request.type === 'generation/verify') throw new SealdropError('timeout', 'no answer');
        return answer;
      });
    }
    const { promise } = generate(network, 1);
    await assert.rejects(promise, (error) => isSealdropError(error, 'node-unreachable'));
    assert.ok(network.stores.every((store) => store.keys.size === 0));
  });

  test('participants refuse a generation that leaves out more than t nodes of the network', async () => {
    const network = new SessionNetwork(4);
    const documentId = Uint8Array.from(randomBytes(32));
    const request = {
      type: 'generation/begin',
      session: 'ab'.repeat(16),
      documentId: toHex(documentId),
      threshold: 0,
      authorSignature: toHex(signDocumentId(author, documentId)),
      participants: [network.nodes[0], network.nodes[1]],
    };
    await assert.rejects(network.send(1, 0, request), /at least 4 of the network's 4 nodes/);
  });

  test('an abort after the document key is stored leaves the key in place', async () => {
    const network = new SessionNetwork(3);
    const { documentId, promise } = generate(network, 1);
    await promise;
    const session = network.log.find((l) => l.type === 'generation/begin')?.request.session;
    const record = network.stores[1]!.keys.get(toHex(documentId))!;
    await network.stores[1]!.setDocumentKey(documentId, { commonPoint: record.serverKey, encryptedPoint: record.serverKey });
    await network.send(1, 0, { type: 'generation/abort', session });
    assert.ok(network.stores[1]!.keys.has(toHex(documentId)));
    // Without a document key the same late abort still rolls the key back (all-or-nothing commit).
    await network.send(2, 0, { type: 'generation/abort', session });
    assert.ok(!network.stores[2]!.keys.has(toHex(documentId)));
  });
});
