// Parity's shadow retrieval (PARITY.md §4.4, docs/PROTOCOL.md §3.1 `GET /shadow/{id}/{sig}`), kept
// for compatibility with Parity-style networks. One node coordinates and returns
// D = decrypted_secret, C' = common_point and t+1 ECIES-encrypted coefficients c_i; the client
// computes M = D + (Σ c_i mod n)·C'. Unlike the Sealdrop path there is no proof: a dishonest node
// can make this return a wrong key without anyone noticing (PARITY.md §4.4, last point).
//
// parity/shadow.ts `combineShadowAnswer` does the same sum but needs the raw secret; here the
// signer opens each envelope, so the requester's secret never leaves the identity module.
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { Fn, SECRET_LENGTH, pointFromPublic, publicFromPoint } from '../math/encoding.ts';
import type { ShadowAnswer } from '../parity/shadow.ts';
import { onFirstReachable, requestOptions, type ClientContext, type Signer } from './context.ts';
import { checkDocumentId } from './server-key.ts';

/** M = D + (Σ c_i)·C' with each c_i opened by the signer; 'ciphertext-tampered' for a bad shadow. */
export async function combineShadowAnswerWithSigner(signer: Signer, answer: ShadowAnswer): Promise<Uint8Array> {
  if (answer.decryptShadows.length === 0) throw new SealdropError('bad-argument', 'A shadow answer carries no shadows.');
  const D = pointFromPublic(answer.decryptedSecret);
  const commonPoint = pointFromPublic(answer.commonPoint);
  let sum = 0n;
  for (const shadow of answer.decryptShadows) {
    const plain = await signer.decryptEcies(shadow);
    if (plain.length !== SECRET_LENGTH) throw new SealdropError('ciphertext-tampered', 'A decrypt shadow does not hold a 32-byte scalar.');
    sum = Fn.add(sum, Fn.create(bytesToNumberBE(plain)));
  }
  // Σ c_i is derived from shares: constant-time multiply. A zero sum (negligible) leaves D as is.
  const M = sum === 0n ? D : D.add(commonPoint.multiply(sum));
  if (M.is0()) throw new SealdropError('key-invalid', 'The shadow answer combines to no document key.');
  return publicFromPoint(M);
}

/** Retrieves M through `GET /shadow/{id}/{sig}` on the first reachable node (unverifiable, Parity compatible). */
export async function retrieveDocumentKeyParity(context: ClientContext, documentId: Uint8Array): Promise<{ documentKey: Uint8Array; node: string }> {
  checkDocumentId(documentId);
  const signature = await context.signer.signDocumentId(documentId);
  return onFirstReachable(context, async (api) => {
    const answer = await api.shadowRetrieve(documentId, signature, requestOptions(context));
    return { documentKey: await combineShadowAnswerWithSigner(context.signer, answer), node: api.url };
  });
}
