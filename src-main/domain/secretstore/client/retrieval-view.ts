// Which public data verifiable retrieval trusts (docs/PROTOCOL.md §5.1 step 2). Partials are checked
// against a public-share table and combined with E, and both come from nodes, so:
//  - a table is usable only if it is consistent with the server key Y named in the file
//    (`checkPublicShares`), with the file's threshold, and holds a document key (C, E);
//  - a node could still report a forged but consistent table, or a forged E (which would turn the
//    combination into a wrong key with every proof valid). So one view (table, C, E) is trusted only
//    once t+1 nodes report it identically: with at most t dishonest nodes, one of them is honest.
import { hexFromBytes } from '../math/encoding.ts';
import type { KeyHolder } from '../node/records.ts';
import type { KeyInfo } from './node-schemas.ts';
import { checkPublicShares } from './public-shares.ts';

/** The public data a retrieval combines partials with. */
export type RetrievalView = {
  /** Holders, sorted by identifier. */
  holders: KeyHolder[];
  commonPoint: Uint8Array;
  encryptedPoint: Uint8Array;
};

/** What the client knows independently of the nodes (from the sealed file). */
export type ExpectedKey = { documentId: Uint8Array; serverKey: Uint8Array; threshold: number };

function same(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a).equals(Buffer.from(b));
}

/** A node's key description as a view, or why it cannot be one. */
export function viewFromKeyInfo(
  info: KeyInfo,
  expected: ExpectedKey,
  /** Tables already checked in this retrieval (fingerprint → problem or null), so n identical answers cost one check. */
  checked: Map<string, string | null> = new Map(),
): { view: RetrievalView; fingerprint: string } | { problem: string } {
  if (!same(info.documentId, expected.documentId)) return { problem: 'describes another document id' };
  if (!same(info.serverKey, expected.serverKey)) return { problem: 'reports a server key other than the one in the file' };
  if (info.threshold !== expected.threshold) return { problem: `reports threshold ${info.threshold}, the file says ${expected.threshold}` };
  if (info.documentKey === null) return { problem: 'holds no document key for this id' };
  const holders = [...info.holders].sort((a, b) => a.identifier.localeCompare(b.identifier));
  const view = { holders, commonPoint: info.documentKey.commonPoint, encryptedPoint: info.documentKey.encryptedPoint };
  const fingerprint = JSON.stringify([
    holders.map((h) => [h.identifier, hexFromBytes(h.node), hexFromBytes(h.publicShare)]),
    hexFromBytes(view.commonPoint),
    hexFromBytes(view.encryptedPoint),
  ]);
  let problem = checked.get(fingerprint);
  if (problem === undefined) {
    try {
      checkPublicShares(info.holders, expected.serverKey, expected.threshold);
      problem = null;
    } catch (error) {
      problem = `reports public shares inconsistent with the server key (${(error as Error).message})`;
    }
    checked.set(fingerprint, problem);
  }
  return problem === null ? { view, fingerprint } : { problem };
}

/** Collects node views until `needed` nodes agree on one. */
export type ViewAgreement = {
  /** Records one node's description; returns the trusted view once there is one. */
  add(node: string, info: KeyInfo): RetrievalView | null;
  /** The trusted view, if `needed` nodes agree. */
  trusted(): RetrievalView | null;
  /** Nodes whose description was unusable, with why. */
  readonly problems: Map<string, string>;
};

/** A fresh agreement counter needing `needed` identical usable views. */
export function viewAgreement(expected: ExpectedKey, needed: number): ViewAgreement {
  const support = new Map<string, { view: RetrievalView; nodes: Set<string> }>();
  const problems = new Map<string, string>();
  const checked = new Map<string, string | null>();
  let chosen: RetrievalView | null = null;
  return {
    problems,
    trusted: () => chosen,
    add(node, info) {
      if (chosen !== null) return chosen;
      const result = viewFromKeyInfo(info, expected, checked);
      if ('problem' in result) {
        problems.set(node, result.problem);
        return null;
      }
      const entry = support.get(result.fingerprint) ?? { view: result.view, nodes: new Set<string>() };
      entry.nodes.add(node);
      support.set(result.fingerprint, entry);
      if (entry.nodes.size >= needed) chosen = entry.view;
      return chosen;
    },
  };
}
