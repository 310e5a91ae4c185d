// Node-to-node messaging (PROTOCOL §4): a libp2p node whose identity is the node key, which accepts
// and dials only the nodes of the network profile, and carries one JSON request and one JSON response
// per stream. This file wires the parts together and is the transport's public face.
import type { Libp2p } from '@libp2p/interface';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import type { TransportLogger } from './connection-gater.ts';
import { answerRequest, inboundRequestHandler, type RequestHandler } from './inbound-requests.ts';
import { startPeerNode } from './libp2p-node.ts';
import { DEFAULT_MAX_MESSAGE_BYTES, KEYSERVER_PROTOCOL, decodeMessage, encodeMessage } from './message-codec.ts';
import { libp2pKeyFromNodeSecret, nodeKeyFromLibp2pKey, nodeLabel, peerIdOfLibp2pKey } from './node-identity.ts';
import { createPeerAllowlist, type PeerAllowlist, type PeerEntry } from './peer-allowlist.ts';
import { cancellationError, sendRequest } from './outbound-request.ts';

export type { PeerEntry } from './peer-allowlist.ts';
export type { RequestHandler } from './inbound-requests.ts';
export type { TransportLogger } from './connection-gater.ts';

/** Everything `startPeerTransport` needs. */
export type PeerTransportOptions = {
  /** The 32-byte secp256k1 node secret; it is the libp2p identity that Noise authenticates. */
  nodeSecret: Uint8Array;
  /** An IP literal and port to listen on (port 0 picks a free one). */
  listen: { host: string; port: number };
  /** The nodes of the network profile: the only peers accepted or dialled. May include this node. */
  peers: readonly PeerEntry[];
  /** Answers a request from a listed peer; the result (a JSON object) is the response. */
  handler: RequestHandler;
  /** Default time limit of one request, in milliseconds (PROTOCOL §4: 10 s). */
  requestTimeoutMs?: number;
  /** Largest message accepted or sent (PROTOCOL §4: 1 MiB). */
  maxMessageBytes?: number;
  /** Receives transport events (refused peers, invalid requests, handler errors); never secrets. */
  logger?: TransportLogger;
};

/** Per-request overrides. */
export type RequestOptions = { timeoutMs?: number; signal?: AbortSignal };

/** A running transport. */
export interface PeerTransport {
  /** This node's 64-byte X‖Y key. */
  readonly publicKey: Uint8Array;
  /** The multiaddr actually listened on (with the real port), without a `/p2p` suffix. */
  listenAddress(): string;
  /**
   * Sends one request and resolves with the peer's parsed JSON response object, an `{ok:false,
   * error}` answer included: the caller validates it. Rejects with `node-unreachable`, `timeout`,
   * `cancelled`, `access-denied` (not a listed node), `key-invalid` (not a curve point) or
   * `request-invalid` (too large, or a malformed response). A request to this node's own key is
   * answered by the local handler without the network.
   */
  request(to: Uint8Array, message: object, options?: RequestOptions): Promise<unknown>;
  /** The listed nodes with an open connection right now. */
  connectedPeers(): Uint8Array[];
  /** Replaces the peer list (addresses, added or removed nodes); connections to removed nodes are closed. */
  updatePeers(peers: readonly PeerEntry[]): void;
  /** Closes every connection and stops listening. */
  stop(): Promise<void>;
}

