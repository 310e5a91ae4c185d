// Key generation with t = 0 (one holder suffices): a degree-0 Feldman sharing with proofs of knowledge,
// through the same dkgRound1/2/3 API as t ≥ 1.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dkgClean, dkgRound1, dkgRound2, dkgRound3, replaceDealerShare, verifyDealerProof, verifyDealerShare, type DkgRound1Message } from '../../../src-main/domain/secretstore/math/dkg.ts';
import { decryptDocumentKey, encryptDocumentKey, randomDocumentKey } from '../../../src-main/domain/secretstore/math/elgamal.ts';
import { Point, publicFromPoint, scalarFromSecret } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { corrupt, forgeProof, nodeIds, othersRound1, receivedBy, runDkg, runRounds12, stateOf, thresholdDecrypt } from './dkg-session.ts';

describe('DKG with t = 0', () => {
  test('a single node (n = 1) makes a key it alone can decrypt with', () => {
    const [only] = runDkg(0, 1);
    assert.ok(only);
    assert.deepEqual(only.serverKey, publicFromPoint(Point.BASE.multiply(scalarFromSecret(only.share))));
    assert.deepEqual([...only.publicShares.keys()], [only.identifier]);
    assert.equal(only.frostKey, null);
    const M = randomDocumentKey();
    assert.deepEqual(decryptDocumentKey(encryptDocumentKey(M, only.serverKey), scalarFromSecret(only.share)), M);
    const [M2, recovered] = thresholdDecrypt([only], [only]);
    assert.deepEqual(recovered, M2);
  });

  test('with n = 3 every node holds the same share and each one decrypts alone', () => {
    const results = runDkg(0, 3);
    const first = results[0];
    assert.ok(first);
    for (const r of results) {
      assert.deepEqual(r.serverKey, first.serverKey);
      assert.deepEqual(r.share, first.share);
      assert.equal(r.publicShares.size, 3);
      for (const publicShare of r.publicShares.values()) assert.deepEqual(publicShare, first.serverKey);
      const [M, recovered] = thresholdDecrypt(results, [r]);
      assert.deepEqual(recovered, M);
    }
  });

  test('round-1 messages have noble\'s shapes: one 33-byte commitment and a 65-byte proof', () => {
    const session = runRounds12(0, nodeIds(2));
    for (const message of session.round1.values()) {
      assert.equal(message.commitment.length, 1);
      assert.equal(message.commitment[0]?.length, 33);
      assert.equal(message.proofOfKnowledge.length, 65);
      assert.equal(verifyDealerProof(message, 0), true);
    }
  });

  test('a forged proof of knowledge is rejected in round 2 and the dealer named', () => {
    const session = runRounds12(0, nodeIds(3));
    const [cheat, victim] = session.ids as [string, string];
    const forged = forgeProof(session.round1.get(cheat) as DkgRound1Message);
    assert.equal(verifyDealerProof(forged, 0), false);
    // The proof is bound to the dealer's identifier: replayed under another identifier it fails.
    assert.equal(verifyDealerProof({ ...(session.round1.get(cheat) as DkgRound1Message), identifier: victim }, 0), false);
    const { state } = dkgRound1(victim, 0, 3);
    const others = othersRound1(session, victim).map((m) => (m.identifier === cheat ? forged : m));
    assert.throws(() => dkgRound2(state, others), (error: unknown) => {
      assert.equal((error as { code?: string }).code, 'share-invalid');
      assert.equal((error as { details: Record<string, unknown> }).details.dealers, cheat);
      return true;
    });
  });

  test('a bad share is named in round 3; the dealer\'s revealed share clears it', () => {
    const session = runRounds12(0, nodeIds(3));
    const [dealer, victim] = session.ids as [string, string];
    const honest = session.round2.get(dealer)?.get(victim);
    assert.ok(honest);
    const dealerRound1 = session.round1.get(dealer) as DkgRound1Message;
    assert.equal(verifyDealerShare(victim, dealerRound1, corrupt(honest), 0), false);
    session.round2.get(dealer)?.set(victim, corrupt(honest));

    const state = stateOf(session, victim);
    assert.throws(() => dkgRound3(state, othersRound1(session, victim), receivedBy(session, victim)), (error: unknown) => {
      assert.equal((error as { details: Record<string, unknown> }).details.dealers, dealer);
      return true;
    });
    assert.equal(verifyDealerShare(victim, dealerRound1, honest, 0), true);
    const repaired = dkgRound3(state, othersRound1(session, victim), replaceDealerShare(receivedBy(session, victim), honest));
    const others = session.ids.filter((id) => id !== victim).map((id) => dkgRound3(stateOf(session, id), othersRound1(session, id), receivedBy(session, id)));
    for (const r of others) assert.deepEqual(r.serverKey, repaired.serverKey);
  });

  test('round 3 refuses round-1 messages other than those round 2 checked, and a finished state', () => {
    const session = runRounds12(0, nodeIds(3));
    const [a, b] = session.ids as [string, string];
    const swapped = othersRound1(session, a).map((m) => (m.identifier === b ? (runRounds12(0, [b, a]).round1.get(b) as DkgRound1Message) : m));
    assert.throws(() => dkgRound3(stateOf(session, a), swapped, receivedBy(session, a)), { code: 'share-invalid' });
    dkgRound3(stateOf(session, a), othersRound1(session, a), receivedBy(session, a));
    assert.throws(() => dkgRound3(stateOf(session, a), othersRound1(session, a), receivedBy(session, a)), { code: 'bad-argument' });
  });

  test('an aborted session forgets its coefficient and cannot deal or finish', () => {
    const session = runRounds12(0, nodeIds(2));
    const [a] = session.ids as [string];
    dkgClean(stateOf(session, a));
    assert.throws(() => dkgRound2(stateOf(session, a), othersRound1(session, a)), { code: 'bad-argument' });
    assert.throws(() => dkgRound3(stateOf(session, a), othersRound1(session, a), receivedBy(session, a)), { code: 'bad-argument' });
  });
});
