// How a coordinator talks to participants: one request, one schema-checked answer. The node wires
// `AskPeer` to the libp2p transport for other nodes and to its own handler for itself.
import type { z } from 'zod';
import { SealdropError, isSealdropError } from '../../../../../src-shared/errors.ts';
import type { PeerRequest } from './peer-messages.ts';
import { nodeLabel } from './wire.ts';

/** Sends `request` to the node with key `node` (0x hex) and resolves with its answer value. */
export type AskPeer = (node: string, request: PeerRequest) => Promise<unknown>;

/** Asks and parses the answer; an answer that does not match the schema counts as a failed node. */
export async function askFor<T>(ask: AskPeer, node: string, request: PeerRequest, schema: z.ZodType<T>): Promise<T> {
  const value = await ask(node, request);
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    throw new SealdropError('request-invalid', `${nodeLabel(node)} answered ${request.type} with a malformed message.`, { node });
  }
  return parsed.data;
}

/** The outcome of asking one node. */
export type Outcome<T> = { node: string; ok: true; value: T } | { node: string; ok: false; error: SealdropError };

/** Asks every node in parallel and never throws: each node's answer or error. */
export async function askAll<T>(ask: AskPeer, nodes: readonly string[], request: (node: string) => PeerRequest, schema: z.ZodType<T>): Promise<Outcome<T>[]> {
  return Promise.all(
    nodes.map(async (node): Promise<Outcome<T>> => {
      try {
        return { node, ok: true, value: await askFor(ask, node, request(node), schema) };
      } catch (error) {
        const wrapped = isSealdropError(error) ? error : new SealdropError('internal', `${nodeLabel(node)} failed.`, { node }, { cause: error });
        return { node, ok: false, error: wrapped };
      }
    }),
  );
}

/** The failures among outcomes. */
export function failures<T>(outcomes: readonly Outcome<T>[]): { node: string; error: SealdropError }[] {
  return outcomes.flatMap((o) => (o.ok ? [] : [{ node: o.node, error: o.error }]));
}