/** Starts the transport: listens, registers the keyserver protocol, and is ready to send requests. */
export async function startPeerTransport(options: PeerTransportOptions): Promise<PeerTransport> {
  const privateKey = libp2pKeyFromNodeSecret(options.nodeSecret);
  const selfPeerId = peerIdOfLibp2pKey(privateKey);
  const publicKey = nodeKeyFromLibp2pKey(privateKey);
  const selfLabel = nodeLabel(publicKey);
  const requestTimeoutMs = options.requestTimeoutMs ?? 10_000;
  const maxMessageBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const log: TransportLogger = options.logger ?? (() => undefined);
  const allowlist = createPeerAllowlist(selfPeerId, options.peers);
  const node = await startPeerNode({ privateKey, listen: options.listen, allowlist, log, dialTimeoutMs: requestTimeoutMs });
  const inbound = { allowlist, handler: options.handler, maxMessageBytes, readTimeoutMs: requestTimeoutMs, log };
  // Concurrency comes from many streams on one connection; the libp2p default (32 inbound per
  // connection) would reset the 33rd parallel request of a session.
  await node.handle(KEYSERVER_PROTOCOL, inboundRequestHandler(inbound), { maxInboundStreams: 1024, maxOutboundStreams: 1024 });
  log('transport-started', { node: selfLabel, address: ownAddress(node) });

  return {
    publicKey: Uint8Array.from(publicKey),
    listenAddress: () => ownAddress(node),
    request: async (to, message, requestOptions = {}) => {
      const timeoutMs = requestOptions.timeoutMs ?? requestTimeoutMs;
      const body = encodeMessage(message, maxMessageBytes);
      if (Buffer.from(to).equals(Buffer.from(publicKey))) {
        return requestSelf(body, { handler: options.handler, maxMessageBytes, log }, publicKey, selfLabel, timeoutMs, requestOptions.signal);
      }
      const peer = allowlist.byNodeKey(to);
      if (peer === undefined) {
        throw new SealdropError('access-denied', `${to.length === 64 ? nodeLabel(to) : 'That node'} is not in this network's profile.`);
      }
      // Otherwise libp2p's "not started" would read as if the other node were down.
      if (node.status !== 'started') throw new SealdropError('node-unreachable', `This node's peer transport is stopped; ${peer.label} cannot be asked.`);
      return sendRequest(node, peer, body, { timeoutMs, signal: requestOptions.signal, maxMessageBytes });
    },
    connectedPeers: () => connectedPeers(node, allowlist),
    updatePeers: (peers) => {
      allowlist.replace(peers);
      for (const connection of node.getConnections()) {
        if (allowlist.byPeerId(connection.remotePeer) !== undefined) continue;
        log('peer-removed', { peerId: connection.remotePeer.toString() });
        connection.abort(new SealdropError('access-denied', 'The node was removed from the network profile.'));
      }
    },
    stop: async () => {
      await node.stop();
      log('transport-stopped', { node: selfLabel });
    },
  };
}

/** Our listen multiaddr without the `/p2p/<id>` suffix libp2p adds (the key identifies us). */
function ownAddress(node: Libp2p): string {
  const address = node.getMultiaddrs()[0];
  if (address === undefined) throw new SealdropError('internal', 'The peer transport is not listening.');
  return address.toString().replace(/\/p2p\/[^/]+$/, '');
}

/** The 64-byte keys of listed peers we hold an open connection to, each once. */
function connectedPeers(node: Libp2p, allowlist: PeerAllowlist): Uint8Array[] {
  const seen = new Map<string, Uint8Array>();
  for (const connection of node.getConnections()) {
    const peer = allowlist.byPeerId(connection.remotePeer);
    if (connection.status === 'open' && peer !== undefined) seen.set(peer.peerId.toString(), Uint8Array.from(peer.publicKey));
  }
  return [...seen.values()];
}

/**
 * A request to ourselves (a coordinator is also a participant, PROTOCOL §4): the same encoding, the
 * same handler and error mapping and the same time limit as over the network, without a socket.
 */
async function requestSelf(
  body: Uint8Array,
  options: Parameters<typeof answerRequest>[0],
  publicKey: Uint8Array,
  label: string,
  timeoutMs: number,
  signal: AbortSignal | undefined,
): Promise<unknown> {
  if (signal?.aborted === true) throw cancellationError(signal, label);
  let timer: NodeJS.Timeout | undefined;
  let onAbort: (() => void) | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SealdropError('timeout', `${label} (this node) did not answer within ${timeoutMs} ms.`, { timeoutMs })), timeoutMs);
    if (signal === undefined) return;
    onAbort = () => reject(cancellationError(signal, label));
    signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    return decodeMessage(await Promise.race([answerRequest(options, publicKey, label, decodeMessage(body)), limit]));
  } finally {
    clearTimeout(timer);
    if (onAbort !== undefined) signal?.removeEventListener('abort', onAbort);
  }
}
