// Shared set-up for the transport tests: node keys, a small network of real transports on 127.0.0.1,
// and a raw libp2p node for speaking bytes the transport itself would never send.
import type { Libp2p } from '@libp2p/interface';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { startPeerNode } from '../../../../src-main/domain/secretstore/node/transport/libp2p-node.ts';
import { libp2pKeyFromNodeSecret, peerIdOfLibp2pKey } from '../../../../src-main/domain/secretstore/node/transport/node-identity.ts';
import { createPeerAllowlist } from '../../../../src-main/domain/secretstore/node/transport/peer-allowlist.ts';
import {
  startPeerTransport,
  type PeerEntry,
  type PeerTransport,
  type PeerTransportOptions,
  type RequestHandler,
} from '../../../../src-main/domain/secretstore/node/transport/peer-transport.ts';

/** A node key pair: the 32-byte secret and its 64-byte X‖Y public key. */
export type NodeKey = { secret: Uint8Array; publicKey: Uint8Array };

/** A logged transport event, with the index of the node that logged it. */
export type LoggedEvent = { node: number; event: string; details: Record<string, unknown> | undefined };

/** A running test network and what the tests look at. */
export type TestNetwork = {
  keys: NodeKey[];
  nodes: PeerTransport[];
  /** The profile as every node sees it: key and real listen address of each node. */
  peers: PeerEntry[];
  events: LoggedEvent[];
  /** Stops every node still running (stopping twice is harmless). */
  stop(): Promise<void>;
};

/** A fresh random node key. */
export function newNodeKey(): NodeKey {
  const secret = secp256k1.utils.randomSecretKey();
  return { secret, publicKey: secp256k1.getPublicKey(secret, false).subarray(1) };
}

// Nothing listens on the discard port here; it only stands in until the real addresses are known.
const PLACEHOLDER_ADDRESS = '/ip4/127.0.0.1/tcp/9';

/**
 * Starts `count` transports on 127.0.0.1 with free ports, then gives every node the real profile
 * (the same two steps a devnet takes: listen first, publish addresses second).
 */
export async function startNetwork(
  count: number,
  handlerFor: (index: number) => RequestHandler,
  options: Partial<Pick<PeerTransportOptions, 'requestTimeoutMs' | 'maxMessageBytes'>> = {},
): Promise<TestNetwork> {
  const keys = Array.from({ length: count }, newNodeKey);
  const events: LoggedEvent[] = [];
  const placeholders = keys.map((key) => ({ publicKey: key.publicKey, address: PLACEHOLDER_ADDRESS }));
  const nodes: PeerTransport[] = [];
  for (const [index, key] of keys.entries()) {
    nodes.push(
      await startPeerTransport({
        ...options,
        nodeSecret: key.secret,
        listen: { host: '127.0.0.1', port: 0 },
        peers: placeholders,
        handler: handlerFor(index),
        logger: (event, details) => events.push({ node: index, event, details }),
      }),
    );
  }
  const peers = keys.map((key, index) => ({ publicKey: key.publicKey, address: nodes[index]!.listenAddress() }));
  for (const node of nodes) node.updatePeers(peers);
  return { keys, nodes, peers, events, stop: () => stopAll(nodes) };
}

/** Stops transports, ignoring ones already stopped. */
export async function stopAll(nodes: readonly PeerTransport[]): Promise<void> {
  await Promise.all(nodes.map((node) => node.stop()));
}

/** A bare libp2p node with our configuration and gater, for writing raw bytes on a keyserver stream. */
export async function startRawNode(key: NodeKey, peers: readonly PeerEntry[]): Promise<Libp2p> {
  const privateKey = libp2pKeyFromNodeSecret(key.secret);
  const allowlist = createPeerAllowlist(peerIdOfLibp2pKey(privateKey), peers);
  return startPeerNode({ privateKey, listen: { host: '127.0.0.1', port: 0 }, allowlist, log: () => undefined, dialTimeoutMs: 5_000 });
}

/** An echo handler that says which node answered and who asked. */
export function echoHandler(index: number): RequestHandler {
  return async (from, request) => ({ ok: true, node: index, from: Buffer.from(from).toString('hex'), request });
}

/** Milliseconds taken by `work`, with its result. */
export async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: performance.now() - start, value };
}

/** Hex of a node key, to compare keys with assert. */
export function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('hex');
}
