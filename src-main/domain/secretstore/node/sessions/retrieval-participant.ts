// A holder's side of retrieval, both paths (docs/PROTOCOL.md §4.3, §5.2):
// - Sealdrop: D_i = s_i·C with a Chaum-Pedersen proof against Y_i, ECIES-encrypted to the requester,
//   so nobody between (the coordinator included) can combine partials.
// - Parity: consent (ACL), then the blinded shadow part for the coordinator (parity/shadow.ts).
// Every attempt is checked against the access policy and written to the audit log.
import { SealdropError, isSealdropError } from '../../../../../src-shared/errors.ts';
import { provePartialDecryption } from '../../math/chaum-pedersen.ts';
import { Fn, scalarFromSecret } from '../../math/encoding.ts';
import { identifierScalar } from '../../math/dkg.ts';
import { lagrangeCoefficient } from '../../math/lagrange.ts';
import { encodePartialAnswer, partialContext } from '../../math/partial-answer.ts';
import { addressFromPublic } from '../../math/address.ts';
import { retrievalDigest } from '../../math/request-digests.ts';
import { recoverRequesterPublic } from '../../math/requester-signature.ts';
import { DEFAULT_MAC, eciesEncrypt } from '../../parity/ecies.ts';
import { computeShadowPart } from '../../parity/shadow.ts';
import type { AuditEntry, KeyShareRecord } from '../records.ts';
import type { PeerRequest } from './peer-messages.ts';
import { fromHex, toHex } from './wire.ts';

type Request<T extends PeerRequest['type']> = Extract<PeerRequest, { type: T }>;

/** Who may retrieve (DESIGN §4): the owner-signed ACL now, a contract later. */
export type RetrievalPolicy = {
  mayRetrieve(requester: Uint8Array, documentId: Uint8Array, author: Uint8Array): Promise<{ allowed: boolean; reason: string }>;
};

/** What the participant needs from its node. */
export type RetrievalParticipantOptions = {
  nodeSecret: Uint8Array;
  nodePublic: Uint8Array;
  store: { getKey(documentId: Uint8Array): Promise<KeyShareRecord | null>; appendAudit(entry: AuditEntry): Promise<void> };
  policy: RetrievalPolicy;
  clock: () => number;
  /** Test-only fault: answer partials computed with a wrong share (the proof then fails). */
  wrongPartial?: boolean;
};

/** A checked, permitted retrieval: the record and who asked. */
type Permitted = { record: KeyShareRecord & { documentKey: NonNullable<KeyShareRecord['documentKey']> }; requesterPublic: Uint8Array; requester: Uint8Array };

/** Answers retrieval requests for the shares this node holds. */
export class RetrievalParticipant {
  readonly #options: RetrievalParticipantOptions;
  /**
   * Parity sessions this node consented to: who asked (coordinator), for which document and which
   * requester. A shadow part is given once, to the same coordinator, for the same requester, so a
   * node cannot obtain consent with one signature and the parts with another (its own).
   */
  readonly #consented = new Map<string, { from: string; documentId: string; requesterPublic: string; expiry: NodeJS.Timeout }>();

  constructor(options: RetrievalParticipantOptions) {
    this.#options = options;
  }

