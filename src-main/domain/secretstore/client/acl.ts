// The owner-signed ACL from the client's side (docs/PROTOCOL.md §6, DESIGN §4): read the newest
// record the author signed, push a new one to every node, and say honestly whether a change has
// taken effect. Nodes keep the newest valid record each, so they can disagree for a while: a grant
// works once t+1 nodes keep it; a revocation only once fewer than t+1 nodes would still allow,
// i.e. once at least n − t nodes keep the new record.
import { SealdropError } from '../../../../src-shared/errors.ts';
import { aclDigest, aclRecordFromJson, aclRecordToJson, normalizeReaders, verifyAclRecord } from '../acl/owner-signed-record.ts';
import { ADDRESS_LENGTH } from '../math/address.ts';
import { bytesEqual } from '../math/recoverable-signature.ts';
import type { AclRecord } from '../node/records.ts';
import { askEveryNode, asSealdropError, failureOf, requestOptions, requesterAddress, type ClientContext, type NodeFailure } from './context.ts';
import { keyAuthor, keyReports } from './key-author.ts';
import { checkDocumentId } from './server-key.ts';

/** The newest valid record across nodes and what each node keeps. */
export type AclReading = {
  /** The newest record signed by the author, or null when no node keeps one. */
  record: AclRecord | null;
  /** The key's author (agreed by t+1 nodes, or given). */
  author: Uint8Array;
  /** Per node: the version of the valid record it keeps (null: none), or why it failed. */
  nodes: { node: string; version: number | null }[];
  failures: NodeFailure[];
};

/** How a push went. */
export type AclPush = { acknowledged: number; total: number; failures: NodeFailure[] };

/** How a grant or revocation went. */
export type AclChange = AclPush & {
  record: AclRecord | null;
  /** False when the readers were already as asked (the current record is pushed again to lagging nodes). */
  changed: boolean;
  /** Grant: ≥ t+1 nodes keep it. Revoke: ≥ n − t nodes keep it, so fewer than t+1 would still allow. */
  effective: boolean;
};

/** Reads the newest record signed by the key's author from every node. */
export async function readAcl(context: ClientContext, documentId: Uint8Array, options: { author?: Uint8Array } = {}): Promise<AclReading> {
  checkDocumentId(documentId);
  const [author, outcomes] = await Promise.all([
    options.author ?? keyAuthor(context, documentId).then((agreed) => agreed.author),
    askEveryNode(context, (api) => api.getAcl(documentId, requestOptions(context))),
  ]);
  const failures: NodeFailure[] = [];
  const nodes: AclReading['nodes'] = [];
  let newest: AclRecord | null = null;
  for (const outcome of outcomes) {
    if (!outcome.ok) {
      failures.push(failureOf(outcome.node, outcome.error));
      continue;
    }
    if (outcome.value === null) {
      nodes.push({ node: outcome.node, version: null });
      continue;
    }
    let record: AclRecord;
    try {
      record = aclRecordFromJson(outcome.value);
    } catch (error) {
      failures.push({ node: outcome.node, code: 'internal', reason: `${outcome.node} sent a malformed access list: ${asSealdropError(error).message}` });
      continue;
    }
    // A record the author did not sign (or for another document) is a node's fabrication: never used.
    if (!bytesEqual(record.documentId, documentId) || !verifyAclRecord(record, author)) {
      failures.push({ node: outcome.node, code: 'access-denied', reason: `${outcome.node} keeps an access list the owner did not sign` });
      continue;
    }
    nodes.push({ node: outcome.node, version: record.version });
    if (newest === null || record.version > newest.version) newest = record;
  }
  return { record: newest, author, nodes, failures };
}

function sameRecord(a: AclRecord, b: AclRecord): boolean {
  return a.version === b.version && bytesEqual(a.signature, b.signature) && bytesEqual(a.documentId, b.documentId);
}

