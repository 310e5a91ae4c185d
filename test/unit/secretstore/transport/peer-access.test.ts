// Only the nodes of the network profile get in or are dialled (PROTOCOL §4): a stranger's request
// never reaches the handler, a listed node will not dial a stranger, and a node removed from the
// profile loses its connection.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { startPeerTransport, type PeerTransport } from '../../../../src-main/domain/secretstore/node/transport/peer-transport.ts';
import { peerIdFromNodeKey } from '../../../../src-main/domain/secretstore/node/transport/node-identity.ts';
import { isSealdropError } from '../../../../src-shared/errors.ts';
import { echoHandler, hex, newNodeKey, startNetwork, startRawNode, type TestNetwork } from './helpers.ts';
import type { Connection, Stream } from '@libp2p/interface';
import { multiaddr } from '@multiformats/multiaddr';
import { inboundRequestHandler } from '../../../../src-main/domain/secretstore/node/transport/inbound-requests.ts';
import { createPeerAllowlist } from '../../../../src-main/domain/secretstore/node/transport/peer-allowlist.ts';

describe('peer access', () => {
  let network: TestNetwork;
  const handled: string[] = [];
  before(async () => {
    network = await startNetwork(2, (index) => async (from, request) => {
      handled.push(hex(from));
      return echoHandler(index)(from, request);
    });
  });
  after(() => network.stop());

  test("an unlisted node's request fails and never reaches the handler", async () => {
    const strangerKey = newNodeKey();
    // The stranger knows the network; the network does not know the stranger.
    const stranger: PeerTransport = await startPeerTransport({
      nodeSecret: strangerKey.secret,
      listen: { host: '127.0.0.1', port: 0 },
      peers: network.peers,
      handler: echoHandler(99),
      requestTimeoutMs: 3_000,
    });
    try {
      await assert.rejects(stranger.request(network.keys[0]!.publicKey, { type: 'echo' }), (error) => isSealdropError(error, 'node-unreachable'));
      assert.deepEqual(handled, []);
      assert.equal(stranger.connectedPeers().length, 0);
      assert.equal(network.nodes[0]!.connectedPeers().length, 0);
      const refusal = network.events.find((e) => e.node === 0 && e.event === 'peer-denied');
      assert.equal(refusal?.details?.direction, 'inbound');
      assert.equal(refusal?.details?.peerId, peerIdFromNodeKey(strangerKey.publicKey).toString());
    } finally {
      await stranger.stop();
    }
  });

  test('a listed node refuses to send a request to a key that is not in the profile', async () => {
    const stranger = newNodeKey();
    await assert.rejects(network.nodes[0]!.request(stranger.publicKey, { type: 'echo' }), (error) => isSealdropError(error, 'access-denied'));
    // Bytes that are no key at all are a caller's mistake, named as such.
    await assert.rejects(network.nodes[0]!.request(new Uint8Array(64), { type: 'echo' }), (error) => isSealdropError(error, 'key-invalid'));
  });

  test("the gater stops our libp2p node from dialling an unlisted peer or an address without a peer id", async () => {
    const strangerKey = newNodeKey();
    const stranger = await startPeerTransport({
      nodeSecret: strangerKey.secret,
      listen: { host: '127.0.0.1', port: 0 },
      peers: [],
      handler: echoHandler(99),
    });
    // A raw node configured like node 0 (same profile), so the real gater is what says no.
    const raw = await startRawNode(newNodeKey(), network.peers);
    try {
      const target = multiaddr(`${stranger.listenAddress()}/p2p/${peerIdFromNodeKey(strangerKey.publicKey).toString()}`);
      await assert.rejects(raw.dial(target), (error: Error) => error.name === 'DialDeniedError');
      // Without a peer id in the address the dial is refused too: we only dial addresses pinned to a key.
      await assert.rejects(raw.dial(multiaddr(stranger.listenAddress())), (error: Error) => error.name === 'DialDeniedError');
      assert.equal(raw.getConnections().length, 0);
    } finally {
      await raw.stop();
      await stranger.stop();
    }
  });

  test('an address that names another peer id than its key is refused as a bad profile', async () => {
    const [first, second] = network.keys;
    const wrong = [{ publicKey: first!.publicKey, address: `/ip4/127.0.0.1/tcp/1/p2p/${peerIdFromNodeKey(second!.publicKey).toString()}` }];
    assert.throws(() => network.nodes[1]!.updatePeers(wrong), (error) => isSealdropError(error, 'profile-invalid'));
    assert.throws(() => network.nodes[1]!.updatePeers([{ publicKey: first!.publicKey, address: 'not a multiaddr' }]), (error) => isSealdropError(error, 'profile-invalid'));
    // The failed update left the old profile in place.
    assert.equal((await network.nodes[1]!.request(first!.publicKey, { type: 'echo' }) as { ok: boolean }).ok, true);
  });

  test('the stream handler refuses a peer the list no longer holds, even on an open connection', async () => {
    // Defence in depth, as if the gater had let the connection through before the list changed.
    const self = newNodeKey();
    const allowlist = createPeerAllowlist(peerIdFromNodeKey(self.publicKey), []);
    const logged: string[] = [];
    let called = false;
    let abortedWith: unknown;
    const serve = inboundRequestHandler({
      allowlist,
      handler: async () => {
        called = true;
        return { ok: true };
      },
      maxMessageBytes: 1024,
      readTimeoutMs: 1_000,
      log: (event) => logged.push(event),
    });
    // A fake stream and connection: only the parts the refusal touches.
    const stream = { abort: (error: Error) => (abortedWith = error) } as unknown as Stream;
    const connection = { remotePeer: peerIdFromNodeKey(newNodeKey().publicKey) } as unknown as Connection;
    await serve(stream, connection);
    assert.ok(isSealdropError(abortedWith, 'access-denied'));
    assert.equal(called, false);
    assert.deepEqual(logged, ['peer-denied']);
  });

  test('removing a node from the profile closes its connection and refuses it afterwards', async () => {
    const [a, b] = network.nodes;
    await a!.request(network.keys[1]!.publicKey, { type: 'echo' });
    assert.equal(a!.connectedPeers().length, 1);
    handled.length = 0;
    b!.updatePeers([network.peers[1]!]);
    await waitFor(() => a!.connectedPeers().length === 0);
    await assert.rejects(a!.request(network.keys[1]!.publicKey, { type: 'echo' }, { timeoutMs: 3_000 }), (error) => isSealdropError(error, 'node-unreachable'));
    assert.deepEqual(handled, []);
    await assert.rejects(b!.request(network.keys[0]!.publicKey, { type: 'echo' }), (error) => isSealdropError(error, 'access-denied'));
    // And back: with the full profile again, requests flow as before.
    b!.updatePeers(network.peers);
    assert.equal((await a!.request(network.keys[1]!.publicKey, { type: 'echo' }) as { ok: boolean }).ok, true);
  });
});

/** Polls until `condition` holds (connection teardown is asynchronous); fails after two seconds. */
async function waitFor(condition: () => boolean): Promise<void> {
  for (let waited = 0; !condition(); waited += 20) {
    if (waited > 2_000) assert.fail('condition not met within 2 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