  /** Sealdrop path: this node's proven partial, encrypted to the requester (PROTOCOL §5.2). */
  async partial(documentId: Uint8Array, signature: Uint8Array): Promise<{ node: Uint8Array; identifier: string; envelope: Uint8Array }> {
    // Signed over the domain-separated retrieval digest, never the raw id (math/request-digests.ts).
    const { record, requesterPublic, requester } = await this.#permit(documentId, signature, retrievalDigest(documentId), 'partial');
    const own = this.#ownHolder(record);
    let share = scalarFromSecret(record.share);
    if (this.#options.wrongPartial === true) share = Fn.add(share, 1n);
    const proven = provePartialDecryption(share, record.documentKey.commonPoint, partialContext(documentId, requester, own.identifier));
    return { node: this.#options.nodePublic, identifier: own.identifier, envelope: eciesEncrypt(requesterPublic, encodePartialAnswer(proven), DEFAULT_MAC) };
  }

  /** Parity path, per peer request. */
  async handle(from: string, request: Request<'retrieval/consent' | 'retrieval/shadow'>): Promise<object> {
    const documentId = fromHex(request.documentId);
    const requesterPublic = recoverRequesterPublic(fromHex(request.signature), documentId);
    if (request.type === 'retrieval/consent') {
      if (this.#consented.has(request.session)) throw new SealdropError('request-invalid', 'This session id is already in use.');
      await this.#permit(documentId, fromHex(request.signature), documentId, 'shadow');
      const expiry = setTimeout(() => this.#consented.delete(request.session), 60_000);
      expiry.unref();
      this.#consented.set(request.session, { from, documentId: request.documentId, requesterPublic: toHex(requesterPublic), expiry });
      return {};
    }
    // Only a session this node consented to (ACL checked and audited), from the same coordinator,
    // for the same requester, and only once.
    const consent = this.#consented.get(request.session);
    if (consent === undefined || consent.from !== from || consent.documentId !== request.documentId || consent.requesterPublic !== toHex(requesterPublic)) {
      throw new SealdropError('request-invalid', 'This node has not agreed to this retrieval.');
    }
    this.#consented.delete(request.session);
    clearTimeout(consent.expiry);
    const record = await this.#record(documentId);
    const own = this.#ownHolder(record);
    const holderIds = new Set(record.holders.map((h) => h.identifier));
    const consensus = request.consensus.map(identifierScalar);
    if (
      !request.consensus.includes(own.identifier) ||
      request.consensus.length !== record.threshold + 1 ||
      new Set(request.consensus).size !== request.consensus.length ||
      request.consensus.some((id) => !holderIds.has(id))
    ) {
      throw new SealdropError('request-invalid', `A shadow retrieval needs exactly ${record.threshold + 1} distinct holders of this key, this one included.`);
    }
    const lambda = lagrangeCoefficient(consensus, identifierScalar(own.identifier));
    const part = computeShadowPart(scalarFromSecret(record.share), lambda, scalarFromSecret(fromHex(request.accessKey)), record.documentKey.commonPoint, requesterPublic);
    return { shadowPoint: toHex(part.shadowPoint), decryptShadow: toHex(part.decryptShadow) };
  }

  async #record(documentId: Uint8Array): Promise<Permitted['record']> {
    const record = await this.#options.store.getKey(documentId);
    if (record === null) throw new SealdropError('server-key-not-found', 'Server key with this ID is not found.');
    if (record.documentKey === null) throw new SealdropError('document-key-not-found', 'No document key was stored for this server key.');
    return record as Permitted['record'];
  }

  #ownHolder(record: KeyShareRecord): KeyShareRecord['holders'][number] {
    const own = record.holders.find((h) => Buffer.compare(h.node, this.#options.nodePublic) === 0);
    if (own === undefined) throw new SealdropError('internal', 'This node holds a share but is not listed among the key holders.');
    return own;
  }

  /** `signed` is what the requester signed: the raw id (Parity path) or the retrieval digest. */
  async #permit(documentId: Uint8Array, signature: Uint8Array, signed: Uint8Array, route: AuditEntry['route']): Promise<Permitted> {
    const record = await this.#record(documentId);
    const requesterPublic = recoverRequesterPublic(signature, signed);
    const requester = addressFromPublic(requesterPublic);
    let decision: { allowed: boolean; reason: string };
    try {
      decision = await this.#options.policy.mayRetrieve(requester, documentId, record.author);
    } catch (error) {
      // Fail closed: a backend that cannot answer (chain unreachable) means no, logged with why.
      const why = isSealdropError(error) ? error.message : 'the access-control backend failed';
      await this.#options.store.appendAudit({ documentId, requester, time: this.#options.clock(), allowed: false, reason: `refused: ${why}`, route });
      throw new SealdropError('acl-unavailable', `Refused: this key holder cannot check who may open the document (${why}).`);
    }
    await this.#options.store.appendAudit({ documentId, requester, time: this.#options.clock(), allowed: decision.allowed, reason: decision.reason, route });
    if (!decision.allowed) throw new SealdropError('access-denied', 'Access denied.', { reason: decision.reason });
    return { record, requesterPublic, requester };
  }
}
