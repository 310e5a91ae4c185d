// The libp2p connection gater: only nodes of the profile may connect to us or be dialled by us
// (PROTOCOL §4). Inbound peers are only known after the Noise handshake (the initiator reveals its
// static key in the third message), so the encrypted-connection hooks are where a stranger is cut off.
import type { ConnectionGater, PeerId } from '@libp2p/interface';
import type { Multiaddr } from '@multiformats/multiaddr';
import type { PeerAllowlist } from './peer-allowlist.ts';

/** The transport's structured logger: an event name and a few non-secret facts. */
export type TransportLogger = (event: string, details?: Record<string, unknown>) => void;

const P2P_CODE = 421;

/** A gater that denies every connection, in either direction, to a peer not in the allowlist. */
export function allowlistGater(allowlist: PeerAllowlist, log: TransportLogger): ConnectionGater {
  /** True (deny) when the peer is not listed; logs the refusal with the peer id (public, not secret). */
  const denyUnlisted = (direction: 'inbound' | 'outbound', peerId: PeerId): boolean => {
    if (allowlist.byPeerId(peerId) !== undefined) return false;
    log('peer-denied', { direction, peerId: peerId.toString() });
    return true;
  };
  return {
    denyDialPeer: (peerId) => denyUnlisted('outbound', peerId),
    denyDialMultiaddr: (address: Multiaddr) => {
      // We only ever dial addresses pinned to a peer id; anything else did not come from the profile.
      const peerIdText = address.getComponents().find((component) => component.code === P2P_CODE)?.value;
      const allowed = peerIdText !== undefined && allowlist.byPeerId(peerIdText) !== undefined;
      if (!allowed) log('peer-denied', { direction: 'outbound', address: address.toString() });
      return !allowed;
    },
    denyOutboundEncryptedConnection: (peerId) => denyUnlisted('outbound', peerId),
    denyInboundEncryptedConnection: (peerId) => denyUnlisted('inbound', peerId),
    // Belt and braces: the upgraded-connection hooks run again after muxing, should a future
    // transport skip the encrypted-connection ones (libp2p lets transports that secure themselves do so).
    denyOutboundUpgradedConnection: (peerId) => denyUnlisted('outbound', peerId),
    denyInboundUpgradedConnection: (peerId) => denyUnlisted('inbound', peerId),
  };
}
