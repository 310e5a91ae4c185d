// Who answered what during a retrieval, and the error a person reads when too few key holders gave
// a valid answer ("2 of 5 key holders answered; 3 are needed (3 unreachable)").
import { SealdropError, type ErrorCode } from '../../../../src-shared/errors.ts';
import type { NodeFailure } from './context.ts';

/** Per-node outcome lists of a retrieval. */
export type RetrievalOutcome = {
  /** Nodes whose valid partials were combined. */
  answered: string[];
  /** Nodes that answered something wrong (bad proof, garbage, inconsistent data), named with why. */
  rejected: NodeFailure[];
  /** Nodes that could not be reached or did not answer in time. */
  unreachable: string[];
  /** Nodes that refused the requester (ACL). */
  denied: string[];
  /** Nodes that refused because they cannot consult the access-control backend (fail closed). */
  aclUnavailable: { node: string; reason: string }[];
  /** Nodes that do not hold the key or its document key. */
  notFound: string[];
  /** Nodes that failed otherwise (their own internal errors). */
  failed: NodeFailure[];
  /** Nodes whose answers were not awaited because t+1 valid partials were already in. */
  pending: string[];
};

/** A fresh, empty outcome. */
export function emptyOutcome(): RetrievalOutcome {
  return { answered: [], rejected: [], unreachable: [], denied: [], aclUnavailable: [], notFound: [], failed: [], pending: [] };
}

/** Files a node's failed request under the right list. */
export function recordFailure(outcome: RetrievalOutcome, node: string, error: SealdropError): void {
  switch (error.code) {
    case 'node-unreachable':
    case 'timeout':
      outcome.unreachable.push(node);
      return;
    case 'access-denied':
      outcome.denied.push(node);
      return;
    case 'acl-unavailable':
      outcome.aclUnavailable.push({ node, reason: error.message });
      return;
    case 'server-key-not-found':
    case 'document-key-not-found':
      outcome.notFound.push(node);
      return;
    default:
      // A malformed 200 body is a node answering garbage: a bad node, named as rejected.
      if (error.details.malformed === true) outcome.rejected.push({ node, code: error.code, reason: error.message });
      else outcome.failed.push({ node, code: error.code, reason: error.message });
  }
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/**
 * The error for fewer than t+1 valid answers: 'access-denied' if most nodes without a valid answer
 * refused the requester, the not-found code if most do not hold the key, else 'not-enough-nodes'.
 * `notFoundCode` is the code those nodes gave. `viewProblem` explains a missing agreed public table.
 */
export function notEnoughAnswers(
  outcome: RetrievalOutcome,
  total: number,
  needed: number,
  notFoundCode: ErrorCode,
  viewProblem: string | null,
): SealdropError {
  const valid = outcome.answered.length;
  const refusals = total - valid;
  const reasons = [
    outcome.unreachable.length > 0 ? `${outcome.unreachable.length} unreachable` : '',
    outcome.denied.length > 0 ? `${outcome.denied.length} denied access` : '',
    outcome.aclUnavailable.length > 0 ? `${outcome.aclUnavailable.length} refused because they cannot reach the access-control chain` : '',
    outcome.notFound.length > 0 ? `${plural(outcome.notFound.length, 'does', 'do')} not hold the key` : '',
    outcome.rejected.length > 0 ? `${outcome.rejected.length} gave an invalid answer: ${outcome.rejected.map((r) => r.node).join(', ')}` : '',
    outcome.failed.length > 0 ? `${outcome.failed.length} failed` : '',
  ].filter((text) => text !== '');
  let message = `${valid} of ${plural(total, 'key holder', 'key holders')} answered; ${needed} ${needed === 1 ? 'is' : 'are'} needed`;
  if (reasons.length > 0) message += ` (${reasons.join('; ')})`;
  if (viewProblem !== null) message += `. ${viewProblem}`;
  let code: ErrorCode = 'not-enough-nodes';
  if (outcome.denied.length * 2 > refusals) code = 'access-denied';
  else if (outcome.aclUnavailable.length * 2 > refusals) code = 'acl-unavailable';
  else if (outcome.notFound.length * 2 > refusals) code = notFoundCode;
  return new SealdropError(code, `${message}.`, {
    answered: valid,
    needed,
    total,
    unreachable: outcome.unreachable.length,
    denied: outcome.denied.length,
    notFound: outcome.notFound.length,
    rejected: outcome.rejected.map((r) => `${r.node} (${r.code})`).join(', '),
    failed: outcome.failed.length,
  });
}
