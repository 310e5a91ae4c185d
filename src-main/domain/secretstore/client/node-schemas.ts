// zod schemas for every 200 body a key server node sends (docs/PROTOCOL.md §3), decoding hex to
// bytes. Hex fields must have their exact length and points must lie on the curve: a node that
// answers anything else is treated as a failed node, never trusted. Unknown extra fields are
// ignored so that nodes can add fields without breaking older clients.
import { z } from 'zod';
import { ECIES_OVERHEAD } from '../parity/ecies.ts';
import { PARTIAL_ANSWER_LENGTH } from '../math/partial-answer.ts';
import { pointFromPublic } from '../math/encoding.ts';

/** Most holders or shadows a node may list (the profile allows at most 256 nodes). */
const MAX_LIST = 256;
/** Most audit entries one node may return. */
const MAX_AUDIT_ENTRIES = 10_000;

function decodeHex(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text.slice(2), 'hex'));
}

/** `"0x"` + exactly 2·length hex digits (either case), decoded. */
export function hexBytes(length: number): z.ZodType<Uint8Array, string> {
  return z
    .string()
    .regex(new RegExp(`^0x[0-9a-fA-F]{${length * 2}}$`), `must be 0x and ${length * 2} hex digits`)
    .transform(decodeHex);
}

function onCurve(bytes: Uint8Array): boolean {
  try {
    pointFromPublic(bytes);
    return true;
  } catch {
    // Reported by the schema as "not a curve point".
    return false;
  }
}

/** A 64-byte X‖Y point on secp256k1, as `"0x"` + 128 hex. */
export const pointHex: z.ZodType<Uint8Array, string> = hexBytes(64).refine(onCurve, 'is not a point on secp256k1');
/** A 20-byte address. */
export const addressHex: z.ZodType<Uint8Array, string> = hexBytes(20);
/** A DKG identifier: 64 hex digits, with or without 0x, returned as the bare lowercase form the math modules use. */
export const identifierHex: z.ZodType<string, string> = z
  .string()
  .regex(/^(0x)?[0-9a-fA-F]{64}$/, 'must be 64 hex digits')
  .transform((text) => (text.startsWith('0x') ? text.slice(2) : text).toLowerCase())
  .refine((hex) => /[1-9a-f]/.test(hex), 'must not be zero');

/** A Parity-style quoted hex string body: `"0x<Y>"`. */
export const serverKeyBody = pointHex;

/** `GET /shadow/{id}/{sig}` (Parity field names). */
export const shadowBody = z.object({
  decrypted_secret: pointHex,
  common_point: pointHex,
  // Each shadow is ECIES of a 32-byte scalar: 113 + 32 bytes.
  decrypt_shadows: z.array(hexBytes(ECIES_OVERHEAD + 32)).min(1).max(MAX_LIST),
});

/** `POST /v1/keys/{id}/partial`. */
export const partialBody = z.object({
  node: pointHex,
  identifier: identifierHex,
  // ECIES of D_i ‖ c ‖ z (PROTOCOL §5.2).
  envelope: hexBytes(ECIES_OVERHEAD + PARTIAL_ANSWER_LENGTH),
});

/** A node's partial answer, decoded (the envelope is still encrypted to the requester). */
export type PartialResponse = z.output<typeof partialBody>;

const holderSchema = z.object({ node: pointHex, identifier: identifierHex, publicShare: pointHex });

/** `GET /v1/keys/{id}`: public metadata of a server key. */
export const keyInfoBody = z.object({
  documentId: hexBytes(32),
  threshold: z.number().int().min(0).max(MAX_LIST),
  serverKey: pointHex,
  author: addressHex,
  holders: z.array(holderSchema).min(1).max(MAX_LIST),
  documentKey: z.object({ commonPoint: pointHex, encryptedPoint: pointHex }).nullable(),
});

/** What a node says about a server key (all public values): the type the node's API serves. */
export type { KeyInfo } from '../node/http/key-server-service.ts';

/** `GET /v1/acl/{id}`: the record is decoded and checked by the ACL module. */
export const aclBody = z.object({ record: z.record(z.string(), z.unknown()).nullable() });

/** `PUT /v1/acl/{id}`. */
export const aclPutBody = z.object({ version: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER) });

const auditEntrySchema = z.object({
  requester: addressHex,
  time: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  allowed: z.boolean(),
  reason: z.string().max(1000),
});

/** `POST /v1/audit/{id}`. */
export const auditBody = z.object({ entries: z.array(auditEntrySchema).max(MAX_AUDIT_ENTRIES) });

/** One audit entry as a node reports it. */
export type NodeAuditEntry = z.output<typeof auditEntrySchema>;

const count = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER);

/** `GET /v1/status`. */
export const statusBody = z.object({
  node: pointHex,
  address: addressHex,
  network: hexBytes(32),
  peers: z.object({ connected: count, total: count }),
  keysHeld: count,
  requests: z.object({ served: count, refused: count }),
  startedAt: count,
  version: z.string().max(100),
});

/** A node's status, decoded. */
export type NodeStatus = z.output<typeof statusBody>;
