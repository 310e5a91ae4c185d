// The client uses a new server key only once every holder confirms it (security review C3): a
// coordinator or a man in the middle handing back a key of its own making is caught before any
// document key is encrypted under it.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, describe, test } from 'node:test';
import { isSealdropError } from '../../../../src-shared/errors.ts';
import type { ClientContext } from '../../../../src-main/domain/secretstore/client/context.ts';
import { nodeApi, type NodeApi } from '../../../../src-main/domain/secretstore/client/node-api.ts';
import { generateServerKey } from '../../../../src-main/domain/secretstore/client/server-key.ts';
import { Point, publicFromPoint } from '../../../../src-main/domain/secretstore/math/encoding.ts';
import { FixtureNetwork } from './fixture-network.ts';
import { randomSigner } from './test-signer.ts';

const networks: FixtureNetwork[] = [];
after(async () => {
  await Promise.all(networks.map((n) => n.close()));
});

/** A context whose node `liar` rewrites what it says (generation answer or key description). */
async function withLiar(liar: number, lie: (api: NodeApi) => Partial<NodeApi>): Promise<ClientContext> {
  const network = await FixtureNetwork.start(3, 1);
  networks.push(network);
  const profile = network.profile();
  return {
    profile,
    signer: randomSigner(),
    timeoutMs: 2000,
    nodeApiFor: (node) => {
      const api = nodeApi(node.http, { timeoutMs: 2000 });
      return node.http === profile.nodes[liar]?.http ? { ...api, ...lie(api) } : api;
    },
  };
}

const otherPoint = (): Uint8Array => publicFromPoint(Point.BASE.multiply(BigInt(`0x${randomBytes(16).toString('hex')}`) + 1n));

describe('confirming a new server key', () => {
  test('an honest network confirms the key it generated', async () => {
    const context = await withLiar(0, () => ({}));
    assert.equal((await generateServerKey(context, Uint8Array.from(randomBytes(32)), 1)).length, 64);
  });

  test('a coordinator that returns another server key is caught', async () => {
    const forged = otherPoint();
    // Every node would be tried first in some order; make all of them return the forged key.
    const network = await FixtureNetwork.start(3, 1);
    networks.push(network);
    const profile = network.profile();
    const context: ClientContext = {
      profile,
      signer: randomSigner(),
      timeoutMs: 2000,
      nodeApiFor: (node) => {
        const api = nodeApi(node.http, { timeoutMs: 2000 });
        return { ...api, generateServerKey: async (...args: Parameters<NodeApi['generateServerKey']>) => (await api.generateServerKey(...args), forged) };
      },
    };
    await assert.rejects(generateServerKey(context, Uint8Array.from(randomBytes(32)), 1), (e: unknown) => {
      assert.ok(isSealdropError(e, 'key-invalid'), String(e));
      assert.match((e as Error).message, /differs from the one returned/);
      return true;
    });
  });

  test('a holder describing the key differently (another threshold) is caught', async () => {
    const context = await withLiar(2, (api) => ({ keyInfo: async (...args: Parameters<NodeApi['keyInfo']>) => ({ ...(await api.keyInfo(...args)), threshold: 0 }) }));
    await assert.rejects(generateServerKey(context, Uint8Array.from(randomBytes(32)), 1), (e: unknown) => isSealdropError(e, 'key-invalid'));
  });

  test('a key with a forged public share is caught', async () => {
    const context = await withLiar(1, (api) => ({
      keyInfo: async (...args: Parameters<NodeApi['keyInfo']>) => {
        const info = await api.keyInfo(...args);
        return { ...info, holders: info.holders.map((h, i) => (i === 0 ? { ...h, publicShare: otherPoint() } : h)) };
      },
    }));
    await assert.rejects(generateServerKey(context, Uint8Array.from(randomBytes(32)), 1), (e: unknown) => isSealdropError(e, 'key-invalid'));
  });
});
