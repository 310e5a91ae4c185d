// What a generation coordinator does with complaints (docs/PROTOCOL.md §4.1 step 4): a dealer's
// revealed share replaces the disputed one, or the dealer is disqualified and the DKG re-runs
// without it, keeping t.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { dkgParametersValid, dkgRound3, replaceDealerShare, verifyDealerShare, type DkgRound1Message } from '../../../src-main/domain/secretstore/math/dkg.ts';
import { corrupt, nodeIds, othersRound1, receivedBy, runDkg, runRounds12, stateOf, thresholdDecrypt } from './dkg-session.ts';

describe('DKG complaints', () => {
  test('a falsely accused dealer is cleared: round 3 runs again with its revealed share', () => {
    const session = runRounds12(1, nodeIds(3));
    const [dealer, accuser] = session.ids as [string, string];
    const honest = session.round2.get(dealer)?.get(accuser);
    assert.ok(honest);
    session.round2.get(dealer)?.set(accuser, corrupt(honest));
    const state = stateOf(session, accuser);
    assert.throws(() => dkgRound3(state, othersRound1(session, accuser), receivedBy(session, accuser)), { code: 'share-invalid' });

    // The dealer reveals the share in clear; everyone checks it against the dealer's commitments.
    assert.equal(verifyDealerShare(accuser, session.round1.get(dealer) as DkgRound1Message, honest, 1), true);
    const received = replaceDealerShare(receivedBy(session, accuser), honest);
    const accuserResult = dkgRound3(state, othersRound1(session, accuser), received);
    session.round2.get(dealer)?.set(accuser, honest);
    const results = session.ids.map((id) => (id === accuser ? accuserResult : dkgRound3(stateOf(session, id), othersRound1(session, id), receivedBy(session, id))));
    for (const r of results) assert.deepEqual(r.serverKey, accuserResult.serverKey);
    const [M, recovered] = thresholdDecrypt(results, [accuserResult, results[2] ?? accuserResult]);
    assert.deepEqual(recovered, M);
  });

  test('a share replacement for a dealer that sent nothing is refused', () => {
    const session = runRounds12(1, nodeIds(3));
    const [a, b] = session.ids as [string, string];
    const fromB = session.round2.get(b)?.get(a);
    assert.ok(fromB);
    assert.throws(() => replaceDealerShare([], fromB), { code: 'bad-argument' });
  });

  for (const threshold of [2, 1]) {
    test(`${threshold + 1}-of-4, one dealer disqualified: re-run as ${threshold + 1}-of-3 (t stays ${threshold}) and decrypt`, () => {
      const ids = nodeIds(4);
      const session = runRounds12(threshold, ids);
      const [cheat, victim] = ids as [string, string];
      const honest = session.round2.get(cheat)?.get(victim);
      assert.ok(honest);
      // The dealer cannot clear itself: what it reveals does not match its commitments.
      assert.equal(verifyDealerShare(victim, session.round1.get(cheat) as DkgRound1Message, corrupt(honest), threshold), false);

      const remaining = ids.filter((id) => id !== cheat);
      assert.equal(dkgParametersValid(threshold, remaining.length), true);
      const results = runDkg(threshold, remaining);
      for (const r of results) {
        assert.equal(r.publicShares.has(cheat), false);
        assert.equal(r.publicShares.size, 3);
        assert.deepEqual(r.serverKey, results[0]?.serverKey);
      }
      const [M, recovered] = thresholdDecrypt(results, results.slice(results.length - threshold - 1));
      assert.deepEqual(recovered, M);
    });
  }

  test('disqualifying below t+1 holders is impossible: the coordinator reports not-enough-nodes', () => {
    assert.equal(dkgParametersValid(2, 2), false);
    assert.equal(dkgParametersValid(0, 1), true);
  });
});
