// Who authored a server key and its threshold, as the nodes report them (GET /v1/keys/{id} on every
// node). A single node could lie about the author (and so make a forged ACL record look valid), so
// `keyAuthor` accepts an author only when t+1 nodes report it with the same threshold t: with at
// most t dishonest nodes, one of them is honest.
import { SealdropError, type ErrorCode } from '../../../../src-shared/errors.ts';
import { hexFromBytes } from '../math/encoding.ts';
import { askEveryNode, failureOf, requestOptions, type ClientContext, type NodeFailure } from './context.ts';

/** What one node says about a key. */
export type KeyReport = { node: string; author: Uint8Array; threshold: number };

/** The agreed author and threshold of a key. */
export type KeyAuthor = { author: Uint8Array; threshold: number; failures: NodeFailure[] };

function mostCommon(codes: readonly ErrorCode[]): ErrorCode | null {
  const counts = new Map<ErrorCode, number>();
  for (const code of codes) counts.set(code, (counts.get(code) ?? 0) + 1);
  let best: ErrorCode | null = null;
  for (const [code, count] of counts) if (best === null || count > (counts.get(best) ?? 0)) best = code;
  return best;
}

/** Every node's report on the key; throws the most common failure when no node describes it. */
export async function keyReports(context: ClientContext, documentId: Uint8Array): Promise<{ reports: KeyReport[]; failures: NodeFailure[] }> {
  const outcomes = await askEveryNode(context, (api) => api.keyInfo(documentId, requestOptions(context)));
  const failures: NodeFailure[] = [];
  const reports: KeyReport[] = [];
  for (const outcome of outcomes) {
    if (!outcome.ok) failures.push(failureOf(outcome.node, outcome.error));
    else if (!Buffer.from(outcome.value.documentId).equals(Buffer.from(documentId))) {
      failures.push({ node: outcome.node, code: 'internal', reason: `${outcome.node} described another document id` });
    } else reports.push({ node: outcome.node, author: outcome.value.author, threshold: outcome.value.threshold });
  }
  if (reports.length === 0) {
    const code = mostCommon(failures.map((f) => f.code)) ?? 'node-unreachable';
    throw new SealdropError(code === 'timeout' ? 'node-unreachable' : code, `No key server described this key (${failures.map((f) => f.reason).join('; ')}).`, {
      total: outcomes.length,
    });
  }
  return { reports, failures };
}

/** The author and threshold t+1 nodes agree on; 'not-enough-nodes' when none is agreed. */
export async function keyAuthor(context: ClientContext, documentId: Uint8Array): Promise<KeyAuthor> {
  const { reports, failures } = await keyReports(context, documentId);
  const support = new Map<string, { author: Uint8Array; threshold: number; count: number }>();
  for (const report of reports) {
    const key = `${hexFromBytes(report.author)}/${report.threshold}`;
    const entry = support.get(key) ?? { author: report.author, threshold: report.threshold, count: 0 };
    entry.count++;
    support.set(key, entry);
  }
  const agreed = [...support.values()].filter((entry) => entry.count >= entry.threshold + 1).sort((a, b) => b.count - a.count)[0];
  if (agreed !== undefined) return { author: agreed.author, threshold: agreed.threshold, failures };
  const total = reports.length + failures.length;
  throw new SealdropError('not-enough-nodes', `The key servers do not agree on who owns this key (${reports.length} of ${total} answered).`, {
    answered: reports.length,
    total,
  });
}
