// Making a key for a document (DESIGN §3): the network generates the server key Y by DKG, then the
// client makes a random document key M, ElGamal-encrypts it under Y and hands only (C, E) to the
// network, so no node ever sees M. Either request goes to one node (it coordinates the others); an
// unreachable node is skipped for the next one in a shuffled order.
import { SealdropError, isSealdropError } from '../../../../src-shared/errors.ts';
import { encryptDocumentKey, randomDocumentKey } from '../math/elgamal.ts';
import { pointFromPublic } from '../math/encoding.ts';
import { DOCUMENT_ID_LENGTH } from '../math/requester-signature.ts';
import { onFirstReachable, requestOptions, requesterAddress, type ClientContext } from './context.ts';
import { confirmNewServerKey } from './confirm-new-key.ts';
import type { NodeApi } from './node-api.ts';

/** Default time limit of a generation request: the node runs a whole DKG among all nodes. */
export const GENERATION_TIMEOUT_MS = 60_000;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/** Throws 'bad-argument' unless `documentId` is 32 bytes. */
export function checkDocumentId(documentId: Uint8Array): void {
  if (documentId.length !== DOCUMENT_ID_LENGTH) {
    throw new SealdropError('bad-argument', `A document id is ${DOCUMENT_ID_LENGTH} bytes, got ${documentId.length}.`);
  }
}

/** Throws 'threshold-invalid' unless 0 ≤ t < n for this network. */
export function checkThreshold(threshold: number, nodeCount: number): void {
  if (!Number.isSafeInteger(threshold) || threshold < 0 || threshold >= nodeCount) {
    throw new SealdropError(
      'threshold-invalid',
      `Threshold ${threshold} is impossible with ${nodeCount} key servers: it must be a whole number from 0 to ${nodeCount - 1}.`,
      { threshold, nodes: nodeCount },
    );
  }
}

/**
 * A request that may have reached a node before its connection broke can have taken effect; when
 * the retry on another node then says "already exists", this asks that node whether the existing
 * key is the one we asked for.
 */
function maybeDelivered(error: SealdropError): boolean {
  return error.details.delivered === true;
}

/** Generates the server key of `documentId` with threshold t on the network; returns Y (64 bytes). */
export async function generateServerKey(
  context: ClientContext,
  documentId: Uint8Array,
  threshold: number,
  options: { timeoutMs?: number } = {},
): Promise<Uint8Array> {
  checkDocumentId(documentId);
  checkThreshold(threshold, context.profile.nodes.length);
  const signature = await context.signer.signDocumentId(documentId);
  const author = requesterAddress(context.signer);
  let ambiguous = false;
  const attempt = async (api: NodeApi): Promise<Uint8Array> => {
    try {
      return await api.generateServerKey(documentId, signature, threshold, requestOptions(context, undefined, options.timeoutMs ?? GENERATION_TIMEOUT_MS));
    } catch (error) {
      if (!ambiguous || !isSealdropError(error, 'server-key-exists')) throw error;
      const info = await api.keyInfo(documentId, requestOptions(context));
      if (sameBytes(info.author, author) && info.threshold === threshold) return info.serverKey;
      throw error;
    }
  };
  const serverKey = await onFirstReachable(context, attempt, (error) => {
    ambiguous ||= maybeDelivered(error);
  });
  await confirmNewServerKey(context, documentId, serverKey, threshold);
  return serverKey;
}

/**
 * Makes a fresh document key M, stores its ElGamal encryption (C, E) under `serverKey` on the
 * network and returns M. Only the caller ever holds M; only the key's author may store it, once.
 */
export async function storeDocumentKey(context: ClientContext, documentId: Uint8Array, serverKey: Uint8Array): Promise<Uint8Array> {
  checkDocumentId(documentId);
  pointFromPublic(serverKey);
  const documentKey = randomDocumentKey();
  // One (C, E) for every attempt, so a retry after a broken connection stores the same key.
  const { commonPoint, encryptedPoint } = encryptDocumentKey(documentKey, serverKey);
  const signature = await context.signer.signDocumentId(documentId);
  let ambiguous = false;
  const attempt = async (api: NodeApi): Promise<void> => {
    try {
      await api.storeDocumentKey(documentId, signature, commonPoint, encryptedPoint, requestOptions(context));
    } catch (error) {
      if (!ambiguous || !isSealdropError(error, 'document-key-exists')) throw error;
      const stored = (await api.keyInfo(documentId, requestOptions(context))).documentKey;
      if (stored === null || !sameBytes(stored.commonPoint, commonPoint) || !sameBytes(stored.encryptedPoint, encryptedPoint)) throw error;
    }
  };
  await onFirstReachable(context, attempt, (error) => {
    ambiguous ||= maybeDelivered(error);
  });
  return documentKey;
}
