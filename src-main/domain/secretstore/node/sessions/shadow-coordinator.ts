// Coordinates Parity's shadow retrieval (PARITY.md §4.4, docs/PROTOCOL.md §4.3): ask every holder to
// consent (each checks the ACL and logs the attempt), pick t+1 that agreed, collect their blinded
// parts with a fresh access key k, and combine: D = E − k⁻¹·Σ P_i. If a chosen node fails between
// consent and answer, retry with the spare ones (PARITY.md A16). No node, this one included, learns M.
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { randomScalar, secretFromScalar } from '../../math/encoding.ts';
import { combineShadowParts, type ShadowAnswer } from '../../parity/shadow.ts';
import { askAll, failures, type AskPeer } from './ask.ts';
import { Done, ShadowAnswerPart, type KeyInfoAnswer } from './peer-messages.ts';
import { fromHex, newSessionId, toHex } from './wire.ts';

/** Runs one shadow retrieval for a requester's signature over `documentId`. */
export async function coordinateShadowRetrieval(ask: AskPeer, key: KeyInfoAnswer, documentId: Uint8Array, signature: Uint8Array): Promise<ShadowAnswer> {
  if (key.documentKey === null) throw new SealdropError('document-key-not-found', 'No document key was stored for this server key.');
  const needed = key.threshold + 1;
  let candidates = key.holders;
  for (;;) {
    // A fresh session per attempt: each holder gives one part per consent (retrieval-participant.ts).
    const session = newSessionId();
    const consents = await askAll(
      ask,
      candidates.map((h) => h.node),
      () => ({ type: 'retrieval/consent', session, documentId: toHex(documentId), signature: toHex(signature) }),
      Done,
    );
    const willing = candidates.filter((h) => consents.some((c) => c.ok && c.node === h.node));
    if (willing.length < needed) throw refusal(key.holders.length, willing.length, needed, failures(consents).map((f) => f.error));
    const group = willing.slice(0, needed);
    const accessKey = randomScalar();
    const parts = await askAll(
      ask,
      group.map((h) => h.node),
      () => ({
        type: 'retrieval/shadow',
        session,
        documentId: toHex(documentId),
        signature: toHex(signature),
        accessKey: toHex(secretFromScalar(accessKey)),
        consensus: group.map((h) => h.identifier),
      }),
      ShadowAnswerPart,
    );
    const failed = failures(parts);
    if (failed.length === 0) {
      const shadowParts = parts.flatMap((p) => (p.ok ? [{ shadowPoint: fromHex(p.value.shadowPoint), decryptShadow: fromHex(p.value.decryptShadow) }] : []));
      return combineShadowParts(fromHex(key.documentKey.encryptedPoint), fromHex(key.documentKey.commonPoint), accessKey, shadowParts);
    }
    // Drop whoever failed between consent and answer, and try again with the others (PARITY.md A16).
    candidates = willing.filter((h) => !failed.some((f) => f.node === h.node));
  }
}

function refusal(asked: number, willing: number, needed: number, errors: SealdropError[]): SealdropError {
  const denied = errors.filter((e) => e.code === 'access-denied').length;
  const missing = errors.filter((e) => e.code === 'document-key-not-found').length;
  if (missing > 0 && willing === 0) return new SealdropError('document-key-not-found', 'No document key was stored for this server key.');
  // Parity: ACL denial surfaces as "Consensus unreachable" (403) when at least half the refusals are fatal.
  if (denied * 2 >= errors.length && denied > 0) {
    return new SealdropError('access-denied', `Access denied: ${denied} of ${asked} key holders refused, ${willing} agreed, ${needed} needed.`, { denied, asked, needed });
  }
  return new SealdropError('not-enough-nodes', `${willing} of ${asked} key holders agreed; ${needed} are needed.`, { willing, asked, needed });
}
