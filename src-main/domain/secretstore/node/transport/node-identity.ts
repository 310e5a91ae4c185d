// A node's secp256k1 key in the two shapes the transport needs: the 64-byte X‖Y form used everywhere
// in Sealdrop (PROTOCOL §1) and the libp2p key / peer id, whose public key is SEC1-compressed. The
// peer id is derived from the node key, so Noise authenticating the peer id authenticates the node.
import { privateKeyFromRaw, publicKeyFromRaw } from '@libp2p/crypto/keys';
import type { PeerId, PrivateKey } from '@libp2p/interface';
import { peerIdFromPrivateKey, peerIdFromPublicKey } from '@libp2p/peer-id';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { SealdropError } from '../../../../../src-shared/errors.ts';

const NODE_KEY_LENGTH = 64;
const NODE_SECRET_LENGTH = 32;

/** Compresses a 64-byte X‖Y node key to the 33-byte SEC1 form libp2p uses; rejects non-curve points. */
export function compressNodeKey(nodeKey: Uint8Array): Uint8Array {
  if (nodeKey.length !== NODE_KEY_LENGTH) {
    throw new SealdropError('key-invalid', `A node key must be ${NODE_KEY_LENGTH} bytes, got ${nodeKey.length}.`);
  }
  const sec1 = new Uint8Array(1 + NODE_KEY_LENGTH);
  sec1[0] = 0x04;
  sec1.set(nodeKey, 1);
  try {
    return secp256k1.Point.fromBytes(sec1).toBytes(true);
  } catch (cause) {
    throw new SealdropError('key-invalid', 'The node key is not a point on secp256k1.', {}, { cause });
  }
}

/** Expands a 33-byte compressed key back to the 64-byte X‖Y node key. */
export function nodeKeyFromCompressed(compressed: Uint8Array): Uint8Array {
  try {
    return secp256k1.Point.fromBytes(compressed).toBytes(false).subarray(1);
  } catch (cause) {
    throw new SealdropError('key-invalid', 'The peer key is not a compressed secp256k1 point.', {}, { cause });
  }
}

/** The libp2p private key (our peer identity) for a 32-byte node secret. */
export function libp2pKeyFromNodeSecret(nodeSecret: Uint8Array): PrivateKey {
  if (nodeSecret.length !== NODE_SECRET_LENGTH) {
    // The length is safe to say; the secret itself never goes into a message.
    throw new SealdropError('key-invalid', `A node secret must be ${NODE_SECRET_LENGTH} bytes, got ${nodeSecret.length}.`);
  }
  try {
    const key = privateKeyFromRaw(nodeSecret);
    if (key.type !== 'secp256k1') throw new Error(`unexpected key type ${key.type}`);
    return key;
  } catch (cause) {
    throw new SealdropError('key-invalid', 'The node secret is not a valid secp256k1 scalar.', {}, { cause });
  }
}

/** The 64-byte node key belonging to a libp2p private key made by `libp2pKeyFromNodeSecret`. */
export function nodeKeyFromLibp2pKey(privateKey: PrivateKey): Uint8Array {
  return nodeKeyFromCompressed(privateKey.publicKey.raw);
}

/** The libp2p peer id of a 64-byte node key. */
export function peerIdFromNodeKey(nodeKey: Uint8Array): PeerId {
  return peerIdFromPublicKey(publicKeyFromRaw(compressNodeKey(nodeKey)));
}

/** Our own peer id, from our libp2p private key. */
export function peerIdOfLibp2pKey(privateKey: PrivateKey): PeerId {
  return peerIdFromPrivateKey(privateKey);
}

/** The 64-byte node key a secp256k1 peer id stands for, or undefined for any other key type. */
export function nodeKeyFromPeerId(peerId: PeerId): Uint8Array | undefined {
  // Only secp256k1 ids embed the key; an Ed25519 or RSA peer can never be a Sealdrop node.
  if (peerId.type !== 'secp256k1') return undefined;
  return nodeKeyFromCompressed(peerId.publicKey.raw);
}

/** A short, readable label for a node in messages and logs: "node 0x1a2b…9f0e". */
export function nodeLabel(nodeKey: Uint8Array): string {
  const hex = Buffer.from(nodeKey.buffer, nodeKey.byteOffset, nodeKey.byteLength).toString('hex');
  return `node 0x${hex.slice(0, 4)}…${hex.slice(-4)}`;
}
