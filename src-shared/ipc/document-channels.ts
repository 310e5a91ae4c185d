// Channels of "Sealed by me": the documents sealed from this computer, who may open each (grant,
// revoke: removal stops future opens, not copies already made) and the audit of every attempt.
// Re-sealing under a new key is a seal operation (operation-channels.ts, seal:reseal).
import { z } from 'zod';
import { MAX_ADDRESSES, MAX_LIST_ITEMS, address, count, id32, nodeFailure, pathString, text, threshold, timeMs } from './primitives.ts';

/** One document sealed from this computer. */
export const sealedDocument = z.strictObject({
  documentId: id32,
  /** What was sealed, as people call it (the first dropped name). */
  name: text,
  /** Bytes of file contents sealed. */
  size: count,
  sealedAt: z.string().max(40),
  recipients: z.array(address).max(MAX_ADDRESSES),
  network: id32,
  networkName: text.nullable(),
  threshold,
  /** Where the .sealdrop file was written. */
  output: pathString,
  /** The document that replaced it, when it was re-sealed under a new key. */
  replacedBy: id32.optional(),
});

/** A document to act on: its id, and the network when it is not one sealed from here. */
const target = { documentId: id32, network: id32.optional() };

/** How an access change went. */
const accessChange = z.strictObject({
  documentId: id32,
  addresses: z.array(address).max(MAX_ADDRESSES),
  /** Owner-signed lists: key holders that keep the change, out of all. Chains: null. */
  acknowledged: count.nullable(),
  total: count.nullable(),
  /** In force now (a chain change once mined; a list once enough key holders keep it). */
  effective: z.boolean(),
  version: count.nullable(),
  transactions: z.array(z.string().max(100)).max(MAX_ADDRESSES),
  failures: z.array(nodeFailure).max(256),
});

/** Channels documents:list and access:list|grant|revoke|audit. */
export const DOCUMENT_CHANNELS = {
  'documents:list': { request: z.strictObject({}), response: z.strictObject({ documents: z.array(sealedDocument).max(MAX_LIST_ITEMS) }) },
  /** The owner and who may open a document, as the key holders (or the chain) say now. */
  'access:list': {
    request: z.strictObject(target),
    response: z.strictObject({
      documentId: id32,
      owner: address.nullable(),
      readers: z.array(z.strictObject({ address, until: timeMs.nullable(), expired: z.boolean() })).max(MAX_LIST_ITEMS),
      version: count.nullable(),
      chainId: count.nullable(),
    }),
  },
  'access:grant': {
    request: z.strictObject({ ...target, addresses: z.array(address).min(1).max(MAX_ADDRESSES), until: timeMs.optional() }),
    response: accessChange,
  },
  'access:revoke': {
    request: z.strictObject({ ...target, addresses: z.array(address).min(1).max(MAX_ADDRESSES) }),
    response: accessChange,
  },
  /** Every attempt to open a document, merged across key holders (owner only). */
  'access:audit': {
    request: z.strictObject(target),
    response: z.strictObject({
      documentId: id32,
      events: z
        .array(z.strictObject({ requester: address, time: timeMs, allowed: z.boolean(), reasons: z.array(text).max(64), nodes: count, agreement: text }))
        .max(MAX_LIST_ITEMS),
      answered: count,
      failures: z.array(nodeFailure).max(256),
    }),
  },
} as const;
