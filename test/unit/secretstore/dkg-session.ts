// In-memory DKG sessions for the tests: every node's rounds run here, messages are passed by hand.
import assert from 'node:assert/strict';
import {
  dkgRound1,
  dkgRound2,
  dkgRound3,
  identifierScalar,
  participantIdentifier,
  type DkgResult,
  type DkgRound1Message,
  type DkgRound2Message,
  type DkgState,
} from '../../../src-main/domain/secretstore/math/dkg.ts';
import { provePartialDecryption, verifyPartialDecryption } from '../../../src-main/domain/secretstore/math/chaum-pedersen.ts';
import { Point, publicFromPoint, randomScalar, scalarFromSecret } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { encryptDocumentKey, randomDocumentKey } from '../../../src-main/domain/secretstore/math/elgamal.ts';
import { combinePartialDecryptions } from '../../../src-main/domain/secretstore/math/lagrange.ts';

/** One session after rounds 1 and 2: broadcasts, private messages (sender → recipient) and states. */
export type Session = {
  threshold: number;
  ids: string[];
  round1: Map<string, DkgRound1Message>;
  round2: Map<string, Map<string, DkgRound2Message>>;
  states: Map<string, DkgState>;
};

/** Node identifiers derived from fresh node keys. */
export function nodeIds(n: number): string[] {
  return Array.from({ length: n }, () => participantIdentifier(publicFromPoint(Point.BASE.multiply(randomScalar()))));
}

/** Rounds 1 and 2 for every node of `ids`. */
export function runRounds12(threshold: number, ids: string[]): Session {
  const round1 = new Map<string, DkgRound1Message>();
  const states = new Map<string, DkgState>();
  for (const id of ids) {
    const { message, state } = dkgRound1(id, threshold, ids.length);
    round1.set(id, message);
    states.set(id, state);
  }
  const session: Session = { threshold, ids, round1, round2: new Map(), states };
  for (const id of ids) session.round2.set(id, dkgRound2(stateOf(session, id), othersRound1(session, id)));
  return session;
}

/** A node's secret state. */
export function stateOf(session: Session, id: string): DkgState {
  const state = session.states.get(id);
  assert.ok(state);
  return state;
}

/** The round-1 broadcasts of every node but `id`. */
export function othersRound1(session: Session, id: string): DkgRound1Message[] {
  return session.ids.filter((o) => o !== id).map((o) => session.round1.get(o) as DkgRound1Message);
}

/** The round-2 messages addressed to `id`. */
export function receivedBy(session: Session, id: string): DkgRound2Message[] {
  return session.ids.filter((o) => o !== id).map((o) => session.round2.get(o)?.get(id) as DkgRound2Message);
}

/** Round 3 on every node. */
export function finish(session: Session): DkgResult[] {
  return session.ids.map((id) => dkgRound3(stateOf(session, id), othersRound1(session, id), receivedBy(session, id)));
}

/** The whole DKG for `ids` (fresh ones when a count is given). */
export function runDkg(threshold: number, nodes: number | string[]): DkgResult[] {
  return finish(runRounds12(threshold, typeof nodes === 'number' ? nodeIds(nodes) : nodes));
}

/**
 * Encrypts a fresh document key to the results' server key and decrypts it with the given holders'
 * proven partials (each proof checked against the public share table); returns [M, recovered M].
 */
export function thresholdDecrypt(results: readonly DkgResult[], holders: readonly DkgResult[]): [Uint8Array, Uint8Array] {
  const table = results[0];
  assert.ok(table);
  const M = randomDocumentKey();
  const { commonPoint, encryptedPoint } = encryptDocumentKey(M, table.serverKey);
  const context = new TextEncoder().encode('doc-1');
  const answers = holders.map((r) => {
    const proven = provePartialDecryption(scalarFromSecret(r.share), commonPoint, context);
    const publicShare = table.publicShares.get(r.identifier) ?? new Uint8Array();
    assert.ok(verifyPartialDecryption(publicShare, commonPoint, proven, context));
    return { identifier: identifierScalar(r.identifier), partial: proven.partial };
  });
  return [M, combinePartialDecryptions(encryptedPoint, answers)];
}

/** A copy of a round-2 message with its share's last bit flipped. */
export function corrupt(share: DkgRound2Message): DkgRound2Message {
  const signingShare = Uint8Array.from(share.signingShare);
  signingShare[31] = (signingShare[31] ?? 0) ^ 1;
  return { identifier: share.identifier, signingShare };
}

/** A copy of a round-1 broadcast with the last byte of its proof flipped. */
export function forgeProof(message: DkgRound1Message): DkgRound1Message {
  const proofOfKnowledge = Uint8Array.from(message.proofOfKnowledge);
  proofOfKnowledge[proofOfKnowledge.length - 1] = (proofOfKnowledge[proofOfKnowledge.length - 1] ?? 0) ^ 1;
  return { ...message, proofOfKnowledge };
}
