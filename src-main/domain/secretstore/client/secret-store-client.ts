// The secret-store client in one object: every operation bound to a network profile and a signer,
// for the CLI, the app and tests. Each method is the function of the same name in this folder.
import type { AclRecord } from '../node/records.ts';
import { grant, pushAcl, readAcl, revoke, type AclChange, type AclPush, type AclReading } from './acl.ts';
import { audit, type AuditReport } from './audit.ts';
import type { ClientContext } from './context.ts';
import { retrieveDocumentKey, type KeyReference, type RetrievalProgress, type RetrievalResult } from './retrieve.ts';
import { retrieveDocumentKeyParity } from './retrieve-parity.ts';
import { generateServerKey, storeDocumentKey } from './server-key.ts';
import { networkStatus, type NetworkStatus } from './status.ts';

export type { ClientContext, NodeFailure, Signer } from './context.ts';
export type { AclChange, AclPush, AclReading } from './acl.ts';
export type { AuditEvent, AuditReport } from './audit.ts';
export type { KeyReference, RetrievalProgress, RetrievalResult } from './retrieve.ts';
export type { NetworkStatus, NodeStatusReport } from './status.ts';

/** Secret-store operations on one network as one requester. */
export type SecretStoreClient = {
  generateServerKey(documentId: Uint8Array, threshold: number): Promise<Uint8Array>;
  storeDocumentKey(documentId: Uint8Array, serverKey: Uint8Array): Promise<Uint8Array>;
  retrieveDocumentKey(documentId: Uint8Array, key: KeyReference, onProgress?: (progress: RetrievalProgress) => void): Promise<RetrievalResult>;
  retrieveDocumentKeyParity(documentId: Uint8Array): Promise<{ documentKey: Uint8Array; node: string }>;
  readAcl(documentId: Uint8Array, options?: { author?: Uint8Array }): Promise<AclReading>;
  pushAcl(record: AclRecord): Promise<AclPush>;
  grant(documentId: Uint8Array, addresses: readonly Uint8Array[]): Promise<AclChange>;
  revoke(documentId: Uint8Array, addresses: readonly Uint8Array[]): Promise<AclChange>;
  audit(documentId: Uint8Array, options?: { windowMs?: number }): Promise<AuditReport>;
  networkStatus(): Promise<NetworkStatus>;
};

/** Binds every operation to `context` ({ profile, signer, timeoutMs?, signal? }). */
export function createSecretStoreClient(context: ClientContext): SecretStoreClient {
  return {
    generateServerKey: (documentId, threshold) => generateServerKey(context, documentId, threshold),
    storeDocumentKey: (documentId, serverKey) => storeDocumentKey(context, documentId, serverKey),
    retrieveDocumentKey: (documentId, key, onProgress) => retrieveDocumentKey(context, documentId, key, onProgress),
    retrieveDocumentKeyParity: (documentId) => retrieveDocumentKeyParity(context, documentId),
    readAcl: (documentId, options) => readAcl(context, documentId, options),
    pushAcl: (record) => pushAcl(context, record),
    grant: (documentId, addresses) => grant(context, documentId, addresses),
    revoke: (documentId, addresses) => revoke(context, documentId, addresses),
    audit: (documentId, options) => audit(context, documentId, options),
    networkStatus: () => networkStatus(context),
  };
}
