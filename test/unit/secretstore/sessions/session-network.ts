// A network of key server session handlers in one process: real participants (generation, document,
// retrieval) over in-memory stores, messages passed as JSON exactly as the transport would, and a
// hook to tamper with one node's answers — the faults the session code must survive.
import { randomBytes } from 'node:crypto';
import { OwnerSignedPolicy } from '../../../../src-main/domain/secretstore/acl/owner-signed-policy.ts';
import { publicFromSecret } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import type { AclRecord, AuditEntry, KeyShareRecord, StoredDocumentKey } from '../../../../src-main/domain/secretstore/node/records.ts';
import type { AskPeer } from '../../../../src-main/domain/secretstore/node/sessions/ask.ts';
import { DocumentParticipant } from '../../../../src-main/domain/secretstore/node/sessions/document-participant.ts';
import { GenerationParticipant } from '../../../../src-main/domain/secretstore/node/sessions/generation-participant.ts';
import { createPeerHandler } from '../../../../src-main/domain/secretstore/node/sessions/peer-handler.ts';
import type { PeerRequest } from '../../../../src-main/domain/secretstore/node/sessions/peer-messages.ts';
import { RetrievalParticipant } from '../../../../src-main/domain/secretstore/node/sessions/retrieval-participant.ts';
import { toHex } from '../../../../src-main/domain/secretstore/node/sessions/wire.ts';

/** An in-memory node store with the operations the participants use. */
export class MemoryStore {
  readonly keys = new Map<string, KeyShareRecord>();
  readonly acls = new Map<string, AclRecord>();
  readonly audit: AuditEntry[] = [];

  async hasKey(id: Uint8Array): Promise<boolean> {
    return this.keys.has(toHex(id));
  }
  async getKey(id: Uint8Array): Promise<KeyShareRecord | null> {
    return this.keys.get(toHex(id)) ?? null;
  }
  async putKey(record: KeyShareRecord): Promise<void> {
    this.keys.set(toHex(record.documentId), record);
  }
  async deleteKey(id: Uint8Array): Promise<boolean> {
    return this.keys.delete(toHex(id));
  }
  async setDocumentKey(id: Uint8Array, documentKey: StoredDocumentKey): Promise<void> {
    const record = this.keys.get(toHex(id));
    if (record !== undefined) this.keys.set(toHex(id), { ...record, documentKey });
  }
  async appendAudit(entry: AuditEntry): Promise<void> {
    this.audit.push(entry);
  }
  async getAcl(id: Uint8Array): Promise<AclRecord | null> {
    return this.acls.get(toHex(id)) ?? null;
  }
}

/** Rewrites one node's answer to one request type (a misbehaving node). */
export type AnswerFault = (request: PeerRequest, answer: Record<string, unknown>) => Record<string, unknown>;

/** n nodes; `ask` as the coordinator (node 0 unless told otherwise) would use it. */
export class SessionNetwork {
  readonly secrets: Uint8Array[];
  readonly nodes: string[];
  readonly stores: MemoryStore[];
  readonly handlers: ((from: string, message: unknown) => Promise<object>)[];
  readonly faults = new Map<number, AnswerFault>();
  readonly log: { to: number; type: string; request: PeerRequest }[] = [];

  constructor(n: number) {
    this.secrets = Array.from({ length: n }, () => Uint8Array.from(randomBytes(32)));
    this.nodes = this.secrets.map((s) => toHex(publicFromSecret(s)));
    this.stores = this.secrets.map(() => new MemoryStore());
    const network = new Set(this.nodes);
    this.handlers = this.secrets.map((secret, i) => {
      const store = this.stores[i]!;
      const nodePublic = publicFromSecret(secret);
      return createPeerHandler({
        generation: new GenerationParticipant({ nodeSecret: secret, nodePublic, networkNodes: () => network, store, clock: Date.now }),
        document: new DocumentParticipant(store),
        retrieval: new RetrievalParticipant({ nodeSecret: secret, nodePublic, store, policy: new OwnerSignedPolicy(store), clock: Date.now }),
        getKey: (id) => store.getKey(id),
      });
    });
  }

  /** The `ask` of coordinator `from`: JSON in, JSON out, faults applied to the answering node. */
  askAs(from = 0): AskPeer {
    return async (node, request) => {
      const index = this.nodes.indexOf(node);
      this.log.push({ to: index, type: request.type, request });
      const answer = JSON.parse(JSON.stringify(await this.handlers[index]!(this.nodes[from]!, JSON.parse(JSON.stringify(request)))));
      const fault = this.faults.get(index);
      return fault === undefined ? answer : fault(request, answer);
    };
  }

  /** Sends one raw request to node `to` as if from node `from`. */
  send(to: number, from: number, request: unknown): Promise<object> {
    return this.handlers[to]!(this.nodes[from]!, JSON.parse(JSON.stringify(request)));
  }
}