/** Offers `record` to every node; a node that already keeps exactly this record counts as acknowledged. */
export async function pushAcl(context: ClientContext, record: AclRecord): Promise<AclPush> {
  const json = aclRecordToJson(record);
  const outcomes = await askEveryNode(context, async (api) => {
    try {
      return await api.putAcl(record.documentId, json, requestOptions(context));
    } catch (error) {
      // 409 means "not newer than what I keep": fine if what it keeps is this very record.
      if (asSealdropError(error).code !== 'acl-stale') throw error;
      const kept = await api.getAcl(record.documentId, requestOptions(context));
      if (kept !== null && sameRecord(aclRecordFromJson(kept), record)) return record.version;
      throw error;
    }
  });
  const failures = outcomes.flatMap((outcome) => (outcome.ok ? [] : [failureOf(outcome.node, outcome.error)]));
  return { acknowledged: outcomes.length - failures.length, total: outcomes.length, failures };
}

function checkAddresses(addresses: readonly Uint8Array[]): void {
  if (addresses.some((address) => address.length !== ADDRESS_LENGTH)) throw new SealdropError('bad-argument', 'A reader is a 20-byte address.');
}

async function changeReaders(
  context: ClientContext,
  documentId: Uint8Array,
  update: (readers: Uint8Array[]) => Uint8Array[],
  kind: 'grant' | 'revoke',
): Promise<AclChange> {
  checkDocumentId(documentId);
  const owner = requesterAddress(context.signer);
  // No t+1 agreement needed here: every node checks the signature against the author it stores, so
  // a lying node cannot make a change count. A change must still work while most nodes are down
  // (a revocation above all), so one node naming us as author is enough to go on.
  const { reports } = await keyReports(context, documentId);
  if (!reports.some((report) => bytesEqual(report.author, owner))) {
    throw new SealdropError('access-denied', 'Only the owner of this document can change who may open it.');
  }
  // For `effective`, the threshold least favourable to the claim, in case a node misreports it.
  const thresholds = reports.map((report) => report.threshold);
  const threshold = kind === 'grant' ? Math.max(...thresholds) : Math.min(...thresholds);
  const current = await readAcl(context, documentId, { author: owner });
  const before = current.record?.readers ?? [];
  const readers = normalizeReaders(update(before));
  const changed = readers.length !== before.length || readers.some((reader, index) => !bytesEqual(reader, before[index] ?? new Uint8Array()));
  let record = current.record;
  if (changed) {
    const version = (current.record?.version ?? 0) + 1;
    const signature = await context.signer.signDigest(aclDigest(documentId, version, readers));
    record = { documentId: Uint8Array.from(documentId), version, readers, signature };
    // Fail closed on a signer that signs something else (a prefixed message, another key).
    if (!verifyAclRecord(record, owner)) throw new SealdropError('key-invalid', 'The signer produced an access list signature that does not verify.');
  }
  const total = context.profile.nodes.length;
  if (record === null) return { record, changed, acknowledged: 0, total, failures: [], effective: true };
  const push = await pushAcl(context, record);
  const needed = kind === 'grant' ? threshold + 1 : total - threshold;
  return { record, changed, ...push, effective: push.acknowledged >= needed };
}

/** Adds readers: signs version+1 with the owner's key, pushes it; `effective` once t+1 nodes keep it. */
export async function grant(context: ClientContext, documentId: Uint8Array, addresses: readonly Uint8Array[]): Promise<AclChange> {
  checkAddresses(addresses);
  return changeReaders(context, documentId, (readers) => [...readers, ...addresses], 'grant');
}

/** Removes readers; `effective` only once n − t nodes keep the new record (fewer than t+1 still allow). */
export async function revoke(context: ClientContext, documentId: Uint8Array, addresses: readonly Uint8Array[]): Promise<AclChange> {
  checkAddresses(addresses);
  if (addresses.some((address) => bytesEqual(address, requesterAddress(context.signer)))) {
    throw new SealdropError('bad-argument', 'The owner can always open their own documents and cannot be revoked.');
  }
  return changeReaders(context, documentId, (readers) => readers.filter((reader) => !addresses.some((a) => bytesEqual(a, reader))), 'revoke');
}
