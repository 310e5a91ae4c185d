// The peers this node talks to: exactly the nodes of the network profile (PROTOCOL §2). The gater,
// the stream handler and the dialer all ask this one list, so an address change or a removed node is
// seen everywhere at once.
import type { PeerId } from '@libp2p/interface';
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { nodeLabel, peerIdFromNodeKey } from './node-identity.ts';

/** A node of the network profile as the transport is given it. */
export type PeerEntry = {
  /** The node's 64-byte X‖Y key. */
  publicKey: Uint8Array;
  /** Its peer-to-peer multiaddr, e.g. `/ip4/127.0.0.1/tcp/48301` (a `/p2p/<id>` suffix is optional). */
  address: string;
};

/** A listed peer with everything derived from its entry. */
export type KnownPeer = {
  publicKey: Uint8Array;
  peerId: PeerId;
  /** The address as the profile gives it, for messages. */
  address: string;
  /** The dial address, always ending in `/p2p/<peer id>` so libp2p checks the remote's identity. */
  dialAddress: Multiaddr;
  /** "node 0x1a2b…9f0e", for messages and logs. */
  label: string;
};

/** The set of peers accepted in both directions, keyed by peer id; replaceable as a whole. */
export type PeerAllowlist = {
  /** The listed peer with this peer id (object or base58 text), or undefined when it is not in the profile. */
  byPeerId(peerId: PeerId | string): KnownPeer | undefined;
  /** The listed peer with this 64-byte key, or undefined when it is not in the profile. */
  byNodeKey(nodeKey: Uint8Array): KnownPeer | undefined;
  /** Every listed peer except ourselves. */
  all(): KnownPeer[];
  /** Replaces the whole list (validated first, so a bad profile leaves the old list in place). */
  replace(entries: readonly PeerEntry[]): void;
};

const P2P_CODE = 421;

/** Builds the allowlist, leaving out our own key (the profile lists every node, us included). */
export function createPeerAllowlist(selfPeerId: PeerId, entries: readonly PeerEntry[]): PeerAllowlist {
  let peers = indexPeers(selfPeerId, entries);
  return {
    byPeerId: (peerId) => peers.get(peerId.toString()),
    all: () => [...peers.values()],
    byNodeKey: (nodeKey) => {
      if (nodeKey.length !== 64) return undefined;
      return peers.get(peerIdFromNodeKey(nodeKey).toString());
    },
    replace: (next) => {
      peers = indexPeers(selfPeerId, next);
    },
  };
}

/** Validates every entry and indexes it by peer id string. */
function indexPeers(selfPeerId: PeerId, entries: readonly PeerEntry[]): Map<string, KnownPeer> {
  const peers = new Map<string, KnownPeer>();
  for (const entry of entries) {
    const peerId = peerIdFromNodeKey(entry.publicKey);
    if (peerId.equals(selfPeerId)) continue;
    const label = nodeLabel(entry.publicKey);
    peers.set(peerId.toString(), {
      publicKey: Uint8Array.from(entry.publicKey),
      peerId,
      address: entry.address,
      dialAddress: dialAddress(entry.address, peerId, label),
      label,
    });
  }
  return peers;
}

/** Parses a profile address and pins it to the node's peer id. */
function dialAddress(address: string, peerId: PeerId, label: string): Multiaddr {
  let parsed: Multiaddr;
  try {
    parsed = multiaddr(address);
  } catch (cause) {
    throw new SealdropError('profile-invalid', `The peer address of ${label} is not a multiaddr: ${JSON.stringify(address)}.`, {}, { cause });
  }
  const named = parsed.getComponents().filter((component) => component.code === P2P_CODE);
  if (named.length === 0) return parsed.encapsulate(`/p2p/${peerId.toString()}`);
  // An address that names another peer id contradicts the key next to it: refuse rather than guess.
  if (named.length > 1 || named[0]?.value !== peerId.toString()) {
    throw new SealdropError('profile-invalid', `The peer address of ${label} names a different peer id than its key.`);
  }
  return parsed;
}
