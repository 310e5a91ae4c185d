// Channels about key server networks: the profiles this computer knows, adding one from a file or a
// link, and the embedded default, the local network on this computer (start, stop, status).
import { z } from 'zod';
import { MAX_LINK_LENGTH, MAX_LIST_ITEMS, count, empty, id32, networkSource, networkSummary, text } from './primitives.ts';

/** One node's health as `network:status` reports it. */
const nodeHealth = z.strictObject({
  url: text,
  ok: z.boolean(),
  /** Round trip of the status request; null when it failed. */
  latencyMs: count.nullable(),
  /** Why the node gave no (or a suspicious) answer; empty when all is well. */
  problems: z.array(text).max(10),
});

/** Channels network:list|add|share-link|status|start-local|stop-local. */
export const NETWORK_CHANNELS = {
  'network:list': { request: empty, response: z.strictObject({ networks: z.array(networkSummary).max(MAX_LIST_ITEMS) }) },
  /** Adds a profile from a link, a file or its JSON; it is remembered in the data folder. */
  'network:add': { request: z.strictObject({ source: networkSource }), response: z.strictObject({ network: networkSummary }) },
  /** The shareable `sealdrop://network/…` link of a known network. */
  'network:share-link': { request: z.strictObject({ network: id32 }), response: z.strictObject({ link: z.string().max(MAX_LINK_LENGTH) }) },
  /**
   * The health of a network (default: the default network). With nothing configured it says that the
   * local network can be started and that its keys stay on this computer.
   */
  'network:status': {
    request: z.strictObject({ network: id32.optional() }),
    response: z.strictObject({
      /** The network asked about, or null when none is configured yet. */
      network: networkSummary.nullable(),
      local: z.strictObject({
        /** The local network's files exist in the data folder. */
        configured: z.boolean(),
        /** It was started by this app and runs. */
        running: z.boolean(),
        /** `network:start-local` may be called now. */
        canStart: z.boolean(),
      }),
      keysStayOnThisComputer: z.boolean(),
      reachable: count,
      total: count,
      nodes: z.array(nodeHealth).max(256),
    }),
  },
  /** Starts the local network (creating it on first use: 3 nodes, any 2 open a document). */
  'network:start-local': {
    request: empty,
    response: z.strictObject({ network: networkSummary, created: z.boolean(), nodes: z.array(text).max(64) }),
  },
  'network:stop-local': { request: empty, response: z.strictObject({ stopped: z.boolean() }) },
} as const;
