// What a requester signs on Sealdrop's own routes (review finding H3). Parity's routes sign the raw
// 32-byte document id, so opening a crafted file would make the user's key sign any 32 bytes the
// file names — an Ethereum transaction hash, say. Sealdrop's routes sign a domain-separated digest
// instead, which can never be a valid message of another protocol:
//   retrieval: keccak256("sealdrop/v1/retrieve" ‖ documentId)
//   audit:     keccak256("sealdrop/v1/audit" ‖ documentId ‖ u64be(time ms))  (fresh: nodes accept ±5 min)
import { keccak_256 } from '@noble/hashes/sha3.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { DOCUMENT_ID_LENGTH } from './requester-signature.ts';

const RETRIEVE_LABEL = utf8ToBytes('sealdrop/v1/retrieve');
const AUDIT_LABEL = utf8ToBytes('sealdrop/v1/audit');
/** How far an audit request's time may be from the node's clock. */
export const AUDIT_FRESHNESS_MS = 5 * 60_000;

function checkId(documentId: Uint8Array): void {
  if (documentId.length !== DOCUMENT_ID_LENGTH) throw new SealdropError('bad-argument', 'A document id is 32 bytes.');
}

/** The digest a requester signs to retrieve a document key's partials. */
export function retrievalDigest(documentId: Uint8Array): Uint8Array {
  checkId(documentId);
  return keccak_256(concatBytes(RETRIEVE_LABEL, documentId));
}

/** The digest the author signs to read a key's audit log at `time` (ms since the epoch). */
export function auditDigest(documentId: Uint8Array, time: number): Uint8Array {
  checkId(documentId);
  if (!Number.isSafeInteger(time) || time < 0) throw new SealdropError('bad-argument', 'An audit time is a whole number of milliseconds.');
  const encoded = new Uint8Array(8);
  new DataView(encoded.buffer).setBigUint64(0, BigInt(time));
  return keccak_256(concatBytes(AUDIT_LABEL, documentId, encoded));
}
