// What a key server node does for its HTTP clients (docs/PROTOCOL.md §3): each request either runs on
// this node's own share or is coordinated across the network through `AskPeer`. The HTTP layer parses
// and encodes; this file decides (the HTTP layer counts requests for the status route).
import { SealdropError } from '../../../../src-shared/errors.ts';
import { AUDIT_FRESHNESS_MS, auditDigest } from '../math/request-digests.ts';
import { recoverRequesterAddress } from '../math/requester-signature.ts';
import { verifyAclRecord } from '../acl/owner-signed-record.ts';
import type { ShadowAnswer } from '../parity/shadow.ts';
import type { KeyInfo, KeyServerService, NodeStatus } from './http/key-server-service.ts';
import type { AclRecord, AuditEntry, KeyShareRecord } from './records.ts';
import type { AskPeer } from './sessions/ask.ts';
import { coordinateDocumentStore } from './sessions/document-coordinator.ts';
import { coordinateGeneration } from './sessions/generation-coordinator.ts';
import { lookUpKey } from './sessions/key-lookup.ts';
import type { KeyInfoAnswer } from './sessions/peer-messages.ts';
import { publicKeyInfo } from './sessions/peer-handler.ts';
import type { RetrievalParticipant } from './sessions/retrieval-participant.ts';
import { coordinateShadowRetrieval } from './sessions/shadow-coordinator.ts';
import { fromHex, toHex } from './sessions/wire.ts';

/** The store operations the key server uses directly. */
export type KeyServerStore = {
  getKey(documentId: Uint8Array): Promise<KeyShareRecord | null>;
  hasKey(documentId: Uint8Array): Promise<boolean>;
  countKeys(): Promise<number>;
  getAcl(documentId: Uint8Array): Promise<AclRecord | null>;
  putAcl(record: AclRecord): Promise<void>;
  readAudit(documentId: Uint8Array): Promise<AuditEntry[]>;
};

/** Everything the key server needs, passed in (DESIGN §1: no module state). */
export type KeyServerOptions = {
  /** False on a network whose access list is a contract: owner-signed records are then refused. */
  ownerSignedAcl: boolean;
  nodePublic: Uint8Array;
  nodeAddress: Uint8Array;
  networkId: Uint8Array;
  /** Every node of the network profile (0x hex keys), this one included. */
  networkNodes: readonly string[];
  store: KeyServerStore;
  retrieval: RetrievalParticipant;
  ask: AskPeer;
  connectedPeers: () => number;
  clock: () => number;
  version: string;
};

/** Serves one node's HTTP API. */
export class KeyServer implements KeyServerService {
  readonly #options: KeyServerOptions;
  readonly #startedAt: number;

  constructor(options: KeyServerOptions) {
    this.#options = options;
    this.#startedAt = options.clock();
  }

