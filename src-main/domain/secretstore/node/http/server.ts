// The key server node's HTTP API (docs/PROTOCOL.md §3) on fastify: limits, the CORS refusal, the
// split between Parity's routes and /v1, the answers to malformed requests, and request counting.
//
// Limits and their answers (in the family's body shape: Parity's quoted string or /v1's JSON error):
// - a request target longer than maxPathBytes → 414; one beyond Node's 16 KiB header limit → 431
//   with an empty body (Node's parser refuses it before any route runs);
// - a body longer than maxBodyBytes → 413, whatever the route (Parity routes ignore bodies but
//   still may not send large ones); malformed JSON on /v1 → 400 naming the problem;
// - an `Origin` header → 404 with an empty body, before anything else (Parity's default
//   `--secretstore-http-cors=none`); no Access-Control-* header is ever sent;
// - on a node bound to a loopback address, a `Host` other than that address, `localhost` or
//   `[::1]` with its port → 421 with an empty body: a web page whose name an attacker points at
//   127.0.0.1 (DNS rebinding) sends no Origin on its own requests, but it cannot fake the Host;
// - a request the HTTP parser rejects → 400 (408 on a stalled request) with an empty body.
// Counting: the HTTP layer counts every response it sends — served (status < 400) and refused
// (≥ 400) — and reports both in `GET /v1/status` and through `requestCounts()`.
import type { Socket } from 'node:net';
import { fastify, type FastifyError, type FastifyReply, type FastifyRequest } from 'fastify';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { mapFailure, stderrLogger, type HttpLogger } from './error-mapping.ts';
import type { KeyServerService } from './key-server-service.ts';
import { answerParityRequest } from './parity-routes.ts';
import { familyOf, sendEmpty, sendMapped, sendRefusal } from './replies.ts';
import { isJsonContentType, registerSealdropRoutes } from './sealdrop-routes.ts';

/** Options of `startHttpApi`. */
export type HttpApiOptions = {
  /** Interface to bind, e.g. '127.0.0.1'. */
  host: string;
  /** Port to bind; 0 picks a free one. */
  port: number;
  service: KeyServerService;
  /** Where failures that are the node's fault are reported; stderr when omitted. */
  logger?: HttpLogger;
  /** Largest request body accepted (default 64 KiB, PROTOCOL §3). */
  maxBodyBytes?: number;
  /** Longest request target (path + query) accepted (default 1 KiB, PROTOCOL §3). */
  maxPathBytes?: number;
};

/** A running HTTP API. */
export type HttpApi = {
  /** Base URL, e.g. 'http://127.0.0.1:48201'. */
  url: string;
  /** The bound port. */
  port: number;
  /** Responses sent so far: served (status < 400) and refused (status ≥ 400). */
  requestCounts(): { served: number; refused: number };
  /** Stops accepting connections and waits for requests in flight. */
  close(): Promise<void>;
};

/** Default body limit: 64 KiB. */
export const DEFAULT_MAX_BODY_BYTES = 64 * 1024;
/** Default request-target limit: 1 KiB. */
export const DEFAULT_MAX_PATH_BYTES = 1024;
/** Time allowed to receive a whole request (not to answer it: sessions have their own timeouts). */
const REQUEST_RECEIVE_TIMEOUT_MS = 30_000;

const JSON_BODY_ERRORS = new Set(['FST_ERR_CTP_INVALID_JSON_BODY', 'FST_ERR_CTP_EMPTY_JSON_BODY']);

function checkLimit(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 64) throw new SealdropError('bad-argument', `${name} must be an integer of at least 64.`);
  return value;
}

/** Answers a socket whose request Node's parser refused; mirrors Node's default but with no body. */
function refuseMalformed(error: Error & { code?: string }, socket: Socket): void {
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : '400 Bad Request';
  if (socket.writable) socket.write(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
  socket.destroy();
}

/** True for an address only this computer can reach. */
function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}

