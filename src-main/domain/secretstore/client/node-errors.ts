// Turns what a key server node (or the path to it) answers into SealdropErrors that name the node.
// Two error shapes exist (docs/PROTOCOL.md §3): Parity's quoted JSON string (`"\"Access denied\""`,
// PARITY.md §3.1) on the Parity routes, and `{ "error": { "code", "message" } }` on /v1. The text a
// node sends is untrusted: it is cut short and stripped of control characters before we show it.
import { ERROR_CODES, SealdropError, type ErrorCode } from '../../../../src-shared/errors.ts';

/** Longest piece of a node's own error text we repeat. */
const MAX_REMOTE_TEXT = 300;

const KNOWN_CODES: ReadonlySet<string> = new Set(ERROR_CODES);

/** A node's error text made safe to show: no control characters, bounded length. */
export function sanitizeRemoteText(text: string): string {
  // eslint-disable-next-line no-control-regex
  const clean = text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ').trim();
  return clean.length > MAX_REMOTE_TEXT ? `${clean.slice(0, MAX_REMOTE_TEXT)}…` : clean;
}

/** Parity's error body: a JSON string whose value is itself wrapped in quotes; strips both layers. */
export function parityErrorText(body: string): string {
  let text = body.trim();
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed === 'string') text = parsed;
  } catch {
    // Not JSON (e.g. a proxy's plain-text page): use the raw text.
  }
  // secretstore-js removeEnclosingDQuotes: the inner quotes are part of Parity's format.
  if (text.length >= 2 && text.startsWith('"') && text.endsWith('"')) text = text.slice(1, -1);
  return text;
}

/** Parity's status → our code, refined by the error text where one status covers several errors. */
export function codeForParityError(status: number, text: string): ErrorCode {
  const lower = text.toLowerCase();
  // Parity's ConsensusUnreachable is a 403 too, but means too few holders agreed, not a refusal.
  if (status === 403) return lower.includes('consensus') ? 'not-enough-nodes' : 'access-denied';
  if (status === 404) {
    if (text === '') return 'request-invalid';
    return lower.includes('document key') ? 'document-key-not-found' : 'server-key-not-found';
  }
  if (status === 400) {
    if (lower.includes('server key') && (lower.includes('already') || lower.includes('exists'))) return 'server-key-exists';
    if (lower.includes('document key') && (lower.includes('already') || lower.includes('exists'))) return 'document-key-exists';
    return 'request-invalid';
  }
  if (status === 409 && lower.includes('acl')) return 'acl-stale';
  // Parity's NotEnoughNodesForThreshold ("not enough nodes for passed threshold") is a bad t.
  if (lower.includes('for passed threshold')) return 'threshold-invalid';
  if (lower.includes('not enough nodes') || lower.includes('notenoughnodes')) return 'not-enough-nodes';
  // A peer of the node is down (Parity's NodeDisconnected): the node itself was reached.
  if (lower.includes('disconnected') || lower.includes('unreachable')) return 'node-unreachable';
  if (lower.includes('timed out') || lower.includes('timeout')) return 'timeout';
  return 'internal';
}

// Parity's texts are terse; for the ones whose meaning is not obvious, say it plainly.
const PARITY_HINTS: Partial<Record<ErrorCode, string>> = {
  'node-unreachable': 'another key server it needs is unreachable',
  'not-enough-nodes': 'too few key servers agreed or answered',
  'threshold-invalid': 'the threshold is too high for this network',
};

function remoteMessage(nodeUrl: string, status: number, text: string): string {
  const shown = sanitizeRemoteText(text);
  return shown === '' ? `Key server ${nodeUrl} answered HTTP ${status}.` : `Key server ${nodeUrl} answered HTTP ${status}: ${shown}`;
}

/** The SealdropError for a non-200 answer, from either body shape (or the status alone). */
export function errorFromResponse(nodeUrl: string, status: number, body: string): SealdropError {
  const details = { node: nodeUrl, status };
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(body);
  } catch {
    // Empty or non-JSON body: fall through to Parity's text rules.
  }
  if (typeof parsed === 'object' && parsed !== null && 'error' in parsed) {
    const error = (parsed as { error: unknown }).error;
    if (typeof error === 'object' && error !== null) {
      const { code, message } = error as { code?: unknown; message?: unknown };
      const text = typeof message === 'string' ? message : '';
      // An unknown code from a node is not trusted: fall back to what the status means.
      const known = typeof code === 'string' && KNOWN_CODES.has(code) ? (code as ErrorCode) : codeForParityError(status, text);
      return new SealdropError(known, remoteMessage(nodeUrl, status, text), details);
    }
  }
  const text = parityErrorText(body);
  const code = codeForParityError(status, text);
  const hint = PARITY_HINTS[code];
  const message = remoteMessage(nodeUrl, status, text);
  return new SealdropError(code, hint === undefined ? message : `${message} (${hint})`, details);
}

const REFUSED = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'EADDRNOTAVAIL']);

function causeCode(error: unknown): string | undefined {
  // undici wraps the socket error: TypeError('fetch failed') with cause { code }, sometimes nested.
  let current: unknown = error;
  for (let depth = 0; depth < 4 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code !== 'ERR_INVALID_STATE') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * The SealdropError for a request that got no HTTP answer. `delivered` says whether the node may
 * have received the request (connection reset mid-way) as opposed to surely not (refused, no DNS).
 */
export function errorFromTransport(nodeUrl: string, error: unknown, timeoutMs: number, cancelled: boolean): SealdropError {
  if (error instanceof SealdropError) return error;
  const name = (error as { name?: unknown } | null)?.name;
  if (cancelled) return new SealdropError('cancelled', `The request to key server ${nodeUrl} was cancelled.`, { node: nodeUrl }, { cause: error });
  if (name === 'TimeoutError') {
    return new SealdropError('timeout', `Key server ${nodeUrl} did not answer within ${timeoutMs / 1000} s.`, { node: nodeUrl, timeoutMs }, { cause: error });
  }
  const code = causeCode(error);
  const surelyNotDelivered = code !== undefined && REFUSED.has(code);
  const why = code === 'ECONNREFUSED' ? 'connection refused' : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'host not found' : (code ?? 'connection failed');
  return new SealdropError(
    'node-unreachable',
    `Cannot reach key server ${nodeUrl} (${why}).`,
    // `transport` tells this apart from a node that answered that one of ITS peers is unreachable.
    { node: nodeUrl, ...(code === undefined ? {} : { errno: code }), transport: true, delivered: !surelyNotDelivered },
    { cause: error },
  );
}
