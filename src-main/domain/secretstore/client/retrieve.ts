// Verifiable retrieval of a document key (docs/PROTOCOL.md §5.1), the Sealdrop path:
//  1. ask every node in parallel for its partial D_i = s_i·C (POST /v1/keys/{id}/partial) and for
//     the key's public data (GET /v1/keys/{id});
//  2. trust a public-share table and (C, E) only when consistent with the file's server key and
//     reported identically by t+1 nodes (retrieval-view.ts);
//  3. open each envelope, verify its Chaum-Pedersen proof against Y_i, drop and name bad nodes;
//  4. with the first t+1 valid partials, M = E − Σ λ_i·D_i; slower nodes are not waited for.
import { retrievalDigest } from '../math/request-digests.ts';
import { SealdropError, type ErrorCode } from '../../../../src-shared/errors.ts';
import { verifyPartialDecryption, type ProvenPartial } from '../math/chaum-pedersen.ts';
import { identifierScalar } from '../math/dkg.ts';
import { pointFromPublic } from '../math/encoding.ts';
import { combinePartialDecryptions, type PartialDecryption } from '../math/lagrange.ts';
import { decodePartialAnswer, partialContext } from '../math/partial-answer.ts';
import type { NetworkNode } from '../network/profile.ts';
import { asSealdropError, nodeApis, requestOptions, requesterAddress, type ClientContext } from './context.ts';
import type { PartialResponse } from './node-schemas.ts';
import { viewAgreement, type RetrievalView } from './retrieval-view.ts';
import { emptyOutcome, notEnoughAnswers, recordFailure, type RetrievalOutcome } from './retrieval-tally.ts';
import { checkDocumentId } from './server-key.ts';

/** A progress event: "asking key holders", then "answered k/t+1". */
export type RetrievalProgress = { step: string; answered: number; needed: number; total: number };

/** The document key and what every node did. */
export type RetrievalResult = RetrievalOutcome & {
  /** M, 64 bytes X‖Y. */
  documentKey: Uint8Array;
};

/** What the sealed file says about the key. */
export type KeyReference = { serverKey: Uint8Array; threshold: number };

