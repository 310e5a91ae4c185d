// The libp2p instance behind the transport, configured down to what PROTOCOL §4 needs: TCP, Noise,
// Yamux, the allowlist gater. No discovery (mDNS, DHT, bootstrap), no relay, no identify: peers come
// only from the network profile, and every node already knows every address it may dial.
import { noise } from '@chainsafe/libp2p-noise';
import { yamux } from '@chainsafe/libp2p-yamux';
import type { Libp2p, PrivateKey } from '@libp2p/interface';
import { tcp } from '@libp2p/tcp';
import { isIP } from 'node:net';
import { createLibp2p } from 'libp2p';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { allowlistGater, type TransportLogger } from './connection-gater.ts';
import type { PeerAllowlist } from './peer-allowlist.ts';

/** How to build a node: its identity, where it listens, whom it accepts. */
export type PeerNodeOptions = {
  privateKey: PrivateKey;
  listen: { host: string; port: number };
  allowlist: PeerAllowlist;
  log: TransportLogger;
  /** Upper bound on how long a connection attempt may take (the request timeout usually ends it sooner). */
  dialTimeoutMs: number;
};

/** The TCP multiaddr for an IP literal and port; host names are refused so we listen where we were told. */
export function listenMultiaddr(host: string, port: number): string {
  const family = isIP(host);
  if (family === 0) throw new SealdropError('bad-argument', `The peer listen host must be an IP address, got ${JSON.stringify(host)}.`);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new SealdropError('bad-argument', `The peer listen port must be 0-65535, got ${port}.`);
  return `/ip${family}/${host}/tcp/${port}`;
}

/** Creates and starts a libp2p node listening only on the given host and port. */
export async function startPeerNode(options: PeerNodeOptions): Promise<Libp2p> {
  const listen = listenMultiaddr(options.listen.host, options.listen.port);
  const node = await createLibp2p({
    // Started below, so a failed listen can still stop what did start (timers, the peer store).
    start: false,
    privateKey: options.privateKey,
    addresses: { listen: [listen] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    // A requester may open dozens of streams the moment its side of a new connection is ready,
    // before ours has attached its stream listener; yamux's default (10 such early streams) would
    // then abort the whole connection. Only listed peers get this far (the gater runs first).
    streamMuxers: [yamux({ maxEarlyStreams: 1000 })],
    connectionGater: allowlistGater(options.allowlist, options.log),
    connectionManager: {
      dialTimeout: options.dialTimeoutMs,
      // Every node of a local devnet shares 127.0.0.1, and the libp2p default (5 new inbound
      // connections per second per host) would turn away a legitimate burst of them. Strangers are
      // still cut off by the gater right after the Noise handshake.
      inboundConnectionThreshold: 50,
    },
    // Peer ids are fixed by the profile, so there is nothing to discover or route.
    peerDiscovery: [],
    services: {},
  });
  try {
    await node.start();
    return node;
  } catch (cause) {
    // Best effort: the listen error is the one worth reporting.
    await Promise.resolve(node.stop()).catch(() => undefined);
    const where = `${options.listen.host}:${options.listen.port}`;
    throw new SealdropError('io-failed', `The peer transport could not listen on ${where}.`, { address: where }, { cause });
  }
}
