// What the HTTP API needs from a key server node (docs/PROTOCOL.md §3). The HTTP layer parses and
// validates requests, calls one of these methods with exactly the decoded bytes, and encodes the
// result; sessions, storage, ACL checks and signature recovery live behind this interface.
//
// Arguments the HTTP layer guarantees: documentId is 32 bytes; signature is 65 bytes r‖s‖v with
// v ∈ 0..3 (not yet recovered: recovering it is the service's job, and an unrecoverable signature
// should be thrown as 'key-invalid'); commonPoint/encryptedPoint are 64 bytes (not yet checked to
// lie on the curve); threshold is a non-negative safe integer (not yet checked against n); an ACL
// record has a 32-byte id matching the URL, a version that is a safe integer ≥ 0, 20-byte readers
// sorted bytewise without duplicates, and a 65-byte signature with v ∈ 0..3.
//
// Errors: throw SealdropError. The HTTP status follows the code (error-mapping.ts): 'access-denied'
// 403; 'not-enough-nodes' (fewer than t+1 holders consented or answered validly) 403 as Parity's
// "Consensus unreachable"; 'server-key-not-found' / 'document-key-not-found' 404; 'server-key-exists',
// 'document-key-exists', 'key-invalid', 'bad-argument', 'request-invalid' 400; 'acl-stale' 409;
// 'threshold-invalid', 'node-unreachable', 'timeout' and every other code 500. Anything that is not
// a SealdropError is answered 500 with a generic message and logged without its message.
import type { ShadowAnswer } from '../../parity/shadow.ts';
import type { AclRecord, AuditEntry, KeyHolder, StoredDocumentKey } from '../records.ts';

export type { AclRecord, AuditEntry, KeyHolder, ShadowAnswer, StoredDocumentKey };

/** Public metadata of one server key, as `GET /v1/keys/{id}` returns it (all public values). */
export type KeyInfo = {
  /** 32 bytes. */
  documentId: Uint8Array;
  /** t: t+1 holders are needed. */
  threshold: number;
  /** Y, 64-byte X‖Y. */
  serverKey: Uint8Array;
  /** The author's 20-byte address. */
  author: Uint8Array;
  /** Every holder, in identifier order, with its public share Y_i (clients check them against Y). */
  holders: KeyHolder[];
  /** The ElGamal pair (C, E) once the author stored it, else null. */
  documentKey: StoredDocumentKey | null;
};

/**
 * This node's state for `GET /v1/status`. The request counters (`requests: { served, refused }`)
 * are not part of it: the HTTP layer counts every answer itself, including the ones it refuses
 * before the service is called, and adds them to the response.
 */
export type NodeStatus = {
  /** This node's 64-byte public key X‖Y. */
  node: Uint8Array;
  /** This node's 20-byte address. */
  address: Uint8Array;
  /** The network id: the 32-byte servers-set hash of the profile (PROTOCOL §2). */
  network: Uint8Array;
  /** Peers of the profile currently connected, out of all the other nodes it lists. */
  peers: { connected: number; total: number };
  /** How many server keys this node holds a share of. */
  keysHeld: number;
  /** When the node started (ms since the epoch). */
  startedAt: number;
  /** The Sealdrop version the node runs. */
  version: string;
};

/** The key server operations behind the HTTP API; one method per route. */
export interface KeyServerService {
  /** `POST /shadow/{id}/{sig}/{t}`: runs generation on all n nodes; returns the server key Y (64 bytes). */
  generateServerKey(documentId: Uint8Array, signature: Uint8Array, threshold: number): Promise<Uint8Array>;
  /** `POST /shadow/{id}/{sig}/{C}/{E}`: stores the client-made document key; only the author, once. */
  storeDocumentKey(documentId: Uint8Array, signature: Uint8Array, commonPoint: Uint8Array, encryptedPoint: Uint8Array): Promise<void>;
  /** `GET /shadow/{id}/{sig}`: Parity shadow retrieval, coordinated by this node. */
  shadowRetrieve(documentId: Uint8Array, signature: Uint8Array): Promise<ShadowAnswer>;
  /** `GET /server/{id}/{sig}`: the server key Y, for its author only ('access-denied' otherwise). */
  serverKeyForAuthor(documentId: Uint8Array, signature: Uint8Array): Promise<Uint8Array>;
  /** `POST /v1/keys/{id}/partial`: this node's proven partial, ECIES-encrypted to the requester (PROTOCOL §5.2); identifier as 64 lowercase hex without 0x (sent as 0x + hex). */
  partial(documentId: Uint8Array, signature: Uint8Array): Promise<{ node: Uint8Array; identifier: string; envelope: Uint8Array }>;
  /** `GET /v1/keys/{id}`: public metadata ('server-key-not-found' when this node holds no such key). */
  keyInfo(documentId: Uint8Array): Promise<KeyInfo>;
  /** `GET /v1/acl/{id}`: the newest valid owner-signed ACL record kept, or null. */
  getAcl(documentId: Uint8Array): Promise<AclRecord | null>;
  /** `PUT /v1/acl/{id}`: verifies and keeps a newer record ('acl-stale' when not newer); returns the version kept. */
  putAcl(record: AclRecord): Promise<{ version: number }>;
  /** `POST /v1/audit/{id}`: the retrieval log of a key, for its author only. */
  audit(documentId: Uint8Array, signature: Uint8Array, time: number): Promise<AuditEntry[]>;
  /** `GET /v1/status`: this node's public state. */
  status(): Promise<NodeStatus>;
}
