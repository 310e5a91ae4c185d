// A loaded secp256k1 key: what callers sign and decrypt with, so the raw secret rarely leaves here.
import { getAddress } from 'ethers';
import { SealdropError } from '../../../src-shared/errors.ts';
import { addressFromPublic, formatAddress } from '../secretstore/math/address.ts';
import { SECRET_LENGTH, publicFromSecret } from '../secretstore/math/encoding.ts';
import { signDocumentId } from '../secretstore/math/requester-signature.ts';
import { DEFAULT_MAC, eciesDecrypt } from '../secretstore/parity/ecies.ts';

/** Length of a digest `signDigest` accepts. */
export const DIGEST_LENGTH = 32;

/** Where a key's secret is kept. */
export type KeyStorage = 'keychain' | 'keystore';

/**
 * A secp256k1 key in memory. The secret sits in a closure, not in a property, so logging or
 * JSON-serialising the object shows only public values.
 */
export interface IdentityKey {
  /** The key's name in the vault ("identity", "node-<name>"). */
  readonly name: string;
  /** The Ethereum address, EIP-55 checksummed (PROTOCOL §1). */
  readonly address: string;
  /** The 20-byte address. */
  readonly addressBytes: Uint8Array;
  /** The 64-byte public key X‖Y, no 04 prefix (PROTOCOL §1). */
  readonly publicKey: Uint8Array;
  /** Where the secret is kept. */
  readonly storage: KeyStorage;
  /** Parity's requester signature over a 32-byte document id: 65 bytes r‖s‖v, v ∈ {0,1}. */
  signDocumentId(documentId: Uint8Array): Uint8Array;
  /** The same recoverable r‖s‖v signature over any 32-byte digest (already hashed by the caller). */
  signDigest(digest: Uint8Array): Uint8Array;
  /** Opens a Parity ECIES envelope addressed to this key ('ciphertext-tampered' if it is not). */
  decryptEcies(envelope: Uint8Array, authData?: Uint8Array): Uint8Array;
  /**
   * A copy of the raw 32-byte secret. Only for code that must hold the key itself (a key server
   * node's libp2p identity, its share-storage key); never log, send or write it in clear.
   */
  exportSecret(): Uint8Array;
}

/** Wraps a 32-byte secret (copied) as an IdentityKey; throws 'key-invalid' if it is not a valid scalar. */
export function identityKeyFromSecret(name: string, secret: Uint8Array, storage: KeyStorage): IdentityKey {
  if (secret.length !== SECRET_LENGTH) throw new SealdropError('key-invalid', `A secret key must be ${SECRET_LENGTH} bytes.`);
  const held = Uint8Array.from(secret);
  const publicKey = publicFromSecret(held);
  const addressBytes = addressFromPublic(publicKey);
  return {
    name,
    address: checksumAddress(addressBytes),
    addressBytes,
    publicKey,
    storage,
    signDocumentId: (documentId) => signDocumentId(held, documentId),
    signDigest(digest) {
      if (digest.length !== DIGEST_LENGTH) throw new SealdropError('bad-argument', `A digest must be ${DIGEST_LENGTH} bytes, got ${digest.length}.`);
      // Same rule as a document id: recoverable ECDSA over the raw 32 bytes, no further hashing.
      return signDocumentId(held, digest);
    },
    decryptEcies: (envelope, authData = DEFAULT_MAC) => eciesDecrypt(held, envelope, authData),
    exportSecret: () => Uint8Array.from(held),
  };
}

/** The EIP-55 checksummed form of a 20-byte address. */
export function checksumAddress(address: Uint8Array): string {
  return getAddress(formatAddress(address));
}
