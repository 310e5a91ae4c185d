// Coordinates storing a document key on every holder (docs/PROTOCOL.md §4.2): prepare everywhere
// (each holder checks author and once-only), then commit everywhere. Any refusal or absence at
// prepare aborts the lot, so no holder ends up with a key the others lack.
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { askAll, failures, type AskPeer } from './ask.ts';
import { Done, type KeyInfoAnswer } from './peer-messages.ts';
import { newSessionId, nodeLabel, toHex } from './wire.ts';

/** What the author asked to store. */
export type StoreRequest = { documentId: Uint8Array; signature: Uint8Array; commonPoint: Uint8Array; encryptedPoint: Uint8Array };

/** Stores (C, E) on every holder of `key`, or on none. */
export async function coordinateDocumentStore(ask: AskPeer, key: KeyInfoAnswer, request: StoreRequest): Promise<void> {
  const holders = key.holders.map((h) => h.node);
  const session = newSessionId();
  const prepared = await askAll(
    ask,
    holders,
    () => ({
      type: 'document/prepare',
      session,
      documentId: toHex(request.documentId),
      signature: toHex(request.signature),
      commonPoint: toHex(request.commonPoint),
      encryptedPoint: toHex(request.encryptedPoint),
    }),
    Done,
  );
  const refused = failures(prepared);
  if (refused.length > 0) {
    await askAll(ask, holders, () => ({ type: 'document/abort', session }), Done);
    const unreachable = refused.filter((f) => f.error.code === 'node-unreachable' || f.error.code === 'timeout');
    if (unreachable.length === refused.length) {
      throw new SealdropError(
        'node-unreachable',
        `Storing the document key needs all ${holders.length} key holders; ${unreachable.length} did not answer (${unreachable.map((f) => nodeLabel(f.node)).join(', ')}). Nothing was stored.`,
        { unreachable: unreachable.length, total: holders.length },
      );
    }
    // The holders' own verdict (not the author, already stored) is the answer.
    const verdict = refused.find((f) => f.error.code !== 'node-unreachable' && f.error.code !== 'timeout');
    if (verdict !== undefined) throw verdict.error;
  }
  const committed = await askAll(ask, holders, () => ({ type: 'document/commit', session }), Done);
  const failed = failures(committed);
  if (failed.length > 0) {
    throw new SealdropError(
      'internal',
      `The document key was stored on ${holders.length - failed.length} of ${holders.length} key holders; ${failed.map((f) => nodeLabel(f.node)).join(', ')} failed at commit.`,
    );
  }
}
