// How a failure becomes an HTTP answer (docs/PROTOCOL.md §3, PARITY.md §3.1 `return_error`): one
// table from our error codes to Parity's status and Display text, used by both route families, and
// the logging rule for failures that are not the requester's fault. Nothing here sees request URLs
// or bodies: a requester signature in a log could be replayed (PARITY.md §12.3).
import { SealdropError, type ErrorCode } from '../../../../../src-shared/errors.ts';

/** Structured, non-secret facts attached to a log line. */
export type LogFields = Record<string, string | number | boolean>;

/** Where the HTTP API reports failures; callers pass a redacting logger, tests a recording one. */
export type HttpLogger = {
  /** A request failed for a reason on the node's side that the node itself reported (a SealdropError). */
  warn(message: string, fields?: LogFields): void;
  /** Something failed that should never fail: a bug or an unexpected exception. */
  error(message: string, fields?: LogFields): void;
};

/** Writes one line per event to stderr; used when the caller passes no logger. */
export const stderrLogger: HttpLogger = {
  warn: (message, fields) => console.error(`[sealdrop http] warn: ${message}`, fields ?? {}),
  error: (message, fields) => console.error(`[sealdrop http] error: ${message}`, fields ?? {}),
};

/** What a failed request gets: the status, our code and message (/v1), and Parity's text (Parity routes). */
export type MappedError = { status: number; code: ErrorCode; message: string; parityText: string };

type Rule = { status: number; parityText?: string };

// Parity's `return_error`: 403 AccessDenied / ConsensusUnreachable, 404 key not found, 400
// requester data / already generated / already stored, 500 everything else. The texts are
// Parity's Display strings (secret-store `types/error.rs`; 1.0 spelled "Access dened").
const RULES: Partial<Record<ErrorCode, Rule>> = {
  'access-denied': { status: 403, parityText: 'Access denied' },
  // Too few holders consented or answered validly: Parity's ConsensusUnreachable (A13, A17).
  'not-enough-nodes': { status: 403, parityText: 'Consensus unreachable' },
  'server-key-not-found': { status: 404, parityText: 'Server key with this ID is not found' },
  'document-key-not-found': { status: 404, parityText: 'Document key with this ID is not found' },
  'server-key-exists': { status: 400, parityText: 'Server key with this ID is already generated' },
  'document-key-exists': { status: 400, parityText: 'Document key with this ID is already stored' },
  'request-invalid': { status: 400 },
  'bad-argument': { status: 400 },
  'key-invalid': { status: 400 },
  // Not in Parity: an owner-signed ACL record that is not newer than the one kept (PROTOCOL §3.2).
  'acl-stale': { status: 409 },
  // t ≥ n: Parity's NotEnoughNodesForThreshold, a 500 (A4).
  'threshold-invalid': { status: 500, parityText: 'not enough nodes for passed threshold' },
  'node-unreachable': { status: 500, parityText: 'node required for this operation is currently disconnected' },
};

/** The message of an unexpected failure: says nothing about what failed, which is only logged. */
export const GENERIC_FAILURE = 'The key server failed to answer this request; the cause is logged on the node.';

/** The HTTP answer for an error our own service raised on purpose. */
export function mapSealdropError(error: SealdropError): MappedError {
  const rule = RULES[error.code];
  const status = rule?.status ?? 500;
  // SealdropError messages are written for people and never hold secrets (src-shared/errors.ts).
  // Parity's own text first, so Parity clients see what they expect; for failures that are not the
  // requester's (5xx, consensus unreachable) our message follows, because it says how many nodes
  // answered and which did not.
  const explained = rule?.parityText !== undefined && (status >= 500 || error.code === 'not-enough-nodes') ? `${rule.parityText}: ${error.message}` : rule?.parityText;
  const parityText = explained ?? (status === 500 ? `Internal error: ${error.message}` : error.message);
  return { status, code: error.code, message: error.message, parityText };
}

/** The HTTP answer for anything that is not a SealdropError: 500 with a generic message. */
export function genericFailure(): MappedError {
  return { status: 500, code: 'internal', message: GENERIC_FAILURE, parityText: `Internal error: ${GENERIC_FAILURE}` };
}

/**
 * Maps any thrown value and logs it when it is the node's fault: 5xx SealdropErrors as warnings
 * (code and message), anything else as an error with its name, code and stack frames but not its
 * message, which could quote data (a foreign library's error may embed the bytes it choked on).
 */
export function mapFailure(thrown: unknown, logger: HttpLogger, route: string): MappedError {
  if (thrown instanceof SealdropError) {
    const mapped = mapSealdropError(thrown);
    if (mapped.status >= 500) logger.warn('request failed', { route, code: thrown.code, message: thrown.message });
    return mapped;
  }
  logger.error('unexpected failure while answering a request', { route, ...describeUnexpected(thrown) });
  return genericFailure();
}

/** Name, code and stack frames of an unexpected throw, without its message. */
function describeUnexpected(thrown: unknown): LogFields {
  if (!(thrown instanceof Error)) return { thrown: typeof thrown };
  const fields: LogFields = { name: thrown.name };
  const code = (thrown as { code?: unknown }).code;
  if (typeof code === 'string' || typeof code === 'number') fields.code = code;
  const frames = (thrown.stack ?? '').split('\n').filter((line) => line.trimStart().startsWith('at '));
  if (frames.length > 0) fields.stack = frames.slice(0, 8).map((line) => line.trim()).join(' | ');
  return fields;
}
