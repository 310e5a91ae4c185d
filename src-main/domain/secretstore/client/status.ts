// Health of a network (GET /v1/status on every node in parallel), with what a person should know:
// which nodes are down, and whether a node that answers is the one the profile names and belongs to
// the same network.
import { hexFromBytes } from '../math/encoding.ts';
import { networkId } from '../network/profile.ts';
import { asSealdropError, nodeApis, requestOptions, type ClientContext } from './context.ts';
import type { NodeStatus } from './node-schemas.ts';

/** One node's status, or why it gave none. */
export type NodeStatusReport =
  | {
      node: string;
      publicKey: Uint8Array;
      ok: true;
      status: NodeStatus;
      /** Round-trip time of the request. */
      latencyMs: number;
      /** Mismatches with the profile (another node key, another network id); empty when all is well. */
      problems: string[];
    }
  | { node: string; publicKey: Uint8Array; ok: false; error: { code: string; message: string } };

/** The status of every node of the profile. */
export type NetworkStatus = { networkId: Uint8Array; nodes: NodeStatusReport[]; reachable: number; total: number };

/** Asks every node for its status; never throws for a node's failure. */
export async function networkStatus(context: ClientContext): Promise<NetworkStatus> {
  const expectedNetwork = networkId(context.profile);
  const nodes = await Promise.all(
    nodeApis(context).map(async ({ node, api }): Promise<NodeStatusReport> => {
      const started = performance.now();
      try {
        const status = await api.status(requestOptions(context));
        const problems: string[] = [];
        if (hexFromBytes(status.node) !== hexFromBytes(node.publicKey)) {
          problems.push(`answers with node key 0x${hexFromBytes(status.node).slice(0, 16)}…, not the one in the network profile`);
        }
        if (hexFromBytes(status.network) !== hexFromBytes(expectedNetwork)) problems.push('belongs to another network (its network id differs)');
        return { node: api.url, publicKey: node.publicKey, ok: true, status, latencyMs: Math.round(performance.now() - started), problems };
      } catch (error) {
        // Why: a node that is down is part of the status, not a failure of the whole request.
        const failure = asSealdropError(error);
        return { node: api.url, publicKey: node.publicKey, ok: false, error: { code: failure.code, message: failure.message } };
      }
    }),
  );
  return { networkId: expectedNetwork, nodes, reachable: nodes.filter((n) => n.ok).length, total: nodes.length };
}
