// Distributed key generation through noble's FROST DKG (t ≥ 1), run in memory, then verifiable
// threshold decryption of an ElGamal document key with the resulting shares.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  dkgClean,
  dkgParametersValid,
  dkgRound1,
  dkgRound2,
  dkgRound3,
  verifyDealerProof,
  verifyDealerShare,
  type DkgRound1Message,
} from '../../../src-main/domain/secretstore/math/dkg.ts';
import { Point, publicFromPoint, scalarFromSecret } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { corrupt, forgeProof, nodeIds, othersRound1, receivedBy, runDkg, runRounds12, stateOf, thresholdDecrypt } from './dkg-session.ts';

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
        assert.ok(r.frostKey !== null);
      }
    });

    test('each public share is the node\'s share times G', () => {
      for (const r of results) {
        assert.deepEqual(r.publicShares.get(r.identifier), publicFromPoint(Point.BASE.multiply(scalarFromSecret(r.share))));
      }
    });

    test('t+1 nodes threshold-decrypt a document key with verified proofs; t nodes do not', () => {
      const [M, recovered] = thresholdDecrypt(results, results.slice(n - threshold - 1));
      assert.deepEqual(recovered, M);
      const [M2, fromTooFew] = thresholdDecrypt(results, results.slice(n - threshold));
      assert.notDeepEqual(fromTooFew, M2);
    });
  });
}

describe('DKG faults', () => {
  test('a dealer with a corrupted share is detected and named', () => {
    const session = runRounds12(2, nodeIds(5));
    const [dealer, victim, other] = session.ids as [string, string, string];
    const honest = session.round2.get(dealer)?.get(victim);
    assert.ok(honest);
    const corrupted = corrupt(honest);
    session.round2.get(dealer)?.set(victim, corrupted);

    const dealerRound1 = session.round1.get(dealer) as DkgRound1Message;
    assert.equal(verifyDealerShare(victim, dealerRound1, honest, 2), true);
    assert.equal(verifyDealerShare(victim, dealerRound1, corrupted, 2), false);
    // A share meant for another node does not pass for this one.
    assert.equal(verifyDealerShare(other, dealerRound1, honest, 2), false);

    assert.throws(() => dkgRound3(stateOf(session, victim), othersRound1(session, victim), receivedBy(session, victim)), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'share-invalid');
      assert.equal((error as { details: Record<string, unknown> }).details.dealers, dealer);
      return true;
    });
  });

  test('a dealer whose share never arrived is named', () => {
    const session = runRounds12(1, nodeIds(3));
    const [dealer, victim] = session.ids as [string, string];
    const received = receivedBy(session, victim).filter((share) => share.identifier !== dealer);
    assert.throws(() => dkgRound3(stateOf(session, victim), othersRound1(session, victim), received), (error: unknown) => {
      assert.equal((error as { details: Record<string, unknown> }).details.dealers, dealer);
      return true;
    });
  });

  test('a dealer whose proof of knowledge is forged is rejected in round 2 and named', () => {
    const session = runRounds12(2, nodeIds(4));
    const [cheat, honestId] = session.ids as [string, string];
    const good = session.round1.get(cheat) as DkgRound1Message;
    assert.equal(verifyDealerProof(good, 2), true);
    const forged = forgeProof(good);
    assert.equal(verifyDealerProof(forged, 2), false);
    // Commitments of the wrong degree are refused whatever the proof.
    assert.equal(verifyDealerProof(good, 1), false);

    const { state } = dkgRound1(honestId, 2, 4);
    const others = session.ids.filter((o) => o !== honestId).map((o) => (o === cheat ? forged : (session.round1.get(o) as DkgRound1Message)));
    assert.throws(() => dkgRound2(state, others), (error: unknown) => {
      assert.equal((error as { details: Record<string, unknown> }).details.dealers, cheat);
      return true;
    });
  });

  test('an aborted session cannot finish', () => {
    const session = runRounds12(1, nodeIds(3));
    const [a] = session.ids as [string];
    dkgClean(stateOf(session, a));
    assert.throws(() => dkgRound3(stateOf(session, a), othersRound1(session, a), receivedBy(session, a)), { code: 'share-invalid' });
  });

  test('t < 0, t ≥ n and malformed identifiers are refused with a clear error', () => {
    const [id] = nodeIds(1) as [string];
    assert.throws(() => dkgRound1(id, -1, 3), { code: 'threshold-invalid' });
    assert.throws(() => dkgRound1(id, 3, 3), { code: 'threshold-invalid' });
    assert.throws(() => dkgRound1(id, 0, 0), { code: 'threshold-invalid' });
    assert.throws(() => dkgRound1(id, 1.5, 3), { code: 'threshold-invalid' });
    assert.throws(() => dkgRound1('00'.repeat(32), 1, 3), { code: 'bad-argument' });
    assert.throws(() => dkgRound1(id.toUpperCase(), 1, 3), { code: 'bad-argument' });
    assert.equal(dkgParametersValid(0, 1), true);
    assert.equal(dkgParametersValid(2, 3), true);
    assert.equal(dkgParametersValid(2, 2), false);
  });
});
