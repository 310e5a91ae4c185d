// The bodies the node sends, in the two shapes of docs/PROTOCOL.md §3: Parity routes answer a JSON
// value or Parity's quoted error string (`"\"Access denied\""`), /v1 routes answer JSON objects and
// `{ "error": { "code", "message" } }`. Bodies are serialised here, never by fastify, so the bytes
// on the wire are exactly the ones specified.
import type { FastifyReply } from 'fastify';
import type { ErrorCode } from '../../../../../src-shared/errors.ts';
import type { MappedError } from './error-mapping.ts';
import { originFormTarget } from './wire-encoding.ts';

/** Parity's content type for every JSON body (`return_bytes`, `return_error`). */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';

/** Which rules a request follows: Parity's routes, or Sealdrop's under `/v1`. */
export type RouteFamily = 'parity' | 'sealdrop';

/** `/v1` and everything below it are Sealdrop routes; every other target is parsed as Parity's. */
export function familyOf(target: string): RouteFamily {
  const path = originFormTarget(target);
  return path === '/v1' || path.startsWith('/v1/') || path.startsWith('/v1?') ? 'sealdrop' : 'parity';
}

/** 200 with a JSON value (Parity: `"0x…"` or the shadow object). */
export function sendParityValue(reply: FastifyReply, value: unknown): FastifyReply {
  return reply.code(200).type(JSON_CONTENT_TYPE).send(JSON.stringify(value));
}

/** Parity's error body: the text wrapped in quotes, then JSON-encoded (`format!("\"{}\"", err)`). */
export function sendParityError(reply: FastifyReply, status: number, text: string): FastifyReply {
  return reply.code(status).type(JSON_CONTENT_TYPE).send(JSON.stringify(`"${text}"`));
}

/** A status with no body and no content type (Parity's `Request::Invalid`, the Origin refusal, a stored key). */
export function sendEmpty(reply: FastifyReply, status: number): FastifyReply {
  return reply.code(status).send();
}

/** A /v1 JSON body. */
export function sendJson(reply: FastifyReply, status: number, value: unknown): FastifyReply {
  return reply.code(status).type(JSON_CONTENT_TYPE).send(JSON.stringify(value));
}

/** A /v1 error body `{ error: { code, message } }`. */
export function sendJsonError(reply: FastifyReply, status: number, code: ErrorCode, message: string): FastifyReply {
  return sendJson(reply, status, { error: { code, message } });
}

/** A mapped failure in the shape of the request's family. */
export function sendMapped(reply: FastifyReply, family: RouteFamily, mapped: MappedError): FastifyReply {
  if (family === 'parity') return sendParityError(reply, mapped.status, mapped.parityText);
  return sendJsonError(reply, mapped.status, mapped.code, mapped.message);
}

/**
 * A refusal made by the HTTP layer itself (body or path too large, malformed body, unknown /v1
 * route): Parity routes get the quoted reason, /v1 routes the JSON error with `code`.
 */
export function sendRefusal(reply: FastifyReply, family: RouteFamily, status: number, code: ErrorCode, message: string): FastifyReply {
  return sendMapped(reply, family, { status, code, message, parityText: message });
}