  /** POST /shadow/{id}/{sig}/{t}: runs the DKG across every node; returns Y. */
  async generateServerKey(documentId: Uint8Array, signature: Uint8Array, threshold: number): Promise<Uint8Array> {
    recoverRequesterAddress(signature, documentId);
    if (await this.#options.store.hasKey(documentId)) {
      throw new SealdropError('server-key-exists', 'A server key with this document id was already generated.');
    }
    const result = await coordinateGeneration(this.#options.ask, { documentId, threshold, authorSignature: signature, participants: this.#options.networkNodes });
    return result.serverKey;
  }

  /** POST /shadow/{id}/{sig}/{C}/{E}: stores the author's ElGamal pair on every holder. */
  async storeDocumentKey(documentId: Uint8Array, signature: Uint8Array, commonPoint: Uint8Array, encryptedPoint: Uint8Array): Promise<void> {
    const key = await this.#lookUp(documentId);
    if (!sameBytes(recoverRequesterAddress(signature, documentId), fromHex(key.author))) {
      throw new SealdropError('access-denied', 'Only the key\'s author may store its document key.');
    }
    if (key.documentKey !== null) throw new SealdropError('document-key-exists', 'A document key was already stored for this server key.');
    await coordinateDocumentStore(this.#options.ask, key, { documentId, signature, commonPoint, encryptedPoint });
  }

  /** GET /shadow/{id}/{sig}: Parity's shadow retrieval, coordinated here. */
  async shadowRetrieve(documentId: Uint8Array, signature: Uint8Array): Promise<ShadowAnswer> {
    return coordinateShadowRetrieval(this.#options.ask, await this.#lookUp(documentId), documentId, signature);
  }

  /** GET /server/{id}/{sig}: Y, for the author only (PARITY.md A9). */
  async serverKeyForAuthor(documentId: Uint8Array, signature: Uint8Array): Promise<Uint8Array> {
    const key = await this.#lookUp(documentId);
    if (!sameBytes(recoverRequesterAddress(signature, documentId), fromHex(key.author))) {
      throw new SealdropError('access-denied', 'Access denied.');
    }
    return fromHex(key.serverKey);
  }

  /** POST /v1/keys/{id}/partial: this node's proven partial, for the requester only. */
  async partial(documentId: Uint8Array, signature: Uint8Array): Promise<{ node: Uint8Array; identifier: string; envelope: Uint8Array }> {
    return this.#options.retrieval.partial(documentId, signature);
  }

  /** GET /v1/keys/{id}: the public metadata this node holds. */
  async keyInfo(documentId: Uint8Array): Promise<KeyInfo> {
    const record = await this.#options.store.getKey(documentId);
    if (record === null) throw new SealdropError('server-key-not-found', 'Server key with this ID is not found.');
    return { documentId, threshold: record.threshold, serverKey: record.serverKey, author: record.author, holders: record.holders, documentKey: record.documentKey };
  }

  /** GET /v1/acl/{id}. */
  getAcl(documentId: Uint8Array): Promise<AclRecord | null> {
    return this.#options.store.getAcl(documentId);
  }

  /** PUT /v1/acl/{id}: keeps the record if the key's author signed it and it is newer. */
  async putAcl(record: AclRecord): Promise<{ version: number }> {
    if (!this.#options.ownerSignedAcl) {
      throw new SealdropError('request-invalid', 'This network keeps its access lists in a contract on chain; change them there (sealdrop grant/revoke does).');
    }
    const key = await this.#options.store.getKey(record.documentId);
    if (key === null) throw new SealdropError('server-key-not-found', 'Server key with this ID is not found.');
    if (!verifyAclRecord(record, key.author)) {
      throw new SealdropError('access-denied', 'The access list is not signed by the key\'s author.');
    }
    await this.#options.store.putAcl(record);
    return { version: record.version };
  }

  /** POST /v1/audit/{id}: the retrieval log, for the author only, with a fresh signature (not a replayable one). */
  async audit(documentId: Uint8Array, signature: Uint8Array, time: number): Promise<AuditEntry[]> {
    if (Math.abs(this.#options.clock() - time) > AUDIT_FRESHNESS_MS) {
      throw new SealdropError('request-invalid', 'The audit request is not fresh: its time is more than 5 minutes from the node\'s clock.');
    }
    const record = await this.#options.store.getKey(documentId);
    if (record === null) throw new SealdropError('server-key-not-found', 'Server key with this ID is not found.');
    if (!sameBytes(recoverRequesterAddress(signature, auditDigest(documentId, time)), record.author)) {
      throw new SealdropError('access-denied', 'Only the key\'s author may read its audit log.');
    }
    return this.#options.store.readAudit(documentId);
  }

  /** GET /v1/status. */
  async status(): Promise<NodeStatus> {
    return {
      node: this.#options.nodePublic,
      address: this.#options.nodeAddress,
      network: this.#options.networkId,
      peers: { connected: this.#options.connectedPeers(), total: this.#options.networkNodes.length - 1 },
      keysHeld: await this.#options.store.countKeys(),
      startedAt: this.#startedAt,
      version: this.#options.version,
    };
  }

  /** The key's public part: this node's record, or the holders' answers when it has none. */
  async #lookUp(documentId: Uint8Array): Promise<KeyInfoAnswer> {
    const record = await this.#options.store.getKey(documentId);
    if (record !== null) return publicKeyInfo(record) as KeyInfoAnswer;
    const self = toHex(this.#options.nodePublic);
    return lookUpKey(this.#options.ask, this.#options.networkNodes.filter((n) => n !== self), documentId);
  }

}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}
