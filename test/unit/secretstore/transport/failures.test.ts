// Requests that cannot be answered: a handler too slow for the time limit, a caller who cancels, a
// node that is stopped, and the same node coming back on the same port with the same key.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPeerTransport } from '../../../../src-main/domain/secretstore/node/transport/peer-transport.ts';
import { isSealdropError, SealdropError } from '../../../../src-shared/errors.ts';
import { echoHandler, startNetwork, timed, type TestNetwork } from './helpers.ts';

describe('failed requests', () => {
  let network: TestNetwork;
  // Slow requests wait on this gate, so no handler timer outlives the tests.
  const gate = Promise.withResolvers<void>();
  before(async () => {
    network = await startNetwork(3, (index) => async (from, request) => {
      if (request.type === 'slow') await gate.promise;
      return echoHandler(index)(from, request);
    });
  });
  after(async () => {
    gate.resolve();
    await network.stop();
  });

  test('a handler slower than the time limit gives "timeout" at the limit', async () => {
    const { ms } = await timed(() =>
      assert.rejects(network.nodes[0]!.request(network.keys[1]!.publicKey, { type: 'slow' }, { timeoutMs: 300 }), (error) => {
        assert.ok(isSealdropError(error, 'timeout'));
        assert.match(error.message, /node 0x[0-9a-f]{4}…[0-9a-f]{4} did not answer within 300 ms/);
        return true;
      }),
    );
    assert.ok(ms >= 290 && ms < 1_500, `took ${ms} ms`);
    // The connection survives a timed-out stream.
    assert.equal(((await network.nodes[0]!.request(network.keys[1]!.publicKey, { type: 'echo' })) as { ok: boolean }).ok, true);
  });

  test('a request to ourselves obeys the time limit too', async () => {
    await assert.rejects(network.nodes[0]!.request(network.keys[0]!.publicKey, { type: 'slow' }, { timeoutMs: 100 }), (error) => isSealdropError(error, 'timeout'));
  });

  test('an aborted request fails with "cancelled", or with the reason when it is a SealdropError', async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 100);
    const { ms } = await timed(() =>
      assert.rejects(network.nodes[0]!.request(network.keys[2]!.publicKey, { type: 'slow' }, { signal: controller.signal }), (error) => isSealdropError(error, 'cancelled')),
    );
    assert.ok(ms < 1_000, `took ${ms} ms`);
    const reason = new SealdropError('not-enough-nodes', 'The session ended.');
    await assert.rejects(network.nodes[1]!.request(network.keys[2]!.publicKey, { type: 'echo' }, { signal: AbortSignal.abort(reason) }), (error) => error === reason);
    await assert.rejects(network.nodes[1]!.request(network.keys[1]!.publicKey, { type: 'echo' }, { signal: AbortSignal.abort() }), (error) => isSealdropError(error, 'cancelled'));
  });

  test('a stopped node is "node-unreachable" at once, named in the message', async (t) => {
    await network.nodes[0]!.request(network.keys[2]!.publicKey, { type: 'echo' });
    await network.nodes[2]!.stop();
    const { ms } = await timed(() =>
      assert.rejects(network.nodes[0]!.request(network.keys[2]!.publicKey, { type: 'echo' }), (error) => {
        assert.ok(isSealdropError(error, 'node-unreachable'));
        assert.match(error.message, /^node 0x[0-9a-f]{4}…[0-9a-f]{4} is unreachable/);
        assert.equal(error.details.node, `0x${Buffer.from(network.keys[2]!.publicKey).toString('hex')}`);
        return true;
      }),
    );
    t.diagnostic(`request to a stopped node failed after ${ms.toFixed(1)} ms (time limit 10 s)`);
    assert.ok(ms < 1_000, `took ${ms} ms`);
    // And the stopped node itself says so, rather than blaming the node it was asked to reach.
    await assert.rejects(network.nodes[2]!.request(network.keys[0]!.publicKey, { type: 'echo' }), (error) => {
      assert.ok(isSealdropError(error, 'node-unreachable'));
      assert.match(error.message, /peer transport is stopped/);
      return true;
    });
  });

  test('a node restarted on the same port with the same key is reachable again, both ways', async () => {
    const port = Number(network.peers[1]!.address.split('/').pop());
    await network.nodes[1]!.stop();
    await assert.rejects(network.nodes[0]!.request(network.keys[1]!.publicKey, { type: 'echo' }), (error) => isSealdropError(error, 'node-unreachable'));
    const restarted = await startPeerTransport({
      nodeSecret: network.keys[1]!.secret,
      listen: { host: '127.0.0.1', port },
      peers: network.peers,
      handler: echoHandler(1),
    });
    network.nodes[1] = restarted;
    assert.equal(restarted.listenAddress(), network.peers[1]!.address);
    const there = (await network.nodes[0]!.request(network.keys[1]!.publicKey, { type: 'echo' })) as { ok: boolean; node: number };
    assert.deepEqual([there.ok, there.node], [true, 1]);
    const back = (await restarted.request(network.keys[0]!.publicKey, { type: 'echo' })) as { ok: boolean; node: number };
    assert.deepEqual([back.ok, back.node], [true, 0]);
  });

  test('listening on a port already in use fails with a clear error', async () => {
    const port = Number(network.peers[0]!.address.split('/').pop());
    await assert.rejects(
      startPeerTransport({ nodeSecret: network.keys[2]!.secret, listen: { host: '127.0.0.1', port }, peers: network.peers, handler: echoHandler(2) }),
      (error) => isSealdropError(error, 'io-failed'),
    );
  });
});
