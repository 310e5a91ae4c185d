// The plaintext a node encrypts to the requester in verifiable retrieval (docs/PROTOCOL.md §5.2):
// D_i (64 bytes X‖Y) ‖ c (32) ‖ z (32), and the context its Chaum-Pedersen proof is bound to.
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { ADDRESS_LENGTH } from './address.ts';
import { PROOF_LENGTH, type ProvenPartial } from './chaum-pedersen.ts';
import { PUBLIC_LENGTH } from './encoding.ts';
import { DOCUMENT_ID_LENGTH } from './requester-signature.ts';

/** Length of an encoded partial answer: D_i ‖ c ‖ z. */
export const PARTIAL_ANSWER_LENGTH = PUBLIC_LENGTH + PROOF_LENGTH;

const CONTEXT_LABEL = utf8ToBytes('sealdrop/v1/partial');

/** D_i ‖ proof, the plaintext of a partial envelope. */
export function encodePartialAnswer(answer: ProvenPartial): Uint8Array {
  if (answer.partial.length !== PUBLIC_LENGTH || answer.proof.length !== PROOF_LENGTH) {
    throw new SealdropError('key-invalid', 'A partial answer needs a 64-byte point and a 64-byte proof.');
  }
  return concatBytes(answer.partial, answer.proof);
}

/** Splits a decrypted partial envelope; the proof is checked by the caller. */
export function decodePartialAnswer(bytes: Uint8Array): ProvenPartial {
  if (bytes.length !== PARTIAL_ANSWER_LENGTH) {
    throw new SealdropError('key-invalid', `A partial answer is ${PARTIAL_ANSWER_LENGTH} bytes, got ${bytes.length}.`);
  }
  return { partial: bytes.slice(0, PUBLIC_LENGTH), proof: bytes.slice(PUBLIC_LENGTH) };
}

/**
 * The proof context: "sealdrop/v1/partial" ‖ documentId ‖ requester address ‖ identifier (32 bytes),
 * so a proof made for one document, requester or node cannot be passed off for another.
 */
export function partialContext(documentId: Uint8Array, requester: Uint8Array, identifier: string): Uint8Array {
  if (documentId.length !== DOCUMENT_ID_LENGTH) throw new SealdropError('bad-argument', 'A document id is 32 bytes.');
  if (requester.length !== ADDRESS_LENGTH) throw new SealdropError('bad-argument', 'An address is 20 bytes.');
  if (!/^[0-9a-f]{64}$/.test(identifier)) throw new SealdropError('bad-argument', 'A node identifier is 64 lowercase hex digits.');
  return concatBytes(CONTEXT_LABEL, documentId, requester, Uint8Array.from(Buffer.from(identifier, 'hex')));
}
