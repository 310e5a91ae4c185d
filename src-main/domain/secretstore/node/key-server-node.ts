// Assembles one key server node from its parts: the encrypted store, the libp2p transport, the
// session participants, the key server logic and the HTTP API. Dependencies come in as arguments
// (the node secret, profile, clock, logger); stopping closes everything in reverse order.
import { join } from 'node:path';
import { ERROR_CODES, SealdropError, type ErrorCode } from '../../../../src-shared/errors.ts';
import { ContractAccessPolicy } from '../acl/contract/contract-access-policy.ts';
import { OwnerSignedPolicy } from '../acl/owner-signed-policy.ts';
import { addressFromPublic } from '../math/address.ts';
import { publicFromSecret } from '../math/encoding.ts';
import { networkId, type NetworkProfile } from '../network/profile.ts';
import { startHttpApi } from './http/server.ts';
import { KeyServer } from './key-server.ts';
import { DocumentParticipant } from './sessions/document-participant.ts';
import { GenerationParticipant } from './sessions/generation-participant.ts';
import { createPeerHandler } from './sessions/peer-handler.ts';
import { PeerResponse, type PeerRequest } from './sessions/peer-messages.ts';
import { RetrievalParticipant } from './sessions/retrieval-participant.ts';
import { fromHex, toHex } from './sessions/wire.ts';
import { deriveStorageKey } from './store/storage-key.ts';
import { openNodeStore } from './store/node-store.ts';
import { startPeerTransport } from './transport/peer-transport.ts';

/** How to start a node. */
export type KeyServerNodeOptions = {
  /** The node's 32-byte secp256k1 secret (peer identity; the storage key derives from it). */
  nodeSecret: Uint8Array;
  profile: NetworkProfile;
  dataDir: string;
  http: { host: string; port: number };
  peer: { host: string; port: number };
  requestTimeoutMs?: number;
  /** Test-only faults (the caller honours them only when explicitly enabled). */
  faults?: { corruptDeals?: boolean; wrongPartial?: boolean };
  clock?: () => number;
  log?: (event: string, details?: Record<string, unknown>) => void;
  version: string;
};

/** A running node. */
export type RunningKeyServerNode = {
  publicKey: Uint8Array;
  httpUrl: string;
  peerAddress: string;
  stop(): Promise<void>;
};

/** Starts a node; rejects with a clear error if its key is not in the profile or a port is taken. */
export async function startKeyServerNode(options: KeyServerNodeOptions): Promise<RunningKeyServerNode> {
  const clock = options.clock ?? Date.now;
  const log = options.log ?? (() => undefined);
  const nodePublic = publicFromSecret(options.nodeSecret);
  const self = toHex(nodePublic);
  const networkNodes = options.profile.nodes.map((n) => toHex(n.publicKey));
  if (!networkNodes.includes(self)) {
    throw new SealdropError('profile-invalid', `This node's key (${self.slice(0, 10)}…) is not listed in the network profile.`);
  }
  const store = await openNodeStore({ directory: join(options.dataDir, 'store'), storageKey: deriveStorageKey(options.nodeSecret) });
  const generation = new GenerationParticipant({
    nodeSecret: options.nodeSecret,
    nodePublic,
    networkNodes: () => new Set(networkNodes),
    store,
    clock,
    corruptDeals: options.faults?.corruptDeals,
  });
  const document = new DocumentParticipant(store);
  // DESIGN §4: one interface, two backends; the network profile says which.
  const acl = options.profile.acl;
  const contractPolicy = acl.type === 'contract' ? new ContractAccessPolicy({ rpcUrl: acl.rpcUrl, address: acl.address, chainId: acl.chainId }) : null;
  const retrieval = new RetrievalParticipant({
    nodeSecret: options.nodeSecret,
    nodePublic,
    store,
    policy: contractPolicy ?? new OwnerSignedPolicy(store),
    clock,
    wrongPartial: options.faults?.wrongPartial,
  });
  const handle = createPeerHandler({ generation, document, retrieval, getKey: (id) => store.getKey(id) });
  const stops: (() => Promise<void>)[] = [async () => store.close(), async () => contractPolicy?.close()];
  try {
    const transport = await startPeerTransport({
      nodeSecret: options.nodeSecret,
      listen: options.peer,
      peers: options.profile.nodes.map((n) => ({ publicKey: n.publicKey, address: n.peer })),
      // PROTOCOL §4: a success travels as {ok:true, value}; the transport turns a throw into {ok:false, error}.
      handler: async (from, message) => ({ ok: true, value: await handle(toHex(from), message) }),
      requestTimeoutMs: options.requestTimeoutMs,
      logger: (event, details) => log(`peer ${event}`, details),
    });
    stops.unshift(() => transport.stop());
    const ask = async (node: string, request: PeerRequest): Promise<unknown> => {
      if (node === self) return handle(self, request);
      return unwrap(await transport.request(fromHex(node), request));
    };
    const keyServer = new KeyServer({
      ownerSignedAcl: acl.type === 'owner-signed',
      nodePublic,
      nodeAddress: addressFromPublic(nodePublic),
      networkId: networkId(options.profile),
      networkNodes,
      store,
      retrieval,
      ask,
      connectedPeers: () => transport.connectedPeers().length,
      clock,
      version: options.version,
    });
    const http = await startHttpApi({ host: options.http.host, port: options.http.port, service: keyServer });
    stops.unshift(() => http.close());
    stops.push(async () => {
      generation.close();
      document.close();
    });
    return {
      publicKey: nodePublic,
      httpUrl: http.url,
      peerAddress: transport.listenAddress(),
      stop: async () => {
        for (const stop of stops) await stop();
      },
    };
  } catch (error) {
    for (const stop of stops) await stop().catch(() => undefined);
    throw error;
  }
}

/** A peer's `{ok, value}` / `{ok:false, error}` answer as a value or a thrown SealdropError. */
function unwrap(response: unknown): unknown {
  const parsed = PeerResponse.safeParse(response);
  if (!parsed.success) throw new SealdropError('request-invalid', 'A peer answered with a malformed response.');
  if (parsed.data.ok) return parsed.data.value;
  const { code, message } = parsed.data.error;
  const known = isKnownCode(code) ? code : 'internal';
  throw new SealdropError(known, message);
}

function isKnownCode(code: string): code is ErrorCode {
  return (ERROR_CODES as readonly string[]).includes(code);
}
