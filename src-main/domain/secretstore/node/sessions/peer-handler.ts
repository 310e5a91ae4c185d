// The single entry point for messages from peers: schema-check, then route by type. A message that
// does not parse never reaches session code (PROTOCOL §4: every message schema-checked).
import { SealdropError } from '../../../../../src-shared/errors.ts';
import type { KeyShareRecord } from '../records.ts';
import type { DocumentParticipant } from './document-participant.ts';
import type { GenerationParticipant } from './generation-participant.ts';
import { PeerRequest } from './peer-messages.ts';
import type { RetrievalParticipant } from './retrieval-participant.ts';
import { fromHex, toHex } from './wire.ts';

/** The participants a node runs, and the one store read `key/info` needs. */
export type PeerHandlerParts = {
  generation: GenerationParticipant;
  document: DocumentParticipant;
  retrieval: RetrievalParticipant;
  getKey(documentId: Uint8Array): Promise<KeyShareRecord | null>;
};

/** The public part of a key record, as `key/info` and `GET /v1/keys/{id}` show it. */
export function publicKeyInfo(record: KeyShareRecord): object {
  return {
    threshold: record.threshold,
    author: toHex(record.author),
    serverKey: toHex(record.serverKey),
    holders: record.holders.map((h) => ({ node: toHex(h.node), identifier: h.identifier, publicShare: toHex(h.publicShare) })),
    documentKey: record.documentKey === null ? null : { commonPoint: toHex(record.documentKey.commonPoint), encryptedPoint: toHex(record.documentKey.encryptedPoint) },
  };
}

/** Builds `(from, message) → answer value` for the transport and for local calls. */
export function createPeerHandler(parts: PeerHandlerParts): (from: string, message: unknown) => Promise<object> {
  return async (from, message) => {
    const parsed = PeerRequest.safeParse(message);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new SealdropError('request-invalid', `Malformed peer message${issue === undefined ? '' : ` at ${issue.path.join('.') || 'top level'}: ${issue.message}`}.`);
    }
    const request = parsed.data;
    switch (request.type) {
      case 'generation/begin':
      case 'generation/deal':
      case 'generation/verify':
      case 'generation/reveal':
      case 'generation/resolve':
      case 'generation/finish':
      case 'generation/commit':
      case 'generation/abort':
        return parts.generation.handle(from, request);
      case 'document/prepare':
      case 'document/commit':
      case 'document/abort':
        return parts.document.handle(from, request);
      case 'retrieval/consent':
      case 'retrieval/shadow':
        return parts.retrieval.handle(from, request);
      case 'key/info': {
        const record = await parts.getKey(fromHex(request.documentId));
        if (record === null) throw new SealdropError('server-key-not-found', 'Server key with this ID is not found.');
        return publicKeyInfo(record);
      }
    }
  };
}
