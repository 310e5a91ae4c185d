// Signatures on node-to-node messages (docs/PROTOCOL.md §4): every dealer message is signed by its
// dealer's node key, so a coordinator that relays it can drop it but cannot alter or forge it.
//
//   digest    = keccak256("sealdrop/v1/peer-message" ‖ canonical JSON of the message, UTF-8)
//   signature = recoverable ECDSA over the digest, r‖s‖v (65 bytes, low-S, v ∈ {0, 1})
//
// The label keeps these signatures apart from every other thing a node key could sign. Sign the
// message without its signature field; the verifier rebuilds the same object and recovers the key.
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { canonicalJsonBytes } from './canonical-json.ts';
import { PUBLIC_LENGTH } from './encoding.ts';
import { bytesEqual, recoverDigestSigner, signDigest } from './recoverable-signature.ts';

/** Domain label prefixed to every signed peer message. */
export const PEER_MESSAGE_LABEL = 'sealdrop/v1/peer-message';
/** Length of a peer-message signature r‖s‖v. */
export const PEER_SIGNATURE_LENGTH = 65;

const LABEL_BYTES = utf8ToBytes(PEER_MESSAGE_LABEL);

/** keccak256(label ‖ canonical JSON): what a node signs; throws 'bad-argument' for non-JSON data. */
export function peerMessageDigest(message: unknown): Uint8Array {
  return keccak_256(concatBytes(LABEL_BYTES, canonicalJsonBytes(message)));
}

/** Signs a JSON message with the node's 32-byte secret key; returns r‖s‖v. */
export function signPeerMessage(nodeSecret: Uint8Array, message: unknown): Uint8Array {
  return signDigest(nodeSecret, peerMessageDigest(message));
}

/**
 * True iff `signature` is the node's (64-byte X‖Y public key) signature over `message`. False for
 * anything malformed, including a message that is not canonical JSON data: it cannot have been signed.
 */
export function verifyPeerMessage(nodePublic: Uint8Array, message: unknown, signature: Uint8Array): boolean {
  if (nodePublic.length !== PUBLIC_LENGTH || signature.length !== PEER_SIGNATURE_LENGTH) return false;
  let digest: Uint8Array;
  try {
    digest = peerMessageDigest(message);
  } catch (error) {
    // Why: only "not JSON data" means "not signed"; anything else is a bug and must surface.
    if (error instanceof SealdropError && error.code === 'bad-argument') return false;
    throw error;
  }
  const signer = recoverDigestSigner(signature, digest);
  return signer !== null && bytesEqual(signer, nodePublic);
}
