// The JSON of the /v1 routes (docs/PROTOCOL.md §3.2, §6): zod schemas that decode request bodies
// and path ids to exactly the bytes the service receives, and encoders that turn service results
// into the documented response objects ("0x" + lowercase hex, EIP-55 addresses).
import { MAX_ACL_READERS } from '../../acl/owner-signed-record.ts';
import { z } from 'zod';
import { ECIES_OVERHEAD } from '../../parity/ecies.ts';
import { PARTIAL_ANSWER_LENGTH } from '../../math/partial-answer.ts';
import type { AclRecord, AuditEntry, KeyInfo, NodeStatus } from './key-server-service.ts';
import { checksumAddress, fixedHex, MAX_RECOVERY_BYTE, parseAddressText, parseBareHex, parsePrefixedHex } from './wire-encoding.ts';

/** Most readers one ACL record may list (the store keeps the count as a u16). */
// The same bound the record's signature check applies (acl/owner-signed-record.ts), so a list too
// long to be accepted is refused as malformed here, not as "not signed by the author".
const MAX_READERS = MAX_ACL_READERS;
const POINT_BYTES = 64;
const ENVELOPE_BYTES = ECIES_OVERHEAD + PARTIAL_ANSWER_LENGTH;

/** `0x` + exactly `length` bytes of hex (either case), decoded. */
function prefixedBytes(length: number): z.ZodType<Uint8Array, string> {
  return z.string().transform((text, context) => {
    const bytes = parsePrefixedHex(text, length);
    if (bytes !== null) return bytes;
    context.addIssue({ code: 'custom', message: `must be 0x and ${length * 2} hex digits` });
    return z.NEVER;
  });
}

const signatureBytes = prefixedBytes(65).refine(
  (bytes) => (bytes[64] ?? 255) <= MAX_RECOVERY_BYTE,
  'the recovery byte v must be 0-3 (27 and 28 are not accepted)',
);

const addressBytes = z.string().transform((text, context) => {
  const bytes = parseAddressText(text);
  if (bytes !== null) return bytes;
  context.addIssue({ code: 'custom', message: 'must be a 0x address of 40 hex digits with a correct EIP-55 checksum if mixed-case' });
  return z.NEVER;
});

/** The `{id}` of a /v1 path: bare hex as in Parity's paths (`0x` is refused, PROTOCOL §1). */
export const documentIdParams = z.object({
  id: z.string().transform((text, context) => {
    const bytes = parseBareHex(text, 32);
    if (bytes !== null) return bytes;
    context.addIssue({ code: 'custom', message: 'must be 64 hex digits without 0x' });
    return z.NEVER;
  }),
});

/**
 * `{ "signature", "requester"? }`: the requester's signature of the document id, and optionally the
 * address the requester says it is. With it, a signature made over another id (which recovers some
 * other address) is refused as malformed (400) instead of being treated as a stranger's request.
 */
export const signatureBody = z.strictObject({ signature: signatureBytes, requester: addressBytes.optional() });

/** `{ "signature", "time", "requester"? }`: the author's fresh signature for reading the audit log. */
export const auditRequestBody = z.strictObject({
  signature: signatureBytes,
  time: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  requester: addressBytes.optional(),
});

/** An owner-signed ACL record (PROTOCOL §6); readers come out sorted bytewise, duplicates refused. */
export const aclRecordBody = z.strictObject({
  documentId: prefixedBytes(32),
  version: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER),
  readers: z
    .array(addressBytes)
    .max(MAX_READERS)
    .transform((readers, context) => {
      // The author signs the sorted list, so order on the wire carries no meaning; a repeat does.
      const sorted = [...readers].sort((a, b) => Buffer.compare(a, b));
      for (let index = 1; index < sorted.length; index++) {
        if (Buffer.compare(sorted[index - 1] ?? new Uint8Array(), sorted[index] ?? new Uint8Array()) === 0) {
          context.addIssue({ code: 'custom', message: 'lists the same address twice' });
          return z.NEVER;
        }
      }
      return sorted;
    }),
  signature: signatureBytes,
});

