// Sealdrop's own routes under /v1 (docs/PROTOCOL.md §3.2): JSON in, JSON out, every input checked
// by a zod schema (sealdrop-schemas.ts) before the service sees it, errors as
// `{ error: { code, message } }` with the status of error-mapping.ts.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { auditDigest, retrievalDigest } from '../../math/request-digests.ts';
import { recoverRequesterAddress } from '../../math/requester-signature.ts';
import { mapFailure, type HttpLogger } from './error-mapping.ts';
import type { KeyServerService } from './key-server-service.ts';
import { sendJson, sendMapped } from './replies.ts';
import {
  aclRecordBody,
  describeSchemaError,
  documentIdParams,
  encodeAclRecord,
  encodeAuditEntries,
  encodeKeyInfo,
  encodePartial,
  encodeStatus,
  signatureBody,
  auditRequestBody,
} from './sealdrop-schemas.ts';

/** What the /v1 routes need from the server. */
export type SealdropRouteContext = {
  service: KeyServerService;
  logger: HttpLogger;
  /** The HTTP layer's counters, reported by `GET /v1/status`. */
  requestCounts: () => { served: number; refused: number };
};

type Answer = (request: FastifyRequest) => Promise<unknown>;

/** True for `application/json`, with or without parameters (`; charset=utf-8`). */
export function isJsonContentType(header: string | undefined): boolean {
  return (header ?? '').split(';')[0]?.trim().toLowerCase() === 'application/json';
}

function parseInput<T extends z.ZodType>(schema: T, input: unknown, root: string): z.output<T> {
  const result = schema.safeParse(input);
  if (!result.success) throw new SealdropError('request-invalid', describeSchemaError(result.error, root));
  return result.data;
}

function documentIdOf(request: FastifyRequest): Uint8Array {
  return parseInput(documentIdParams, request.params, 'id').id;
}

function bodyOf<T extends z.ZodType>(request: FastifyRequest, schema: T): z.output<T> {
  // A body in any other content type reached the raw-bytes parser and was never read as JSON.
  if (!isJsonContentType(request.headers['content-type'])) {
    throw new SealdropError('request-invalid', 'body: must be a JSON object sent as Content-Type: application/json');
  }
  return parseInput(schema, request.body, 'body');
}

/** Wraps a route: 200 with the JSON it returns, or the mapped error; never throws. */
function answered(label: string, answer: Answer, logger: HttpLogger) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    try {
      return sendJson(reply, 200, await answer(request));
    } catch (thrown) {
      return sendMapped(reply, 'sealdrop', mapFailure(thrown, logger, label));
    }
  };
}

/** A signature that does not recover the address the requester claims was made over another id, or is forged. */
function checkClaimedRequester(signed: Uint8Array, signature: Uint8Array, requester: Uint8Array | undefined): void {
  if (requester === undefined) return;
  let recovered: Uint8Array;
  try {
    recovered = recoverRequesterAddress(signature, signed);
  } catch {
    throw new SealdropError('request-invalid', 'signature: does not recover a public key');
  }
  if (Buffer.compare(recovered, requester) !== 0) {
    throw new SealdropError('request-invalid', 'signature: was not made over this document id by the requester named in the request');
  }
}

/** Registers every /v1 route on `app`. */
export function registerSealdropRoutes(app: FastifyInstance, context: SealdropRouteContext): void {
  const { service, logger } = context;

  app.post(
    '/v1/keys/:id/partial',
    answered('POST /v1/keys/{id}/partial', async (request) => {
      const documentId = documentIdOf(request);
      const { signature, requester } = bodyOf(request, signatureBody);
      checkClaimedRequester(retrievalDigest(documentId), signature, requester);
      return encodePartial(await service.partial(documentId, signature));
    }, logger),
  );

  app.get(
    '/v1/keys/:id',
    answered('GET /v1/keys/{id}', async (request) => encodeKeyInfo(await service.keyInfo(documentIdOf(request))), logger),
  );

  app.get(
    '/v1/acl/:id',
    answered('GET /v1/acl/{id}', async (request) => ({ record: encodeAclRecord(await service.getAcl(documentIdOf(request))) }), logger),
  );

  app.put(
    '/v1/acl/:id',
    answered('PUT /v1/acl/{id}', async (request) => {
      const documentId = documentIdOf(request);
      const record = bodyOf(request, aclRecordBody);
      if (Buffer.compare(record.documentId, documentId) !== 0) {
        throw new SealdropError('request-invalid', 'documentId: does not match the id in the path');
      }
      const { version } = await service.putAcl(record);
      if (!Number.isSafeInteger(version) || version < 0) throw new Error('The service returned a malformed ACL version.');
      return { version };
    }, logger),
  );

  app.post(
    '/v1/audit/:id',
    answered('POST /v1/audit/{id}', async (request) => {
      const documentId = documentIdOf(request);
      const { signature, requester, time } = bodyOf(request, auditRequestBody);
      checkClaimedRequester(auditDigest(documentId, time), signature, requester);
      return encodeAuditEntries(await service.audit(documentId, signature, time));
    }, logger),
  );

  app.get(
    '/v1/status',
    answered('GET /v1/status', async () => encodeStatus(await service.status(), context.requestCounts()), logger),
  );
}