/** Starts the HTTP API of a key server node on `host:port`. */
export async function startHttpApi(options: HttpApiOptions): Promise<HttpApi> {
  const { host, port, service } = options;
  const logger = options.logger ?? stderrLogger;
  const maxBodyBytes = checkLimit(options.maxBodyBytes ?? DEFAULT_MAX_BODY_BYTES, 'maxBodyBytes');
  const maxPathBytes = checkLimit(options.maxPathBytes ?? DEFAULT_MAX_PATH_BYTES, 'maxPathBytes');
  const counts = { served: 0, refused: 0 };

  // Set once listening (the port may be picked then); null: any Host (a node serving a network).
  let allowedHosts: ReadonlySet<string> | null = null;
  // Checks made before anything else, in Parity's order: the Origin refusal, then the size limit.
  const refuseEarly = (request: FastifyRequest, reply: FastifyReply): FastifyReply | undefined => {
    if (request.headers.origin !== undefined) return sendEmpty(reply, 404);
    // No Host at all is malformed HTTP/1.1 (answered below), never a browser's request.
    const hostHeader = request.headers.host;
    if (allowedHosts !== null && hostHeader !== undefined && !allowedHosts.has(hostHeader.toLowerCase())) return sendEmpty(reply, 421);
    if (Buffer.byteLength(request.url, 'utf8') > maxPathBytes) {
      return sendRefusal(reply, familyOf(request.url), 414, 'request-invalid', `The request path is longer than ${maxPathBytes} bytes`);
    }
    return undefined;
  };

  const app = fastify({
    logger: false,
    bodyLimit: maxBodyBytes,
    exposeHeadRoutes: false,
    requestTimeout: REQUEST_RECEIVE_TIMEOUT_MS,
    routerOptions: { maxParamLength: maxPathBytes },
    clientErrorHandler: refuseMalformed,
    // A URL the router cannot decode: Parity answers Request::Invalid, /v1 a JSON error.
    frameworkErrors: (_error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
      if (refuseEarly(request, reply) !== undefined) return reply;
      if (familyOf(request.url) === 'parity') return sendEmpty(reply, 400);
      return sendRefusal(reply, 'sealdrop', 400, 'request-invalid', 'The request path is not a valid URL path.');
    },
  });

  // Every response the server writes, including the ones fastify sends outside the route lifecycle.
  app.server.on('request', (_request, response) => {
    response.once('finish', () => (response.statusCode < 400 ? counts.served++ : counts.refused++));
  });

  app.addHook('onRequest', async (request, reply) => refuseEarly(request, reply));

  // Bodies are read as bytes (bounded by bodyLimit); only /v1 JSON bodies are parsed, so a Parity
  // client that sends a body or a JSON content type on a Parity route is never refused for it.
  app.removeAllContentTypeParsers();
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.addContentTypeParser('*', { parseAs: 'buffer' }, (request, body, done) => {
    if (familyOf(request.url) === 'sealdrop' && isJsonContentType(request.headers['content-type'])) return parseJson(request, body.toString(), done);
    return done(null, body);
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const family = familyOf(request.url);
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
      return sendRefusal(reply, family, 413, 'request-invalid', `The request body is larger than ${maxBodyBytes} bytes`);
    }
    if (error.code === 'FST_ERR_CTP_INVALID_CONTENT_LENGTH') {
      return sendRefusal(reply, family, 400, 'request-invalid', 'The request body does not match its Content-Length');
    }
    if (JSON_BODY_ERRORS.has(error.code)) {
      // fastify's parser (secure-json-parse) gives one error for bad syntax and for prototype poisoning.
      return sendRefusal(reply, family, 400, 'request-invalid', 'body: is not valid JSON (or has a forbidden __proto__ or constructor key)');
    }
    if (typeof error.statusCode === 'number' && error.statusCode >= 400 && error.statusCode < 500 && error.code?.startsWith('FST_')) {
      return sendRefusal(reply, family, error.statusCode, 'request-invalid', 'The request is malformed');
    }
    return sendMapped(reply, family, mapFailure(error, logger, `${request.method} (framework)`));
  });

  registerSealdropRoutes(app, { service, logger, requestCounts: () => ({ ...counts }) });

  // Everything else: /v1 paths that match no route, and every Parity path (parsed by Parity's rules).
  const fallback = async (request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> => {
    if (familyOf(request.url) === 'sealdrop') return sendRefusal(reply, 'sealdrop', 404, 'request-invalid', 'There is no such /v1 route');
    return answerParityRequest(request, reply, { service, logger });
  };
  app.all('*', fallback);
  app.setNotFoundHandler(fallback);

  try {
    await app.listen({ host, port });
  } catch (cause) {
    // Release what fastify set up; the listen error is the one worth reporting.
    await app.close().catch(() => undefined);
    const code = (cause as { code?: unknown }).code;
    throw new SealdropError('io-failed', `Cannot serve HTTP on ${host}:${port} (${typeof code === 'string' ? code : 'listen failed'}).`, { host, port }, { cause });
  }
  const address = app.server.address();
  const boundPort = typeof address === 'object' && address !== null ? address.port : port;
  const shownHost = host.includes(':') ? `[${host}]` : host;
  if (isLoopback(host)) {
    // The loopback names, with this port or none (a page elsewhere cannot send either).
    const names = [shownHost, 'localhost', '127.0.0.1', '[::1]'];
    allowedHosts = new Set(names.flatMap((name) => [name, `${name}:${boundPort}`]));
  }
  return {
    url: `http://${shownHost}:${boundPort}`,
    port: boundPort,
    requestCounts: () => ({ ...counts }),
    close: () => app.close(),
  };
}