/** Names the first failing field: `signature: must be 0x and 130 hex digits`. */
export function describeSchemaError(error: z.ZodError, root: string): string {
  const issue = error.issues[0];
  if (issue === undefined) return `${root} is invalid`;
  const field = issue.path.length === 0 ? root : issue.path.map(String).join('.');
  return `${field}: ${issue.message}`;
}

function count(value: unknown, what: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw new Error(`The service returned a malformed ${what}.`);
  return value;
}

function boolean(value: unknown, what: string): boolean {
  if (typeof value !== 'boolean') throw new Error(`The service returned a malformed ${what}.`);
  return value;
}

function text(value: unknown, what: string): string {
  if (typeof value !== 'string') throw new Error(`The service returned a malformed ${what}.`);
  return value;
}

function identifierHex(identifier: unknown): string {
  if (typeof identifier !== 'string' || !/^[0-9a-f]{64}$/.test(identifier)) throw new Error('The service returned a malformed identifier.');
  return `0x${identifier}`;
}

function address(bytes: unknown, what: string): string {
  fixedHex(bytes, 20, what);
  return checksumAddress(bytes as Uint8Array);
}

/** `POST /v1/keys/{id}/partial` → `{ node, identifier, envelope }`. */
export function encodePartial(result: { node: Uint8Array; identifier: string; envelope: Uint8Array }): object {
  return {
    node: fixedHex(result.node, POINT_BYTES, 'node key'),
    identifier: identifierHex(result.identifier),
    envelope: fixedHex(result.envelope, ENVELOPE_BYTES, 'partial envelope'),
  };
}

/** `GET /v1/keys/{id}` → the public metadata object of PROTOCOL §3.2. */
export function encodeKeyInfo(info: KeyInfo): object {
  return {
    documentId: fixedHex(info.documentId, 32, 'document id'),
    threshold: count(info.threshold, 'threshold'),
    serverKey: fixedHex(info.serverKey, POINT_BYTES, 'server key'),
    author: address(info.author, 'author'),
    holders: info.holders.map((holder) => ({
      node: fixedHex(holder.node, POINT_BYTES, 'holder key'),
      identifier: identifierHex(holder.identifier),
      publicShare: fixedHex(holder.publicShare, POINT_BYTES, 'public share'),
    })),
    documentKey:
      info.documentKey === null
        ? null
        : {
            commonPoint: fixedHex(info.documentKey.commonPoint, POINT_BYTES, 'common point'),
            encryptedPoint: fixedHex(info.documentKey.encryptedPoint, POINT_BYTES, 'encrypted point'),
          },
  };
}

/** An ACL record as JSON (PROTOCOL §6), or null. */
export function encodeAclRecord(record: AclRecord | null): object | null {
  if (record === null) return null;
  return {
    documentId: fixedHex(record.documentId, 32, 'document id'),
    version: count(record.version, 'ACL version'),
    readers: record.readers.map((reader) => address(reader, 'reader')),
    signature: fixedHex(record.signature, 65, 'ACL signature'),
  };
}

/** `POST /v1/audit/{id}` → `{ entries: [{ requester, time, allowed, reason }] }`. */
export function encodeAuditEntries(entries: AuditEntry[]): object {
  return {
    entries: entries.map((entry) => ({
      requester: address(entry.requester, 'requester'),
      time: count(entry.time, 'audit time'),
      allowed: boolean(entry.allowed, 'audit verdict'),
      reason: text(entry.reason, 'audit reason'),
    })),
  };
}

/** `GET /v1/status`: the service's status plus the HTTP layer's own request counters. */
export function encodeStatus(status: NodeStatus, requests: { served: number; refused: number }): object {
  return {
    node: fixedHex(status.node, POINT_BYTES, 'node key'),
    address: address(status.address, 'node address'),
    network: fixedHex(status.network, 32, 'network id'),
    peers: { connected: count(status.peers.connected, 'peer count'), total: count(status.peers.total, 'peer count') },
    keysHeld: count(status.keysHeld, 'key count'),
    requests: { served: requests.served, refused: requests.refused },
    startedAt: count(status.startedAt, 'start time'),
    version: text(status.version, 'version'),
  };
}
