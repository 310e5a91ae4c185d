// A holder's side of storing a document key (docs/PROTOCOL.md §4.2, PARITY.md §3.1): only the key's
// author may store it, only once. Prepare checks everything and holds the pair in memory; commit
// writes it, so a refusal anywhere leaves every node unchanged.
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { pointFromPublic } from '../../math/encoding.ts';
import { recoverRequesterAddress } from '../../math/requester-signature.ts';
import type { KeyShareRecord, StoredDocumentKey } from '../records.ts';
import type { PeerRequest } from './peer-messages.ts';
import { fromHex } from './wire.ts';

type Request<T extends PeerRequest['type']> = Extract<PeerRequest, { type: T }>;

/** The store operations this needs. */
export type DocumentStoreAccess = {
  getKey(documentId: Uint8Array): Promise<KeyShareRecord | null>;
  setDocumentKey(documentId: Uint8Array, documentKey: StoredDocumentKey): Promise<void>;
};

type Pending = { coordinator: string; documentId: Uint8Array; documentKey: StoredDocumentKey; expiry: NodeJS.Timeout };

/** True iff two byte strings are equal (public values: no timing concern). */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(a, b) === 0;
}

/** Checks that `signature` (over the document id) is the author's; throws the Parity-style refusal otherwise. */
export function requireAuthor(record: KeyShareRecord, signature: Uint8Array): void {
  const requester = recoverRequesterAddress(signature, record.documentId);
  if (!sameBytes(requester, record.author)) {
    throw new SealdropError('access-denied', 'Only the key\'s author may do this.');
  }
}

/** Answers `document/prepare|commit|abort`. */
export class DocumentParticipant {
  readonly #store: DocumentStoreAccess;
  readonly #pending = new Map<string, Pending>();

  constructor(store: DocumentStoreAccess) {
    this.#store = store;
  }

  /** Handles one document-key request from `from` (0x node key). */
  async handle(from: string, request: Request<'document/prepare' | 'document/commit' | 'document/abort'>): Promise<object> {
    if (request.type === 'document/prepare') return this.#prepare(from, request);
    const pending = this.#pending.get(request.session);
    if (pending === undefined || pending.coordinator !== from) {
      if (request.type === 'document/abort') return {};
      throw new SealdropError('request-invalid', 'No document-key store with this session id is prepared here.');
    }
    clearTimeout(pending.expiry);
    this.#pending.delete(request.session);
    if (request.type === 'document/commit') await this.#store.setDocumentKey(pending.documentId, pending.documentKey);
    return {};
  }

  /** Forgets prepared stores (node shutdown). */
  close(): void {
    for (const pending of this.#pending.values()) clearTimeout(pending.expiry);
    this.#pending.clear();
  }

  async #prepare(from: string, request: Request<'document/prepare'>): Promise<object> {
    const documentId = fromHex(request.documentId);
    const record = await this.#store.getKey(documentId);
    if (record === null) throw new SealdropError('server-key-not-found', 'Server key with this ID is not found.');
    requireAuthor(record, fromHex(request.signature));
    if (record.documentKey !== null) throw new SealdropError('document-key-exists', 'A document key was already stored for this server key.');
    const documentKey = { commonPoint: fromHex(request.commonPoint), encryptedPoint: fromHex(request.encryptedPoint) };
    // Both must be curve points; pointFromPublic throws 'key-invalid' otherwise.
    pointFromPublic(documentKey.commonPoint);
    pointFromPublic(documentKey.encryptedPoint);
    const expiry = setTimeout(() => this.#pending.delete(request.session), 60_000);
    expiry.unref();
    this.#pending.set(request.session, { coordinator: from, documentId, documentKey, expiry });
    return {};
  }
}
