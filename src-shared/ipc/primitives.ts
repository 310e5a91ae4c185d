// The building blocks of the IPC contract (DESIGN §6): every value that crosses from the renderer
// (or a browser) into the main process is bounded here, so a malformed or hostile request is refused
// before any handler runs. Byte strings travel as 0x-prefixed hex, paths as plain strings.
import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';

/** Longest path accepted (Linux PATH_MAX). */
export const MAX_PATH_LENGTH = 4096;
/** Longest free text a person types (a name, a pasted link is separate). */
export const MAX_TEXT_LENGTH = 1000;
/** Longest passphrase accepted; far above any real one, small enough to bound scrypt input. */
export const MAX_PASSPHRASE_LENGTH = 1024;
/** Most paths one seal request may name (dropping more is possible: drop their folder). */
export const MAX_PATHS = 1000;
/** Most addresses one request may name (recipients, grants). */
export const MAX_ADDRESSES = 100;
/** Longest network link (profile-link.ts accepts up to 128 KiB). */
export const MAX_LINK_LENGTH = 128 * 1024;
/** Largest JSON text (a keystore, a profile) carried in a request. */
export const MAX_JSON_TEXT_LENGTH = 1024 * 1024;
/** Most list items in any response (documents, audit events, networks). */
export const MAX_LIST_ITEMS = 10_000;

/** A file-system path on the computer running the main process. */
export const pathString = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_PATH_LENGTH, `must be at most ${MAX_PATH_LENGTH} characters`)
  .refine((text) => !text.includes('\0'), 'must not contain a NUL character');

/** A short piece of text for people (names, messages). */
export const text = z.string().max(MAX_TEXT_LENGTH, `must be at most ${MAX_TEXT_LENGTH} characters`);

/** A passphrase typed by the user; never logged, never echoed. */
export const passphrase = z.string().min(1, 'must not be empty').max(MAX_PASSPHRASE_LENGTH, `must be at most ${MAX_PASSPHRASE_LENGTH} characters`);

/** An Ethereum address: 0x and 40 hex digits (EIP-55 case is accepted, not required). */
export const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, 'must be an address: 0x followed by 40 hex digits');

/** A 32-byte id (document id, network id) as 0x and 64 hex digits. */
export const id32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, 'must be 0x followed by 64 hex digits');

/** A 64-byte secp256k1 public key X‖Y as 0x and 128 hex digits. */
export const publicKeyHex = z.string().regex(/^0x[0-9a-fA-F]{128}$/, 'must be 0x followed by 128 hex digits');

/** An age X25519 recipient (bech32, lowercase). */
export const ageRecipient = z.string().regex(/^age1[02-9ac-hj-np-z]{58}$/, 'must be an age1… recipient');

/** The id of a long operation (seal, open): 32 lowercase hex digits. */
export const operationId = z.string().regex(/^[0-9a-f]{32}$/, 'must be an operation id (32 hex digits)');

/** A whole number of bytes, seconds or items. */
export const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** A threshold t: t + 1 key holders open a document (stanza limit 999). */
export const threshold = z.number().int().min(0).max(999);

/** Milliseconds since the epoch. */
export const timeMs = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** An http(s) URL (a node's API, a chain's JSON-RPC endpoint). */
export const url = z.string().max(2048, 'must be at most 2048 characters').regex(/^https?:\/\/[^\s]+$/, 'must be an http:// or https:// URL');

/** A TCP port a node listens on (0: any free port). */
export const port = z.number().int().min(0).max(65535);

/** A request that carries nothing. */
export const empty = z.strictObject({});

/** Where a network profile comes from: a shared link, a file on this computer, or its JSON text. */
export const networkSource = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('link'), link: z.string().min(1).max(MAX_LINK_LENGTH) }),
  z.strictObject({ kind: z.literal('file'), path: pathString }),
  z.strictObject({ kind: z.literal('json'), text: z.string().min(1).max(MAX_JSON_TEXT_LENGTH) }),
]);

/** A node's failure as reported to people: which node, a stable code, a sentence. */
export const nodeFailure = z.strictObject({ node: text, code: z.string().max(64), reason: text });

/** A network as the UI shows it. */
export const networkSummary = z.strictObject({
  id: id32,
  name: text,
  nodes: count,
  threshold,
  acl: z.discriminatedUnion('type', [
    z.strictObject({ type: z.literal('owner-signed') }),
    z.strictObject({ type: z.literal('contract'), rpcUrl: url, address, chainId: count }),
  ]),
  /** The embedded local network of this computer (its keys stay here). */
  local: z.boolean(),
  /** The network used when sealing without choosing one. */
  isDefault: z.boolean(),
});

/** Facts an error carries for the UI (a node count, the unknown network's id); never secrets. */
export const errorDetails = z.record(z.string().max(64), z.union([z.string().max(1000), z.number(), z.boolean()]));

/** A failure as every channel reports it: a stable code and a sentence for people. */
export const ipcError = z.strictObject({
  code: z.enum(ERROR_CODES),
  message: z.string().max(4000),
  details: errorDetails.optional(),
});
