// Finds the public part of a server key for a coordinator: its own record when it holds a share,
// otherwise the holders' answers (PARITY.md §3.1: a node without a share still serves the request,
// "delegation"). Answers are compared; the version most nodes agree on wins.
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { askAll, type AskPeer } from './ask.ts';
import { KeyInfoAnswer } from './peer-messages.ts';
import { newSessionId, toHex } from './wire.ts';

/** Looks up `documentId` on the given nodes (0x keys); throws 'server-key-not-found' when nobody has it. */
export async function lookUpKey(ask: AskPeer, nodes: readonly string[], documentId: Uint8Array): Promise<KeyInfoAnswer> {
  const session = newSessionId();
  const outcomes = await askAll(ask, nodes, () => ({ type: 'key/info', session, documentId: toHex(documentId) }), KeyInfoAnswer);
  const votes = new Map<string, { info: KeyInfoAnswer; count: number }>();
  for (const outcome of outcomes) {
    if (!outcome.ok) continue;
    // The document key may be stored on some holders a moment before others: vote on the key itself.
    const key = JSON.stringify({ ...outcome.value, documentKey: null });
    const vote = votes.get(key);
    if (vote === undefined) votes.set(key, { info: outcome.value, count: 1 });
    else {
      vote.count += 1;
      if (vote.info.documentKey === null) vote.info = outcome.value;
    }
  }
  const best = [...votes.values()].sort((a, b) => b.count - a.count)[0];
  if (best !== undefined) return best.info;
  const unreachable = outcomes.filter((o) => !o.ok && (o.error.code === 'node-unreachable' || o.error.code === 'timeout')).length;
  if (unreachable === outcomes.length && outcomes.length > 0) {
    throw new SealdropError('node-unreachable', `None of the ${outcomes.length} key holders answered.`, { unreachable });
  }
  throw new SealdropError('server-key-not-found', 'Server key with this ID is not found.');
}
