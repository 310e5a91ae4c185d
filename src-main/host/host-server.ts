// The browser mode (DESIGN §6): the same handler table as the desktop app, served over HTTP on
// 127.0.0.1 for one person with a random session token. Routes:
//   POST /api/invoke/<channel>   a JSON request → the IpcResult (token in `x-sealdrop-token`)
//   GET  /api/events?token=…     Server-Sent Events of the IPC events
//   GET  /<file>                 the renderer build (strict CSP), or a placeholder page
// Every request must name this server in Host and, if it sends an Origin, come from this origin.
// Everything else is 404. No CORS: other origins get nothing.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SealdropError } from '../../src-shared/errors.ts';
import type { HandlerLogger, HandlerTable, InvokeContext } from '../handlers/handler-types.ts';
import { eventHub } from './event-stream.ts';
import { checkHostAndOrigin, checkToken, sessionToken } from './request-guard.ts';
import { sendJson, sendText, setSecurityHeaders } from './security-headers.ts';
import { serveStatic } from './static-files.ts';

/** Largest request body: a 1 MiB keystore or profile, JSON-escaped, with room to spare. */
export const MAX_BODY_BYTES = 3 * 1024 * 1024;

/** How to start the host. */
export type HostOptions = {
  /** The handler table; the events its calls emit go to every connected page. */
  table: HandlerTable;
  /** The renderer build to serve (dist/renderer); a placeholder page when it does not exist. */
  staticDir: string;
  /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** The session token (64 hex digits); random by default. Tests pass their own. */
  token?: string;
  logger?: HandlerLogger;
};

/** A running host. */
export type RunningHost = {
  /** What to open in a browser: http://127.0.0.1:<port>/#token=<hex> (the fragment never reaches a server log). */
  readonly url: string;
  readonly origin: string;
  readonly port: number;
  readonly token: string;
  /** Sends an event to every connected page (for work the host starts itself, like the embedded default). */
  emit: InvokeContext['emit'];
  /** Stops serving, ends event streams, and closes the handler table. */
  close(): Promise<void>;
};

/** Starts the browser-mode host on 127.0.0.1. */
export async function startHost(options: HostOptions): Promise<RunningHost> {
  const token = sessionToken(options.token ?? randomBytes(32).toString('hex'));
  if (!/^[0-9a-f]{64}$/.test(token.hex)) throw new SealdropError('bad-argument', 'A session token is 64 lowercase hex digits.');
  const hub = eventHub();
  let port = 0;
  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => {
      // Why: a failure here is a bug in the host; the browser gets a bare 500, the log the reason.
      options.logger?.('host-failed', { error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      if (!response.headersSent) sendText(response, 500, 'internal error');
      else response.destroy();
    });
  });
  // Slow or idle clients cannot hold sockets for ever (event streams have their keep-alive).
  server.requestTimeout = 60_000;
  server.headersTimeout = 20_000;

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    setSecurityHeaders(response);
    const refused = checkHostAndOrigin(request, port);
    if (refused !== null) return sendText(response, refused.status, refused.reason);
    const url = new URL(request.url ?? '/', `http://127.0.0.1:${port}`);
    if (url.pathname.startsWith('/api/invoke/')) return invoke(request, response, url);
    if (url.pathname === '/api/events') return events(request, response, url);
    if (url.pathname.startsWith('/api/')) return sendText(response, 404, 'not found');
    if (request.method !== 'GET' && request.method !== 'HEAD') return sendText(response, 404, 'not found');
    return serveStatic(options.staticDir, url.pathname, response, request.method === 'HEAD');
  }

  async function invoke(request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> {
    const denied = checkToken(request, token, null);
    if (denied !== null) return sendText(response, denied.status, denied.reason);
    if (request.method !== 'POST') {
      response.setHeader('Allow', 'POST');
      return sendText(response, 405, 'use POST');
    }
    // Only JSON: a form post from another page cannot be made to look like one (and the token stops it anyway).
    const type = request.headers['content-type'] ?? '';
    if (!/^application\/json(;|$)/i.test(type)) return sendText(response, 415, 'send application/json');
    const body = await readBody(request, response);
    if (body === null) return;
    let channel: string;
    try {
      channel = decodeURIComponent(url.pathname.slice('/api/invoke/'.length));
    } catch {
      return sendJson(response, 404, { ok: false, error: { code: 'request-invalid', message: 'unknown channel' } });
    }
    let parsed: unknown;
    try {
      parsed = body.length === 0 ? undefined : JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(response, 400, { ok: false, error: { code: 'request-invalid', message: `${channel}: the request is not valid JSON` } });
    }
    const cancel = new AbortController();
    response.on('close', () => {
      if (!response.writableFinished) cancel.abort();
    });
    const result = await options.table.invoke(channel, parsed, { emit: hub.emit, signal: cancel.signal });
    sendJson(response, 200, result);
  }

  function events(request: IncomingMessage, response: ServerResponse, url: URL): void {
    const denied = checkToken(request, token, url.searchParams.get('token'));
    if (denied !== null) return sendText(response, denied.status, denied.reason);
    if (request.method !== 'GET') {
      response.setHeader('Allow', 'GET');
      return sendText(response, 405, 'use GET');
    }
    if (!hub.attach(response)) sendText(response, 429, 'too many open event streams');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  const origin = `http://127.0.0.1:${port}`;
  return {
    url: `${origin}/#token=${token.hex}`,
    origin,
    port,
    token: token.hex,
    emit: hub.emit,
    async close() {
      hub.close();
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeAllConnections();
      await closed;
      await options.table.close();
    },
  };
}

/** Reads a request body up to MAX_BODY_BYTES; answers 413 and resolves null beyond it. */
function readBody(request: IncomingMessage, response: ServerResponse): Promise<Buffer | null> {
  const declared = Number(request.headers['content-length'] ?? '0');
  if (Number.isFinite(declared) && declared > MAX_BODY_BYTES) {
    tooLarge(request, response);
    return Promise.resolve(null);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let total = 0;
    const onData = (chunk: Buffer): void => {
      total += chunk.length;
      if (total <= MAX_BODY_BYTES) {
        chunks.push(chunk);
        return;
      }
      request.off('data', onData);
      tooLarge(request, response);
      resolve(null);
    };
    request.on('data', onData);
    request.once('end', () => resolve(total > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    request.once('error', reject);
  });
}

/**
 * 413 and `Connection: close`. What the client is still sending is read and dropped for a moment
 * (closing a socket with unread data resets it, and the client might never see the 413), then the
 * connection is cut, so an endless body cannot keep it.
 */
function tooLarge(request: IncomingMessage, response: ServerResponse): void {
  response.setHeader('Connection', 'close');
  sendText(response, 413, `request body larger than ${MAX_BODY_BYTES} bytes`);
  request.resume();
  const cutOff = setTimeout(() => request.destroy(), 2000);
  cutOff.unref();
  request.once('end', () => clearTimeout(cutOff));
  request.once('close', () => clearTimeout(cutOff));
}
