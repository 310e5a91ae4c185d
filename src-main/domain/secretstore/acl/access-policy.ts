// Who may retrieve a document key (DESIGN §4): one interface, two backends — the owner-signed
// records of docs/PROTOCOL.md §6 (`owner-signed-policy.ts`) and, later, a permissioning contract
// queried on chain. A node asks its policy before every retrieval and writes the answer, with its
// reason, to the audit log.

/** A retrieval decision with a reason a person can read in the audit log. */
export type RetrievalDecision = {
  allowed: boolean;
  /** e.g. "granted by the owner's access list v3", "not on the owner's access list v3". Never secret. */
  reason: string;
};

/** An ACL backend: decides whether `requester` may retrieve the document key of `documentId`. */
export interface AccessPolicy {
  /**
   * All three are raw bytes: requester and author are 20-byte addresses, documentId is 32 bytes.
   * Resolves to a decision; rejects only when the backend itself fails (database, chain unreachable),
   * which the caller must treat as a denial.
   */
  mayRetrieve(requester: Uint8Array, documentId: Uint8Array, author: Uint8Array): Promise<RetrievalDecision>;
}
