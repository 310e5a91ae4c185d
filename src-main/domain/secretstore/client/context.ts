// What every secret-store operation is given (the network profile and who is asking), and the two
// ways operations talk to nodes: one node at a time in a shuffled order (generation, storage,
// Parity retrieval), or all nodes in parallel with a per-node outcome (retrieval, ACL, audit, status).
import { randomInt } from 'node:crypto';
import { SealdropError, isSealdropError, type ErrorCode } from '../../../../src-shared/errors.ts';
import { addressFromPublic } from '../math/address.ts';
import type { NetworkNode, NetworkProfile } from '../network/profile.ts';
import { DEFAULT_REQUEST_TIMEOUT_MS, nodeApi, type NodeApi, type RequestOptions } from './node-api.ts';

/**
 * The requester's key, as the identity module provides it (an IdentityKey fits). The secret never
 * leaves it: operations only ask for signatures and decryptions. Methods may be async (a keychain).
 */
export type Signer = {
  /** 64-byte public key X‖Y; the requester address is derived from it. */
  readonly publicKey: Uint8Array;
  /** Parity requester signature r‖s‖v over the raw 32-byte document id. */
  signDocumentId(documentId: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** The same recoverable signature over a 32-byte digest (ACL records). */
  signDigest(digest: Uint8Array): Uint8Array | Promise<Uint8Array>;
  /** Opens a Parity ECIES envelope (auth data [0,0]) addressed to this key. */
  decryptEcies(envelope: Uint8Array): Uint8Array | Promise<Uint8Array>;
};

/** Everything an operation needs. */
export type ClientContext = {
  profile: NetworkProfile;
  signer: Signer;
  /** Time limit of each HTTP request (default 10 s). */
  timeoutMs?: number;
  /** Cancels the whole operation. */
  signal?: AbortSignal;
  /** Builds the client of one node (tests may wrap it); defaults to the HTTP client. */
  nodeApiFor?: (node: NetworkNode) => NodeApi;
};

/** The result of asking one node. `node` is its HTTP URL, the name people see. */
export type NodeOutcome<T> = { node: string; ok: true; value: T } | { node: string; ok: false; error: SealdropError };

/** A node that failed, with a stable code and a sentence. */
export type NodeFailure = { node: string; code: ErrorCode; reason: string };

/** The requester's 20-byte address. */
export function requesterAddress(signer: Signer): Uint8Array {
  return addressFromPublic(signer.publicKey);
}

/** The API of every node of the profile, in profile order. */
export function nodeApis(context: ClientContext): { node: NetworkNode; api: NodeApi }[] {
  const make = context.nodeApiFor ?? ((node: NetworkNode) => nodeApi(node.http, { timeoutMs: context.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS }));
  return context.profile.nodes.map((node) => ({ node, api: make(node) }));
}

/** Request options carrying the context's limit and cancellation. */
export function requestOptions(context: ClientContext, signal?: AbortSignal, timeoutMs?: number): RequestOptions {
  const signals = [context.signal, signal].filter((s): s is AbortSignal => s !== undefined);
  return {
    timeoutMs: timeoutMs ?? context.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS,
    ...(signals.length === 0 ? {} : { signal: signals.length === 1 ? signals[0] : AbortSignal.any(signals) }),
  };
}

/** A uniformly shuffled copy (Fisher-Yates), so load spreads and no node is always asked first. */
export function shuffled<T>(items: readonly T[]): T[] {
  const copy = [...items];
  for (let i = copy.length - 1; i > 0; i--) {
    const j = randomInt(i + 1);
    [copy[i], copy[j]] = [copy[j] as T, copy[i] as T];
  }
  return copy;
}

/** Turns anything thrown into a SealdropError (a bug in our code becomes 'internal', never swallowed). */
export function asSealdropError(error: unknown): SealdropError {
  if (error instanceof SealdropError) return error;
  return new SealdropError('internal', `Unexpected failure: ${error instanceof Error ? error.message : String(error)}`, {}, { cause: error });
}

/**
 * Runs `attempt` on one node at a time in shuffled order; moves on only when a node cannot be reached.
 * Any other failure (denied, exists, timeout: the node may be working on it) is the answer.
 * `onUnreachable` sees each skipped node's error.
 */
export async function onFirstReachable<T>(
  context: ClientContext,
  attempt: (api: NodeApi) => Promise<T>,
  onUnreachable?: (error: SealdropError) => void,
): Promise<T> {
  const unreachable: string[] = [];
  for (const { api } of shuffled(nodeApis(context))) {
    try {
      return await attempt(api);
    } catch (error) {
      // Only a node we could not reach is skipped; a node that answered "a peer is down" is the answer.
      if (!isSealdropError(error, 'node-unreachable') || error.details.transport !== true) throw error;
      unreachable.push(api.url);
      onUnreachable?.(error);
    }
  }
  throw new SealdropError('node-unreachable', `None of the ${unreachable.length} key servers could be reached (${unreachable.join(', ')}).`, {
    unreachable: unreachable.length,
  });
}

/** Asks every node in parallel and waits for all; never throws for a node's failure. */
export async function askEveryNode<T>(context: ClientContext, ask: (api: NodeApi) => Promise<T>): Promise<NodeOutcome<T>[]> {
  const outcomes = await Promise.all(
    nodeApis(context).map(async ({ api }): Promise<NodeOutcome<T>> => {
      try {
        return { node: api.url, ok: true, value: await ask(api) };
      } catch (error) {
        // Why: one node's failure is part of the result, reported per node, not the operation's end.
        return { node: api.url, ok: false, error: asSealdropError(error) };
      }
    }),
  );
  throwIfCancelled(context);
  return outcomes;
}

/** Throws 'cancelled' when the context's signal has fired. */
export function throwIfCancelled(context: ClientContext): void {
  if (context.signal?.aborted === true) throw new SealdropError('cancelled', 'The operation was cancelled.');
}

/** The failure entry of a failed outcome. */
export function failureOf(node: string, error: SealdropError): NodeFailure {
  return { node, code: error.code, reason: error.message };
}
