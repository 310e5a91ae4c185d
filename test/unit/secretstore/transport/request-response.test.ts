// Requests and responses between real transports on 127.0.0.1: both directions, many in parallel,
// a node asking itself, and handler errors reaching the requester as protocol error answers.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { echoHandler, hex, startNetwork, timed, type TestNetwork } from './helpers.ts';

describe('peer transport requests', () => {
  let network: TestNetwork;
  before(async () => {
    network = await startNetwork(3, (index) => async (from, request) => {
      if (request.type === 'fail-sealdrop') throw new SealdropError('server-key-exists', 'A server key with this document id already exists.');
      if (request.type === 'fail-other') throw new Error('secret=0xdeadbeef leaked in an internal message');
      if (request.type === 'not-an-object') return 'plain string';
      return echoHandler(index)(from, request);
    });
  });
  after(() => network.stop());

  test('every node reaches every other node, in both directions, and learns who asked', async () => {
    const { nodes, keys } = network;
    for (const [from, node] of nodes.entries()) {
      for (const [to, key] of keys.entries()) {
        if (from === to) continue;
        const response = await node.request(key.publicKey, { type: 'echo', n: from * 10 + to });
        assert.deepEqual(response, { ok: true, node: to, from: hex(keys[from]!.publicKey), request: { type: 'echo', n: from * 10 + to } });
      }
    }
    // One connection per pair is reused both ways, so every node ends up connected to the two others.
    for (const node of nodes) assert.equal(node.connectedPeers().length, 2);
  });

  test('50 parallel requests over fresh connections all get their own answer', async () => {
    const fresh = await startNetwork(3, echoHandler);
    try {
      const targets = Array.from({ length: 50 }, (_, k) => (k % 2) + 1);
      const responses = await Promise.all(targets.map((to, k) => fresh.nodes[0]!.request(fresh.keys[to]!.publicKey, { type: 'echo', k })));
      for (const [k, response] of responses.entries()) {
        assert.deepEqual(response, { ok: true, node: targets[k], from: hex(fresh.keys[0]!.publicKey), request: { type: 'echo', k } });
      }
    } finally {
      await fresh.stop();
    }
  });

  test('a request to our own key is answered by our handler without the network', async () => {
    const [node] = network.nodes;
    const response = await node!.request(node!.publicKey, { type: 'echo', self: true });
    assert.deepEqual(response, { ok: true, node: 0, from: hex(node!.publicKey), request: { type: 'echo', self: true } });
  });

  test("a handler's SealdropError reaches the requester with its code and message", async () => {
    const response = await network.nodes[0]!.request(network.keys[1]!.publicKey, { type: 'fail-sealdrop' });
    assert.deepEqual(response, { ok: false, error: { code: 'server-key-exists', message: 'A server key with this document id already exists.' } });
    const local = await network.nodes[0]!.request(network.keys[0]!.publicKey, { type: 'fail-sealdrop' });
    assert.deepEqual(local, response);
  });

  test('any other handler error becomes "internal" with a generic message and nothing of the original', async () => {
    const response = await network.nodes[1]!.request(network.keys[2]!.publicKey, { type: 'fail-other' });
    assert.deepEqual(response, { ok: false, error: { code: 'internal', message: 'The node failed to process the request.' } });
    assert.ok(!JSON.stringify(network.events).includes('deadbeef'), 'the error message is not logged either');
    assert.ok(network.events.some((e) => e.node === 2 && e.event === 'handler-error' && e.details?.code === 'internal'));
  });

  test('a handler answer that is not a JSON object becomes an "internal" error answer', async () => {
    const response = (await network.nodes[2]!.request(network.keys[0]!.publicKey, { type: 'not-an-object' })) as { ok: boolean; error: { code: string } };
    assert.equal(response.ok, false);
    assert.equal(response.error.code, 'internal');
  });

  test('the listen address is the real TCP port on 127.0.0.1', () => {
    for (const [index, node] of network.nodes.entries()) {
      assert.match(node.listenAddress(), /^\/ip4\/127\.0\.0\.1\/tcp\/[1-9]\d*$/);
      assert.equal(hex(node.publicKey), hex(network.keys[index]!.publicKey));
    }
  });

  test('measures connect latency and a request round trip on loopback (diagnostic only)', async (t) => {
    const fresh = await startNetwork(2, echoHandler);
    try {
      const first = await timed(() => fresh.nodes[0]!.request(fresh.keys[1]!.publicKey, { type: 'echo' }));
      const rounds: number[] = [];
      for (let i = 0; i < 20; i++) rounds.push((await timed(() => fresh.nodes[0]!.request(fresh.keys[1]!.publicKey, { type: 'echo', i }))).ms);
      rounds.sort((a, b) => a - b);
      t.diagnostic(`first request incl. TCP + Noise + Yamux connect: ${first.ms.toFixed(1)} ms`);
      t.diagnostic(`request round trip on an open connection: median ${rounds[10]!.toFixed(2)} ms, min ${rounds[0]!.toFixed(2)} ms, max ${rounds[19]!.toFixed(2)} ms`);
    } finally {
      await fresh.stop();
    }
  });
});
