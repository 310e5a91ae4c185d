// Parity's routes (docs/PROTOCOL.md §3.1, PARITY.md §3.1): every request outside /v1 is parsed with
// Parity's own rules (parity-path.ts) and answered with Parity's bodies and statuses. The routes
// where Parity let the master node learn the document key are refused, by design (DESIGN §3).
import type { FastifyReply, FastifyRequest } from 'fastify';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { ECIES_OVERHEAD } from '../../parity/ecies.ts';
import type { ShadowAnswer } from '../../parity/shadow.ts';
import { mapFailure, type HttpLogger } from './error-mapping.ts';
import type { KeyServerService } from './key-server-service.ts';
import { parseParityRequest, type ParityRequest } from './parity-path.ts';
import { sendEmpty, sendMapped, sendParityError, sendParityValue } from './replies.ts';
import { fixedHex, hasValidRecoveryByte } from './wire-encoding.ts';

/** Why the trust-the-master routes `POST /{id}/{sig}/{t}` and `GET /{id}/{sig}` are refused. */
export const NEVER_LEARN_DOCUMENT_KEY = 'Sealdrop never lets a node learn a document key';
/** Parity's text for a signature whose recovery byte is not 0–3 (InsufficientRequesterData). */
export const BAD_RECOVERY_BYTE = 'Insufficient requester data: bad signature: the recovery byte v must be 0-3 (27 and 28 are not accepted)';

const POINT_BYTES = 64;
/** A decrypt shadow is ECIES of a 32-byte scalar. */
const SHADOW_BYTES = ECIES_OVERHEAD + 32;

/** What the Parity routes need from the server. */
export type ParityRouteContext = { service: KeyServerService; logger: HttpLogger };

/** Route templates for logs: a concrete URL holds a replayable signature (PARITY.md §12.3). */
const ROUTE_LABELS: Record<Exclude<ParityRequest['kind'], 'invalid'>, string> = {
  'generate-server-key': 'POST /shadow/{id}/{sig}/{t}',
  'store-document-key': 'POST /shadow/{id}/{sig}/{C}/{E}',
  'generate-document-key': 'POST /{id}/{sig}/{t}',
  'server-key': 'GET /server/{id}/{sig}',
  'document-key': 'GET /{id}/{sig}',
  'document-key-shadow': 'GET /shadow/{id}/{sig}',
  'schnorr-sign': 'GET /schnorr/{id}/{sig}/{hash}',
  'ecdsa-sign': 'GET /ecdsa/{id}/{sig}/{hash}',
  'servers-set-change': 'POST /admin/servers_set_change/{old}/{new}',
};

/** Answers one request on a Parity route; never throws (every failure becomes a response). */
export async function answerParityRequest(request: FastifyRequest, reply: FastifyReply, context: ParityRouteContext): Promise<FastifyReply> {
  const parsed = parseParityRequest(request.method, request.url);
  switch (parsed.kind) {
    case 'invalid':
      return sendEmpty(reply, 400);
    case 'generate-document-key':
    case 'document-key':
      return sendParityError(reply, 400, NEVER_LEARN_DOCUMENT_KEY);
    case 'schnorr-sign':
      return sendParityError(reply, 400, 'Schnorr signing with a server key is not supported yet');
    case 'ecdsa-sign':
      return sendParityError(reply, 400, 'ECDSA signing with a server key is not supported yet');
    case 'servers-set-change':
      return sendParityError(reply, 400, 'Changing the servers set is not supported yet');
    default:
      break;
  }
  if (!hasValidRecoveryByte(parsed.signature)) return sendParityError(reply, 400, BAD_RECOVERY_BYTE);
  try {
    return await callService(parsed, reply, context.service);
  } catch (thrown) {
    return sendMapped(reply, 'parity', mapFailure(thrown, context.logger, ROUTE_LABELS[parsed.kind]));
  }
}

type ServiceRequest = Extract<ParityRequest, { kind: 'generate-server-key' | 'store-document-key' | 'server-key' | 'document-key-shadow' }>;

async function callService(parsed: ServiceRequest, reply: FastifyReply, service: KeyServerService): Promise<FastifyReply> {
  const { documentId, signature } = parsed;
  switch (parsed.kind) {
    case 'generate-server-key': {
      // Parity accepts any usize here and fails later with NotEnoughNodesForThreshold (500, A4).
      if (parsed.threshold > BigInt(Number.MAX_SAFE_INTEGER)) {
        throw new SealdropError('threshold-invalid', 'The threshold is larger than any network.', { threshold: parsed.threshold.toString() });
      }
      const serverKey = await service.generateServerKey(documentId, signature, Number(parsed.threshold));
      return sendParityValue(reply, fixedHex(serverKey, POINT_BYTES, 'server key'));
    }
    case 'store-document-key':
      await service.storeDocumentKey(documentId, signature, parsed.commonPoint, parsed.encryptedPoint);
      return sendEmpty(reply, 200);
    case 'server-key': {
      const serverKey = await service.serverKeyForAuthor(documentId, signature);
      return sendParityValue(reply, fixedHex(serverKey, POINT_BYTES, 'server key'));
    }
    case 'document-key-shadow':
      return sendParityValue(reply, encodeShadowAnswer(await service.shadowRetrieve(documentId, signature)));
  }
}

/** Parity's `SerializableEncryptedDocumentKeyShadow`: snake_case keys, `0x` hex, in this key order. */
export function encodeShadowAnswer(answer: ShadowAnswer): { decrypted_secret: string; common_point: string; decrypt_shadows: string[] } {
  if (!Array.isArray(answer.decryptShadows) || answer.decryptShadows.length === 0) throw new Error('The service returned no decrypt shadows.');
  return {
    decrypted_secret: fixedHex(answer.decryptedSecret, POINT_BYTES, 'decrypted secret'),
    common_point: fixedHex(answer.commonPoint, POINT_BYTES, 'common point'),
    decrypt_shadows: answer.decryptShadows.map((shadow) => fixedHex(shadow, SHADOW_BYTES, 'decrypt shadow')),
  };
}