type OpenedPartial = { node: NetworkNode; response: PartialResponse; proven: ProvenPartial };

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/** Retrieves M from t+1 verified partial decryptions (see the file comment for the steps). */
export async function retrieveDocumentKey(
  context: ClientContext,
  documentId: Uint8Array,
  key: KeyReference,
  onProgress?: (progress: RetrievalProgress) => void,
): Promise<RetrievalResult> {
  checkDocumentId(documentId);
  pointFromPublic(key.serverKey);
  if (!Number.isSafeInteger(key.threshold) || key.threshold < 0) {
    throw new SealdropError('threshold-invalid', `Threshold ${key.threshold} is not a whole number ≥ 0.`);
  }
  const nodes = nodeApis(context);
  const total = nodes.length;
  const needed = key.threshold + 1;
  if (needed > total) {
    throw new SealdropError('not-enough-nodes', `The key needs ${needed} key holders; this network has only ${total}.`, { needed, total });
  }
  const requester = requesterAddress(context.signer);
  // The domain-separated retrieval digest, never the raw id: a crafted file cannot make us sign
  // anything but a Sealdrop retrieval request (math/request-digests.ts).
  const signature = await context.signer.signDigest(retrievalDigest(documentId));
  const stop = new AbortController();
  const options = requestOptions(context, stop.signal);
  const agreement = viewAgreement({ documentId, serverKey: key.serverKey, threshold: key.threshold }, needed);
  const outcome = emptyOutcome();
  const awaitingView = new Map<string, OpenedPartial>();
  const valid: (PartialDecryption & { node: string })[] = [];
  const partialsSettled = new Set<string>();
  let keyInfosSettled = 0;
  let notFoundCode: ErrorCode = 'server-key-not-found';
  const report = (step: string): void => onProgress?.({ step, answered: valid.length, needed, total });

  return new Promise<RetrievalResult>((resolve, reject) => {
    let done = false;
    const onCancel = (): void => fail(new SealdropError('cancelled', 'Retrieval was cancelled.'));
    function end(): void {
      done = true;
      // Answers still in flight are no longer needed: abort them rather than leave sockets open.
      stop.abort();
      context.signal?.removeEventListener('abort', onCancel);
    }
    function fail(error: SealdropError): void {
      if (done) return;
      end();
      reject(error);
    }
    function succeed(view: RetrievalView): void {
      if (done) return;
      let documentKey: Uint8Array;
      try {
        documentKey = combinePartialDecryptions(view.encryptedPoint, valid.slice(0, needed));
      } catch (error) {
        fail(asSealdropError(error));
        return;
      }
      end();
      outcome.answered = valid.slice(0, needed).map((p) => p.node);
      // Not awaited: requests still in flight, and valid-looking answers left unchecked once t+1 were in.
      outcome.pending = nodes.map(({ api }) => api.url).filter((url) => !partialsSettled.has(url) || awaitingView.has(url));
      resolve({ documentKey, ...outcome });
    }
    function verify(url: string, opened: OpenedPartial, view: RetrievalView): void {
      const drop = (reason: string): void => void outcome.rejected.push({ node: url, code: 'proof-invalid', reason });
      const holder = view.holders.find((h) => same(h.node, opened.node.publicKey));
      if (holder === undefined) return drop(`${url} is not one of the key's holders`);
      if (!same(opened.response.node, opened.node.publicKey)) return drop(`${url} answered under another node's key`);
      if (opened.response.identifier !== holder.identifier) return drop(`${url} answered with another holder's identifier`);
      const proofContext = partialContext(documentId, requester, holder.identifier);
      if (!verifyPartialDecryption(holder.publicShare, view.commonPoint, opened.proven, proofContext)) {
        return drop(`${url} sent a partial decryption that does not match its public share (Chaum-Pedersen proof fails)`);
      }
      valid.push({ node: url, identifier: identifierScalar(holder.identifier), partial: opened.proven.partial });
      report(`answered ${Math.min(valid.length, needed)}/${needed}`);
    }
    function advance(): void {
      if (done) return;
      const view = agreement.trusted();
      if (view !== null) {
        for (const [url, opened] of awaitingView) {
          if (valid.length >= needed) break;
          awaitingView.delete(url);
          verify(url, opened, view);
        }
        if (valid.length >= needed) return succeed(view);
      }
      if (partialsSettled.size < total || keyInfosSettled < total) return;
      // Everyone answered and fewer than t+1 valid partials: explain why.
      outcome.answered = valid.map((p) => p.node);
      let viewProblem: string | null = null;
      if (awaitingView.size + valid.length < needed) {
        // Too few answers to combine whatever the public data: count the unchecked ones as answers.
        outcome.answered.push(...awaitingView.keys());
      } else if (awaitingView.size > 0) {
        const problems = [...agreement.problems].map(([node, problem]) => `${node} ${problem}`);
        viewProblem = `No ${needed} key holders agree on the key's public data, so ${awaitingView.size} answer(s) could not be checked`;
        if (problems.length > 0) viewProblem += ` (${problems.join('; ')})`;
        for (const url of awaitingView.keys()) {
          outcome.failed.push({ node: url, code: 'share-invalid', reason: `${url}'s answer could not be checked against agreed public shares` });
        }
      }
      fail(notEnoughAnswers(outcome, total, needed, notFoundCode, viewProblem));
    }
    async function open(node: NetworkNode, url: string, response: PartialResponse): Promise<void> {
      let proven: ProvenPartial;
      try {
        proven = decodePartialAnswer(await context.signer.decryptEcies(response.envelope));
      } catch (error) {
        if (done) return;
        const failure = asSealdropError(error);
        // A bad envelope is the node's fault; any other signer failure is ours and ends the retrieval.
        if (failure.code !== 'ciphertext-tampered' && failure.code !== 'key-invalid') throw failure;
        outcome.rejected.push({ node: url, code: failure.code, reason: `${url} sent an envelope that does not open: ${failure.message}` });
        return;
      }
      // The signer may be async: the retrieval can have ended meanwhile, and its result is final.
      if (!done) awaitingView.set(url, { node, response, proven });
    }

    context.signal?.addEventListener('abort', onCancel, { once: true });
    if (context.signal?.aborted === true) return onCancel();
    report('asking key holders');
    for (const { node, api } of nodes) {
      const url = api.url;
      api
        .keyInfo(documentId, options)
        // Why ignored: metadata only feeds the agreement; the node's reachability and refusals are
        // reported from its partial request, which fails the same way.
        .then((info) => void (done ? null : agreement.add(url, info)), () => undefined)
        .finally(() => {
          keyInfosSettled++;
          advance();
        })
        .catch((error: unknown) => fail(asSealdropError(error)));
      api
        .partial(documentId, signature, options, requester)
        .then(
          (response) => (done ? undefined : open(node, url, response)),
          (error: unknown) => {
            if (done) return;
            const failure = asSealdropError(error);
            if (failure.code === 'server-key-not-found' || failure.code === 'document-key-not-found') notFoundCode = failure.code;
            recordFailure(outcome, url, failure);
          },
        )
        .then(() => {
          partialsSettled.add(url);
          advance();
        })
        .catch((error: unknown) => fail(asSealdropError(error)));
    }
  });
}
