// checkPublicShares: a public-share table is accepted only if every Y_j lies on one degree-t
// polynomial whose value at 0 is the server key (PROTOCOL §5.1 step 2).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkPublicShares } from '../../../../src-main/domain/secretstore/client/public-shares.ts';
import { identifierScalar, participantIdentifier } from '../../../../src-main/domain/secretstore/math/dkg.ts';
import { Fn, Point, publicFromPoint, randomScalar } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import type { KeyHolder } from '../../../../src-main/domain/secretstore/node/records.ts';
import { runDkg } from '../dkg-session.ts';

/** A Shamir table of degree `degree` over n random node keys; returns the table and Y = f(0)·G. */
function table(n: number, degree: number): { holders: KeyHolder[]; serverKey: Uint8Array } {
  const coefficients = Array.from({ length: degree + 1 }, () => randomScalar());
  const f = (x: bigint): bigint => coefficients.reduceRight((acc, a) => Fn.add(Fn.mul(acc, x), a), 0n);
  const holders = Array.from({ length: n }, () => {
    const node = publicFromPoint(Point.BASE.multiply(randomScalar()));
    const identifier = participantIdentifier(node);
    return { node, identifier, publicShare: publicFromPoint(Point.BASE.multiply(f(identifierScalar(identifier)))) };
  });
  return { holders, serverKey: publicFromPoint(Point.BASE.multiply(coefficients[0] ?? 1n)) };
}

function rejects(run: () => void, message: RegExp): void {
  assert.throws(run, (error: Error & { code?: string }) => error.code === 'share-invalid' && message.test(error.message));
}

describe('checkPublicShares', () => {
  test('accepts consistent tables for several (t, n), including t = 0 and n = t + 1', () => {
    for (const [t, n] of [[0, 1], [0, 3], [1, 2], [1, 3], [2, 5], [3, 4]] as const) {
      const { holders, serverKey } = table(n, t);
      assert.doesNotThrow(() => checkPublicShares(holders, serverKey, t), `t=${t} n=${n}`);
    }
  });

  test('accepts the public-share table a real DKG run produces', () => {
    const results = runDkg(2, 5);
    const first = results[0];
    assert.ok(first);
    const holders = [...first.publicShares].map(([identifier, publicShare], index) => ({
      node: publicFromPoint(Point.BASE.multiply(BigInt(index + 1))),
      identifier,
      publicShare,
    }));
    assert.doesNotThrow(() => checkPublicShares(holders, first.serverKey, 2));
    rejects(() => checkPublicShares(holders, first.serverKey, 1), /does not lie/);
  });

  test('rejects a table where one Y_j was forged, whichever holder it is', () => {
    const { holders, serverKey } = table(5, 2);
    for (let index = 0; index < holders.length; index++) {
      const forged = holders.map((h, i) => (i === index ? { ...h, publicShare: publicFromPoint(Point.BASE.multiply(randomScalar())) } : h));
      rejects(() => checkPublicShares(forged, serverKey, 2), /does not lie on the degree-2 polynomial/);
    }
  });

  test('rejects a table of higher degree than the threshold claims', () => {
    const { holders, serverKey } = table(5, 3);
    rejects(() => checkPublicShares(holders, serverKey, 2), /does not lie on the degree-2 polynomial/);
    // With exactly t+1 holders there is still one equation to check (Y at 0 is the extra point).
    const small = table(3, 3);
    rejects(() => checkPublicShares(small.holders, small.serverKey, 2), /does not lie/);
  });

  test('rejects a consistent table whose value at 0 is another server key', () => {
    const { holders } = table(4, 1);
    const other = publicFromPoint(Point.BASE.multiply(randomScalar()));
    rejects(() => checkPublicShares(holders, other, 1), /does not lie/);
  });

  test('rejects too few holders, repeated identifiers or nodes, and malformed entries', () => {
    const { holders, serverKey } = table(3, 1);
    const [a, b] = holders as [KeyHolder, KeyHolder, KeyHolder];
    rejects(() => checkPublicShares([a], serverKey, 1), /cannot serve threshold 1/);
    rejects(() => checkPublicShares([a, { ...b, identifier: a.identifier }], serverKey, 1), /repeats another holder's identifier/);
    rejects(() => checkPublicShares([a, { ...b, node: a.node }], serverKey, 1), /repeats another holder's node key/);
    rejects(() => checkPublicShares([a, { ...b, identifier: '00'.repeat(32) }], serverKey, 1), /not a non-zero scalar/);
    rejects(() => checkPublicShares([a, { ...b, identifier: 'zz' }], serverKey, 1), /malformed identifier/);
    rejects(() => checkPublicShares([a, { ...b, publicShare: new Uint8Array(64) }], serverKey, 1), /not a curve point/);
    rejects(() => checkPublicShares(holders, new Uint8Array(64), 1), /server key is not a curve point/);
    rejects(() => checkPublicShares(holders, serverKey, -1), /not a whole number/);
  });
});
