// The owner-signed ACL backend (DESIGN §4, docs/PROTOCOL.md §6) behind the AccessPolicy interface:
// a node looks up the record it keeps for the document and applies `decideRetrieval`. Storage is
// passed in, so the same policy runs over the node's database or an in-memory map in tests.
import type { AclRecord } from '../node/records.ts';
import type { AccessPolicy, RetrievalDecision } from './access-policy.ts';
import { decideRetrieval } from './owner-signed-record.ts';
import { bytesEqual } from '../math/recoverable-signature.ts';

/** Where the policy finds the newest record a node keeps for a document (null when none). */
export type AclRecordSource = {
  getAcl(documentId: Uint8Array): Promise<AclRecord | null>;
};

/** The owner-signed policy: the author always; others when named in the author's newest record. */
export class OwnerSignedPolicy implements AccessPolicy {
  readonly #source: AclRecordSource;

  /** `source` is the node's record store (only records accepted by `acceptAclUpdate` belong there). */
  constructor(source: AclRecordSource) {
    this.#source = source;
  }

  /** Decides from the kept record; a record filed under another document counts as none. */
  async mayRetrieve(requester: Uint8Array, documentId: Uint8Array, author: Uint8Array): Promise<RetrievalDecision> {
    const kept = await this.#source.getAcl(documentId);
    const record = kept !== null && bytesEqual(kept.documentId, documentId) ? kept : null;
    return decideRetrieval({ requester, author, record });
  }
}
