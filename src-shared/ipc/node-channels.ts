// Channels of the Node screen: run a key server on this computer. Set it up once (its key, its
// configuration; the public key is what the network's operator puts in the profile), give it the
// network's profile, start and stop it, and watch its status.
import { z } from 'zod';
import { address, count, empty, networkSource, pathString, port, publicKeyHex, text, timeMs } from './primitives.ts';

/** What the Node screen shows. */
export const nodeStatus = z.strictObject({
  /** A node has been set up in the data folder (or a configuration was given). */
  configured: z.boolean(),
  running: z.boolean(),
  name: text.nullable(),
  /** Its public key: what the network's profile lists. */
  publicKey: publicKeyHex.nullable(),
  address: address.nullable(),
  /** Its HTTP API and peer address while running. */
  http: text.nullable(),
  peer: text.nullable(),
  config: pathString.nullable(),
  peers: z.strictObject({ connected: count, total: count }).nullable(),
  keysHeld: count.nullable(),
  requests: z.strictObject({ served: count, refused: count }).nullable(),
  /** Bytes its database takes on disk. */
  storageBytes: count.nullable(),
  startedAt: timeMs.nullable(),
  /** The latest problems it reported, newest last. */
  recentErrors: z.array(z.strictObject({ time: timeMs, event: z.string().max(100), message: text })).max(50),
});

/** Where the node listens. */
const listen = z.strictObject({ host: z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]{2,39}|localhost)$/, 'must be an IP address'), port });

/** Channels node:status|setup|start|stop. */
export const NODE_CHANNELS = {
  'node:status': { request: empty, response: nodeStatus },
  /** Makes the node's key and configuration in `<data dir>/node/` (kept if they exist, unless `replace`). */
  'node:setup': {
    request: z.strictObject({
      name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'must be lowercase letters, digits and dashes (at most 63)'),
      http: listen,
      peer: listen,
      replace: z.boolean().optional(),
    }),
    response: nodeStatus,
  },
  /**
   * Starts the node set up here (or the one of `config`). `network` replaces its network profile
   * first; the profile must list the node's public key.
   */
  'node:start': {
    request: z.strictObject({ config: pathString.optional(), network: networkSource.optional() }),
    response: nodeStatus,
  },
  'node:stop': { request: empty, response: nodeStatus },
} as const;
