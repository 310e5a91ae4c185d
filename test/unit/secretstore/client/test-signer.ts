// A requester key for tests, in the Signer shape the identity module provides, made from a random
// secret with the real signing and ECIES code.
import { addressFromPublic } from '../../../../src-main/domain/secretstore/math/address.ts';
import { publicFromSecret, randomScalar, secretFromScalar } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import { signDigest } from '../../../../src-main/domain/secretstore/math/recoverable-signature.ts';
import { signDocumentId } from '../../../../src-main/domain/secretstore/math/requester-signature.ts';
import { eciesDecrypt } from '../../../../src-main/domain/secretstore/parity/ecies.ts';
import type { Signer } from '../../../../src-main/domain/secretstore/client/context.ts';

/** A signer plus its address, for assertions. */
export type TestSigner = Signer & { address: Uint8Array };

/** A fresh random requester. */
export function randomSigner(): TestSigner {
  const secret = secretFromScalar(randomScalar());
  const publicKey = publicFromSecret(secret);
  return {
    publicKey,
    address: addressFromPublic(publicKey),
    signDocumentId: (documentId) => signDocumentId(secret, documentId),
    signDigest: (digest) => signDigest(secret, digest),
    decryptEcies: (envelope) => eciesDecrypt(secret, envelope),
  };
}
