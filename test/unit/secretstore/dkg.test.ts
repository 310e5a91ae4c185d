// Distributed key generation through noble's FROST DKG, run in memory, then verifiable threshold
// decryption of an ElGamal document key with the resulting shares.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { provePartialDecryption, verifyPartialDecryption } from '../../../src-main/domain/secretstore/math/chaum-pedersen.ts';
import {
  dkgRound1,
  dkgRound2,
  dkgRound3,
  identifierScalar,
  participantIdentifier,
  verifyDealerProof,
  verifyDealerShare,
  type DkgResult,
  type DkgState,
  type DkgRound1Message,
  type DkgRound2Message,
} from '../../../src-main/domain/secretstore/math/dkg.ts';
import { Point, publicFromPoint, randomScalar, scalarFromSecret } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { encryptDocumentKey, randomDocumentKey } from '../../../src-main/domain/secretstore/math/elgamal.ts';
import { combinePartialDecryptions } from '../../../src-main/domain/secretstore/math/lagrange.ts';

type Session = {
  ids: string[];
  round1: Map<string, DkgRound1Message>;
  round2: Map<string, Map<string, DkgRound2Message>>;
  states: Map<string, DkgState>;
};

/** Node identifiers derived from fresh node keys. */
function nodeIds(n: number): string[] {
  return Array.from({ length: n }, () => participantIdentifier(publicFromPoint(Point.BASE.multiply(randomScalar()))));
}

/** Rounds 1 and 2 for every node; round-2 messages indexed by sender then recipient. */
function runRounds12(threshold: number, n: number): Session {
  const ids = nodeIds(n);
  const round1 = new Map<string, DkgRound1Message>();
  const states = new Map<string, DkgState>();
  for (const id of ids) {
    const { message, state } = dkgRound1(id, threshold, n);
    round1.set(id, message);
    states.set(id, state);
  }
  const round2 = new Map<string, Map<string, DkgRound2Message>>();
  for (const id of ids) {
    const others = ids.filter((o) => o !== id).map((o) => round1.get(o) as DkgRound1Message);
    round2.set(id, dkgRound2(states.get(id) as DkgState, others));
  }
  return { ids, round1, round2, states };
}

function othersRound1(session: Session, id: string): DkgRound1Message[] {
  return session.ids.filter((o) => o !== id).map((o) => session.round1.get(o) as DkgRound1Message);
}

function receivedBy(session: Session, id: string): DkgRound2Message[] {
  return session.ids.filter((o) => o !== id).map((o) => session.round2.get(o)?.get(id) as DkgRound2Message);
}

function runDkg(threshold: number, n: number): DkgResult[] {
  const session = runRounds12(threshold, n);
  return session.ids.map((id) => {
    const state = session.states.get(id);
    assert.ok(state);
    return dkgRound3(state, othersRound1(session, id), receivedBy(session, id));
  });
}

for (const [threshold, n] of [
  [1, 3],
  [2, 5],
] as const) {
  describe(`DKG ${threshold + 1}-of-${n}`, () => {
    const results = runDkg(threshold, n);

    test('every node derives the same server key and the same public shares', () => {
      const first = results[0];
      assert.ok(first);
      for (const r of results) {
        assert.deepEqual(r.serverKey, first.serverKey);
        assert.deepEqual([...r.publicShares.entries()].sort(), [...first.publicShares.entries()].sort());
      }
    });

    test('each public share is the node\'s share times G', () => {
      for (const r of results) {
        assert.deepEqual(r.publicShares.get(r.identifier), publicFromPoint(Point.BASE.multiply(scalarFromSecret(r.share))));
      }
    });

    test('t+1 nodes threshold-decrypt a document key with verified proofs; t nodes do not', () => {
      const serverKey = results[0]?.serverKey ?? new Uint8Array();
      const M = randomDocumentKey();
      const { commonPoint, encryptedPoint } = encryptDocumentKey(M, serverKey);
      const context = new TextEncoder().encode('doc-1');
      const answers = results.slice(n - threshold - 1).map((r) => {
        const proven = provePartialDecryption(scalarFromSecret(r.share), commonPoint, context);
        const publicShare = results[0]?.publicShares.get(r.identifier) ?? new Uint8Array();
        assert.ok(verifyPartialDecryption(publicShare, commonPoint, proven, context));
        return { identifier: identifierScalar(r.identifier), partial: proven.partial };
      });
      assert.deepEqual(combinePartialDecryptions(encryptedPoint, answers), M);
      assert.notDeepEqual(combinePartialDecryptions(encryptedPoint, answers.slice(1)), M);
    });
  });
}

describe('DKG faults', () => {
  test('a dealer with a corrupted share is detected and named', () => {
    const session = runRounds12(2, 5);
    const [dealer, victim] = session.ids;
    assert.ok(dealer && victim);
    const honest = session.round2.get(dealer)?.get(victim);
    assert.ok(honest);
    const corrupted = { identifier: honest.identifier, signingShare: Uint8Array.from(honest.signingShare) };
    corrupted.signingShare[31] = (corrupted.signingShare[31] ?? 0) ^ 1;
    session.round2.get(dealer)?.set(victim, corrupted);

    const dealerRound1 = session.round1.get(dealer) as DkgRound1Message;
    assert.equal(verifyDealerShare(victim, dealerRound1, honest, 2), true);
    assert.equal(verifyDealerShare(victim, dealerRound1, corrupted, 2), false);
    // The revealed honest share clears the dealer; a share meant for another node does not pass for this one.
    const other = session.ids[2] as string;
    assert.equal(verifyDealerShare(other, dealerRound1, honest, 2), false);

    const state = session.states.get(victim);
    assert.ok(state);
    assert.throws(() => dkgRound3(state, othersRound1(session, victim), receivedBy(session, victim)), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'share-invalid');
      assert.equal((error as { details: Record<string, unknown> }).details.dealers, dealer);
      return true;
    });
  });

  test('a dealer whose proof of knowledge is forged is rejected in round 2 and named', () => {
    const session = runRounds12(2, 4);
    const [cheat, honestId] = session.ids as [string, string];
    const good = session.round1.get(cheat) as DkgRound1Message;
    assert.equal(verifyDealerProof(good, 2), true);
    const forgedProof = Uint8Array.from(good.proofOfKnowledge);
    forgedProof[forgedProof.length - 1] = (forgedProof[forgedProof.length - 1] ?? 0) ^ 1;
    const forged = { ...good, proofOfKnowledge: forgedProof };
    assert.equal(verifyDealerProof(forged, 2), false);

    const { state } = dkgRound1(honestId, 2, 4);
    const others = session.ids.filter((o) => o !== honestId).map((o) => (o === cheat ? forged : (session.round1.get(o) as DkgRound1Message)));
    assert.throws(() => dkgRound2(state, others), (error: unknown) => {
      assert.equal((error as { details: Record<string, unknown> }).details.dealers, cheat);
      return true;
    });
  });

  test('t = 0 and t ≥ n are refused with a clear error', () => {
    assert.throws(() => dkgRound1(nodeIds(1)[0] as string, 0, 3), { code: 'bad-argument' });
    assert.throws(() => dkgRound1(nodeIds(1)[0] as string, 3, 3), { code: 'bad-argument' });
  });
});
