// What a listed peer can send that is not a valid request: junk, truncated frames, non-JSON, a frame
// over the size limit. Each gets a `request-invalid` answer, the handler never runs, and the node keeps
// serving everyone else.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Libp2p } from '@libp2p/interface';
import { lpStream } from '@libp2p/utils';
import { multiaddr } from '@multiformats/multiaddr';
import { decodeMessage, KEYSERVER_PROTOCOL } from '../../../../src-main/domain/secretstore/node/transport/message-codec.ts';
import { peerIdFromNodeKey } from '../../../../src-main/domain/secretstore/node/transport/node-identity.ts';
import { startPeerTransport } from '../../../../src-main/domain/secretstore/node/transport/peer-transport.ts';
import { isSealdropError } from '../../../../src-shared/errors.ts';
import { echoHandler, startNetwork, startRawNode, type TestNetwork } from './helpers.ts';

const MiB = 1024 * 1024;

describe('malformed peer input', () => {
  let network: TestNetwork;
  let raw: Libp2p;
  let handlerCalls = 0;
  before(async () => {
    network = await startNetwork(3, (index) => async (from, request) => {
      handlerCalls += 1;
      if (request.type === 'huge') return { ok: true, blob: 'x'.repeat(2 * MiB) };
      return echoHandler(index)(from, request);
    });
    // Node 2 is listed everywhere but runs as a raw libp2p node that writes whatever a test says.
    await network.nodes[2]!.stop();
    raw = await startRawNode(network.keys[2]!, network.peers);
  });
  after(async () => {
    await raw.stop();
    await network.stop();
  });

  /** Opens a keyserver stream to node 0, writes `bytes`, closes our side and reads one answer. */
  async function sendRaw(bytes: Uint8Array): Promise<unknown> {
    const target = multiaddr(`${network.peers[0]!.address}/p2p/${peerIdFromNodeKey(network.keys[0]!.publicKey).toString()}`);
    const stream = await raw.dialProtocol(target, KEYSERVER_PROTOCOL);
    const messages = lpStream(stream, { maxDataLength: MiB });
    stream.send(bytes);
    await stream.close().catch(() => undefined);
    const answer = decodeMessage((await messages.read({ signal: AbortSignal.timeout(5_000) })).subarray());
    stream.abort(new Error('test done'));
    return answer;
  }

  /** Asserts an answer is request-invalid, the handler never ran, and node 0 still serves node 1. */
  async function assertRefusedAndHealthy(answer: unknown): Promise<void> {
    const { ok, error } = answer as { ok: boolean; error: { code: string; message: string } };
    assert.equal(ok, false);
    assert.equal(error.code, 'request-invalid');
    assert.equal(handlerCalls, 0, 'the handler never sees a malformed request');
    const healthy = (await network.nodes[1]!.request(network.keys[0]!.publicKey, { type: 'echo' })) as { ok: boolean };
    assert.equal(healthy.ok, true);
    handlerCalls = 0;
  }

  const frame = (body: Uint8Array): Uint8Array => Buffer.concat([varint(body.length), body]);

  test('junk that is not even a length prefix', async () => {
    await assertRefusedAndHealthy(await sendRaw(new Uint8Array(12).fill(0xff)));
  });

  test('a frame whose body is not JSON', async () => {
    await assertRefusedAndHealthy(await sendRaw(frame(Buffer.from('GET / HTTP/1.1\r\n\r\n'))));
  });

  test('a frame whose body is not UTF-8', async () => {
    await assertRefusedAndHealthy(await sendRaw(frame(Uint8Array.of(0x7b, 0x22, 0xc3, 0x28, 0x22, 0x3a, 0x31, 0x7d))));
  });

  test('JSON that is not an object', async () => {
    for (const body of ['[1,2,3]', 'null', '"type"', '42']) await assertRefusedAndHealthy(await sendRaw(frame(Buffer.from(body))));
  });

  test('a frame cut short before the stream closes', async () => {
    await assertRefusedAndHealthy(await sendRaw(frame(Buffer.from('{"type":"echo"}')).subarray(0, 8)));
  });

  test('a length prefix over the limit, followed by that much data', async () => {
    const body = Buffer.alloc(2 * MiB, 0x20);
    await assertRefusedAndHealthy(await sendRaw(frame(body)));
  });

  test('a request over the limit is refused before it is sent', async () => {
    const message = { type: 'echo', blob: 'x'.repeat(MiB) };
    await assert.rejects(network.nodes[1]!.request(network.keys[0]!.publicKey, message), (error) => isSealdropError(error, 'request-invalid'));
    assert.equal(handlerCalls, 0);
  });

  test('a peer allowing larger messages than we do gets request-invalid for an oversized request', async () => {
    await raw.stop();
    const big = await startPeerTransport({
      nodeSecret: network.keys[2]!.secret,
      listen: { host: '127.0.0.1', port: 0 },
      peers: network.peers,
      handler: echoHandler(2),
      maxMessageBytes: 4 * MiB,
    });
    try {
      const answer = await big.request(network.keys[0]!.publicKey, { type: 'echo', blob: 'x'.repeat(2 * MiB) });
      await assertRefusedAndHealthy(answer);
    } finally {
      await big.stop();
      raw = await startRawNode(network.keys[2]!, network.peers);
    }
  });

  test('a handler answer over the limit becomes an "internal" error answer', async () => {
    const answer = (await network.nodes[1]!.request(network.keys[0]!.publicKey, { type: 'huge' })) as { ok: boolean; error: { code: string } };
    assert.deepEqual([answer.ok, answer.error.code], [false, 'internal']);
    handlerCalls = 0;
  });
});

/** Unsigned LEB128, as libp2p's length prefix. */
function varint(value: number): Buffer {
  const bytes: number[] = [];
  for (let rest = value; ; rest = Math.floor(rest / 128)) {
    if (rest < 128) {
      bytes.push(rest);
      return Buffer.from(bytes);
    }
    bytes.push((rest % 128) | 0x80);
  }
}
