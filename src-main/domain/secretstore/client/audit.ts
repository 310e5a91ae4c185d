// The audit log of a key (docs/PROTOCOL.md §7): every node logs each retrieval attempt it sees, so
// one attempt usually shows up on several nodes. The client asks every node (with the author's
// signature) and merges entries of the same requester and outcome within a few seconds into one
// event that says how many nodes agree — a node that hides or invents entries stands out.
import { auditDigest } from '../math/request-digests.ts';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { hexFromBytes } from '../math/encoding.ts';
import { askEveryNode, failureOf, requestOptions, requesterAddress, type ClientContext, type NodeFailure } from './context.ts';
import type { NodeAuditEntry } from './node-schemas.ts';
import { checkDocumentId } from './server-key.ts';

/** Entries closer than this (ms) with the same requester and outcome are one event. */
export const DEFAULT_AUDIT_WINDOW_MS = 5_000;

/** One retrieval attempt as seen by one or more nodes. */
export type AuditEvent = {
  /** 20-byte requester address. */
  requester: Uint8Array;
  /** Earliest time any node logged it (ms since the epoch). */
  time: number;
  allowed: boolean;
  /** The distinct reasons the nodes gave. */
  reasons: string[];
  /** The nodes that logged it. */
  nodes: string[];
  /** "3 of 5 nodes agree". */
  agreement: string;
};

/** The merged log and which nodes answered. */
export type AuditReport = { events: AuditEvent[]; answered: string[]; failures: NodeFailure[] };

/** Groups entries (any order) into events; `total` is the number of nodes asked. */
export function mergeAuditEntries(perNode: readonly { node: string; entries: readonly NodeAuditEntry[] }[], total: number, windowMs = DEFAULT_AUDIT_WINDOW_MS): AuditEvent[] {
  const all = perNode.flatMap(({ node, entries }) => entries.map((entry) => ({ node, entry }))).sort((a, b) => a.entry.time - b.entry.time);
  const events: (AuditEvent & { key: string })[] = [];
  for (const { node, entry } of all) {
    const key = `${hexFromBytes(entry.requester)}/${entry.allowed}`;
    // The newest open event this entry fits: same requester and outcome, in the window, not yet from this node.
    const event = events.findLast((candidate) => candidate.key === key && entry.time - candidate.time <= windowMs && !candidate.nodes.includes(node));
    if (event === undefined) {
      events.push({ key, requester: entry.requester, time: entry.time, allowed: entry.allowed, reasons: [entry.reason], nodes: [node], agreement: '' });
      continue;
    }
    event.nodes.push(node);
    if (!event.reasons.includes(entry.reason)) event.reasons.push(entry.reason);
  }
  return events.map(({ key: _key, ...event }) => ({ ...event, agreement: `${event.nodes.length} of ${total} nodes agree` }));
}

/** Reads and merges the audit log of `documentId` from every node (the signer must be the key's author). */
export async function audit(context: ClientContext, documentId: Uint8Array, options: { windowMs?: number } = {}): Promise<AuditReport> {
  checkDocumentId(documentId);
  // A fresh, domain-separated signature: a node accepts it for 5 minutes, for this purpose only.
  const time = Date.now();
  const signature = await context.signer.signDigest(auditDigest(documentId, time));
  const outcomes = await askEveryNode(context, (api) => api.audit(documentId, signature, time, requestOptions(context), requesterAddress(context.signer)));
  const answered = outcomes.flatMap((outcome) => (outcome.ok ? [{ node: outcome.node, entries: outcome.value }] : []));
  const failures = outcomes.flatMap((outcome) => (outcome.ok ? [] : [failureOf(outcome.node, outcome.error)]));
  if (answered.length === 0) {
    const denied = failures.filter((failure) => failure.code === 'access-denied').length;
    throw new SealdropError(
      denied * 2 > failures.length ? 'access-denied' : 'not-enough-nodes',
      `No key server returned the audit log (${failures.map((failure) => failure.reason).join('; ')}).`,
      { total: outcomes.length, denied },
    );
  }
  return { events: mergeAuditEntries(answered, outcomes.length, options.windowMs), answered: answered.map((a) => a.node), failures };
}
