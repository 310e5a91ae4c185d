// The checks every request to the browser-mode host passes before anything else (DESIGN §6):
// the Host header names this server (so a DNS-rebinding page cannot reach it under another
// name), the Origin, when sent, is this server's own (no cross-site calls, no CORS), and API calls
// carry the session token, compared in constant time.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** Why a request is refused, with the HTTP status to answer. */
export type Refusal = { status: 401 | 403 | 421; reason: string };

/** The Host values this server answers to: 127.0.0.1:<port> and localhost:<port>. */
export function allowedHosts(port: number): Set<string> {
  return new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
}

/** Refuses a request whose Host is not this server, or whose Origin (or fetch site) is foreign. */
export function checkHostAndOrigin(request: IncomingMessage, port: number): Refusal | null {
  const host = request.headers.host?.toLowerCase();
  if (host === undefined || !allowedHosts(port).has(host)) {
    // 421 Misdirected Request: this server is not the one that name points at (DNS rebinding).
    return { status: 421, reason: 'this server answers only to 127.0.0.1 and localhost' };
  }
  const origin = request.headers.origin;
  if (origin !== undefined && origin !== `http://${host}`) return { status: 403, reason: 'requests from other origins are refused' };
  // Browsers say where a request comes from even when they leave Origin out (a plain GET).
  const site = request.headers['sec-fetch-site'];
  if (site === 'cross-site' || site === 'same-site') return { status: 403, reason: 'requests from other sites are refused' };
  return null;
}

/** A session token: 32 random bytes as 64 hex digits. */
export type SessionToken = { readonly hex: string; matches(candidate: string | undefined): boolean };

/** Wraps the token so it is compared in constant time (hashing first makes the lengths equal). */
export function sessionToken(hex: string): SessionToken {
  const expected = createHash('sha256').update(hex, 'utf8').digest();
  return {
    hex,
    matches(candidate) {
      if (typeof candidate !== 'string' || candidate.length > 1024) return false;
      const given = createHash('sha256').update(candidate, 'utf8').digest();
      return timingSafeEqual(given, expected);
    },
  };
}

/** Refuses an API request without the right token (header `x-sealdrop-token`, or `token` in the query for EventSource). */
export function checkToken(request: IncomingMessage, token: SessionToken, queryToken: string | null): Refusal | null {
  const header = request.headers['x-sealdrop-token'];
  const given = typeof header === 'string' ? header : (queryToken ?? undefined);
  return token.matches(given) ? null : { status: 401, reason: 'a valid session token is needed' };
}
