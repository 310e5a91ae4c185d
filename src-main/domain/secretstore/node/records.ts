// What a key server node keeps per document id (docs/PROTOCOL.md §8). Plain data, no behaviour:
// the share store encrypts the secret parts at rest, the sessions build and read these.

/** One holder of a server key: its node key, DKG identifier and public share Y_i = s_i·G. */
export type KeyHolder = {
  /** The node's 64-byte public key X‖Y. */
  node: Uint8Array;
  /** The DKG identifier x_i as 64 lowercase hex (a non-zero scalar). */
  identifier: string;
  /** Y_i, 64-byte X‖Y. */
  publicShare: Uint8Array;
};

/** The ElGamal-encrypted document key (C = r·G, E = M + r·Y), set once by the author. */
export type StoredDocumentKey = {
  commonPoint: Uint8Array;
  encryptedPoint: Uint8Array;
};

/** Everything a node holds for one server key. `share` is secret; the rest is public. */
export type KeyShareRecord = {
  /** 32 bytes. */
  documentId: Uint8Array;
  /** t: t+1 holders are needed. */
  threshold: number;
  /** The author's 20-byte address (who generated the key; the only one who may store its document key). */
  author: Uint8Array;
  /** Y, 64-byte X‖Y. */
  serverKey: Uint8Array;
  /** Every holder that took part in generation, in identifier order. */
  holders: KeyHolder[];
  /** This node's secret share s_i, 32 bytes big-endian. Never logged, never sent in clear. */
  share: Uint8Array;
  /** Set once by `document/store`. */
  documentKey: StoredDocumentKey | null;
  /** When generation completed (ms since the epoch). */
  createdAt: number;
};

/** A signed owner ACL record as kept by a node (docs/PROTOCOL.md §6). */
export type AclRecord = {
  documentId: Uint8Array;
  version: number;
  /** 20-byte addresses, sorted bytewise, no duplicates. */
  readers: Uint8Array[];
  /** 65 bytes r‖s‖v by the key's author. */
  signature: Uint8Array;
};

/** One retrieval attempt, as the audit log keeps it (docs/PROTOCOL.md §7). */
export type AuditEntry = {
  documentId: Uint8Array;
  /** 20-byte requester address. */
  requester: Uint8Array;
  /** ms since the epoch. */
  time: number;
  allowed: boolean;
  /** Why, for a person: "granted by the owner's ACL v3", "not in the owner's ACL", ... */
  reason: string;
  /** Which route: 'partial' (Sealdrop verifiable) or 'shadow' (Parity). */
  route: 'partial' | 'shadow';
};
