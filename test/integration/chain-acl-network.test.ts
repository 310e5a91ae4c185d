// Issue 4 acceptance: a 3-node network of real key server processes whose access list is the
// permissioning contract on a real local EVM chain (Hardhat 2 on 127.0.0.1). Each test names its
// scenario number from the issue.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { Wallet } from 'ethers';
import { isSealdropError } from '../../src-shared/errors.ts';
import { identityKeyFromSecret, type IdentityKey } from '../../src-main/domain/identity/identity-key.ts';
import { chainProvider } from '../../src-main/domain/secretstore/acl/contract/chain-connection.ts';
import { deployPermissions } from '../../src-main/domain/secretstore/acl/contract/permissions-contract.ts';
import { chainPermissions, changeOnChain, registerOnChain, type ContractBackend } from '../../src-main/domain/secretstore/client/chain-access.ts';
import { createSecretStoreClient, type SecretStoreClient } from '../../src-main/domain/secretstore/client/secret-store-client.ts';
import { retrievalDigest } from '../../src-main/domain/secretstore/math/request-digests.ts';
import { loadNetworkProfile, type NetworkProfile } from '../../src-main/domain/secretstore/network/profile.ts';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sealdrop, tempFolder } from '../support/cli.ts';
import { startChain, type TestChain } from '../support/chain.ts';
import { startTestNetwork, type TestNetwork } from '../support/network.ts';

const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('a network whose access list is a contract on chain', () => {
  let chain: TestChain;
  let network: TestNetwork;
  let profile: NetworkProfile;
  let backend: ContractBackend;
  const people = new Map<string, { secret: Uint8Array; key: IdentityKey }>();
  const documentId = Uint8Array.from(randomBytes(32));
  let reference: { serverKey: Uint8Array; threshold: number };
  let documentKey: Uint8Array;
  const attempts: { who: string; allowed: boolean }[] = [];

  async function person(name: string): Promise<{ secret: Uint8Array; key: IdentityKey }> {
    const existing = people.get(name);
    if (existing !== undefined) return existing;
    const secret = Uint8Array.from(randomBytes(32));
    const made = { secret, key: identityKeyFromSecret(name, secret, 'keychain') };
    await chain.fund(made.key.address, 10);
    people.set(name, made);
    return made;
  }
  const clientOf = (key: IdentityKey): SecretStoreClient => createSecretStoreClient({ profile, signer: key, timeoutMs: 15_000 });

  async function change(who: string, kind: 'grant' | 'revoke', user: Uint8Array, expiresAt?: number): Promise<void> {
    const { contract, close } = await chainPermissions(backend, (await person(who)).secret);
    try {
      await changeOnChain(contract, kind, documentId, [user], expiresAt);
    } finally {
      close();
    }
  }

  /** A retrieval by `who`; records the attempt for the audit check. */
  async function retrieve(who: string): Promise<Uint8Array> {
    const { key } = await person(who);
    try {
      const result = await clientOf(key).retrieveDocumentKey(documentId, reference);
      attempts.push({ who: key.address, allowed: true });
      return result.documentKey;
    } catch (error) {
      attempts.push({ who: key.address, allowed: false });
      throw error;
    }
  }

  before(async () => {
    chain = await startChain();
    const deployer = new Wallet(chain.accounts[0]!.privateKey, chainProvider(chain.rpcUrl, chain.chainId));
    const address = await deployPermissions(deployer, { chainId: chain.chainId, rpcUrl: chain.rpcUrl });
    (deployer.provider as { destroy(): void }).destroy();
    backend = { type: 'contract', rpcUrl: chain.rpcUrl, address: Uint8Array.from(Buffer.from(address.slice(2), 'hex')), chainId: chain.chainId };
    network = await startTestNetwork({ nodes: 3, threshold: 1, acl: backend });
    profile = await loadNetworkProfile(network.profilePath);
    const owner = await person('owner');
    const client = clientOf(owner.key);
    const serverKey = await client.generateServerKey(documentId, 1);
    documentKey = await client.storeDocumentKey(documentId, serverKey);
    reference = { serverKey, threshold: 1 };
    const { contract, close } = await chainPermissions(backend, owner.secret);
    try {
      await registerOnChain(contract, documentId, []);
    } finally {
      close();
    }
  });
  after(async () => {
    await network?.close();
    await chain?.stop();
  });

  test('1: not granted → 403 from every node; granted → opens; revoked → 403', async () => {
    const reader = await person('reader');
    await assert.rejects(retrieve('reader'), (e: unknown) => isSealdropError(e, 'access-denied'));
    for (const url of network.urls) {
      const response = await fetch(`${url}/v1/keys/${hex(documentId)}/partial`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ signature: `0x${hex(reader.key.signDigest(retrievalDigest(documentId)))}` }),
      });
      assert.equal(response.status, 403, url);
      attempts.push({ who: reader.key.address, allowed: false });
    }
    await change('owner', 'grant', reader.key.addressBytes);
    assert.deepEqual(await retrieve('reader'), documentKey);
    await change('owner', 'revoke', reader.key.addressBytes);
    await assert.rejects(retrieve('reader'), (e: unknown) => isSealdropError(e, 'access-denied'));
  });

  test('1: a grant whose expiry is past → 403; one that expires later stops working when it does', async () => {
    const late = await person('late');
    const now = await chain.latestTimestamp();
    await change('owner', 'grant', late.key.addressBytes, now - 60);
    await assert.rejects(retrieve('late'), (e: unknown) => isSealdropError(e, 'access-denied'));
    await change('owner', 'grant', late.key.addressBytes, now + 3600);
    assert.deepEqual(await retrieve('late'), documentKey);
    await chain.increaseTime(7200);
    await chain.mine();
    await assert.rejects(retrieve('late'), (e: unknown) => isSealdropError(e, 'access-denied'));
  });

  test('2: only the owner can grant or revoke, and the client says so plainly', async () => {
    const stranger = await person('stranger');
    await assert.rejects(change('stranger', 'grant', stranger.key.addressBytes), (e: unknown) => {
      assert.ok(isSealdropError(e, 'access-denied'), String(e));
      assert.match((e as Error).message, /only the document's owner \(0x[0-9a-fA-F]{40}\) can change who may open it; you are 0x/);
      return true;
    });
    await assert.rejects(change('stranger', 'revoke', (await person('owner')).key.addressBytes), (e: unknown) => isSealdropError(e, 'access-denied'));
  });

  test('1: after an ownership transfer only the new owner changes grants', async () => {
    const heir = await person('heir');
    const friend = await person('friend');
    const { contract, close } = await chainPermissions(backend, (await person('owner')).secret);
    try {
      await contract.transferOwnership(documentId, heir.key.addressBytes);
    } finally {
      close();
    }
    await assert.rejects(change('owner', 'grant', friend.key.addressBytes), (e: unknown) => isSealdropError(e, 'access-denied'));
    await change('heir', 'grant', friend.key.addressBytes);
    assert.deepEqual(await retrieve('friend'), documentKey);
  });

  test('4: the audit shows exactly the attempts made, with their outcomes, to the key\'s owner only', async () => {
    const owner = await person('owner');
    const report = await clientOf(owner.key).audit(documentId);
    // The owner's own generation made no attempts; count each person's outcomes in order.
    for (const who of new Set(attempts.map((a) => a.who))) {
      const expected = attempts.filter((a) => a.who === who).map((a) => a.allowed);
      const seen = report.events.filter((e) => hex(e.requester) === who.slice(2).toLowerCase()).map((e) => e.allowed);
      // A raw request to each node is one entry on one node; a client retrieval is one event seen by 2-3 nodes.
      assert.equal(seen.filter(Boolean).length, expected.filter(Boolean).length, `${who}: allowed`);
      assert.ok(seen.filter((a) => !a).length >= 1 || expected.every(Boolean), `${who}: refused`);
    }
    const denial = report.events.find((e) => !e.allowed);
    assert.match(denial?.reasons.join(' ') ?? '', /not granted on chain/);
    await assert.rejects(clientOf((await person('reader')).key).audit(documentId), (e: unknown) => isSealdropError(e, 'access-denied'));
  });

  test('3: with the chain unreachable every node refuses and says why; nothing is released', async () => {
    const friend = await person('friend');
    await chain.stop();
    await assert.rejects(retrieve('friend'), (e: unknown) => {
      assert.ok(isSealdropError(e, 'acl-unavailable'), String(e));
      assert.match((e as Error).message, /3 refused because they cannot reach the access-control chain/);
      return true;
    });
    const response = await fetch(`${network.urls[0]}/v1/keys/${hex(documentId)}/partial`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ signature: `0x${hex(friend.key.signDigest(retrievalDigest(documentId)))}` }),
    });
    const body = (await response.json()) as { error: { code: string; message: string } };
    assert.equal(body.error.code, 'acl-unavailable');
    assert.match(body.error.message, /chain unreachable/);
  });
});

describe('the CLI on a contract network', () => {
  let chain: TestChain;
  let network: TestNetwork | undefined;
  let work: { path: string; cleanup: () => Promise<void> };

  before(async () => {
    chain = await startChain();
    work = await tempFolder();
  });
  after(async () => {
    await network?.close();
    await chain.stop();
    await work.cleanup();
  });

  test('deploy, seal with a grant, open, access with expiry, revoke, transfer', async () => {
    const ownerDir = join(work.path, 'owner');
    const readerDir = join(work.path, 'reader');
    const owner = JSON.parse((await sealdrop(['identity', 'new', '--data-dir', ownerDir, '--json'])).stdout) as { address: string };
    const reader = JSON.parse((await sealdrop(['identity', 'new', '--data-dir', readerDir, '--json'])).stdout) as { address: string };
    await chain.fund(owner.address, 10);
    await chain.fund(reader.address, 10);

    const deployed = await sealdrop(['contract', 'deploy', '--rpc', chain.rpcUrl, '--data-dir', ownerDir, '--json']);
    assert.equal(deployed.code, 0, deployed.stdout + deployed.stderr);
    const acl = (JSON.parse(deployed.stdout) as { acl: { rpcUrl: string; address: string; chainId: number } }).acl;
    assert.equal(acl.chainId, chain.chainId);
    network = await startTestNetwork({ nodes: 3, threshold: 1, acl: { type: 'contract', rpcUrl: acl.rpcUrl, address: Uint8Array.from(Buffer.from(acl.address.slice(2), 'hex')), chainId: acl.chainId } });

    const folder = join(work.path, 'plans');
    await mkdir(folder);
    await writeFile(join(folder, 'a.txt'), 'on chain\n');
    const sealed = join(work.path, 'plans.sealdrop');
    const seal = await sealdrop(['seal', folder, '--network', network.profilePath, '--grant', reader.address, '--data-dir', ownerDir, '-o', sealed, '--json']);
    assert.equal(seal.code, 0, seal.stdout + seal.stderr);

    const opened = await sealdrop(['open', sealed, '--network', network.profilePath, '--data-dir', readerDir, '-o', join(work.path, 'out'), '--json']);
    assert.equal(opened.code, 0, opened.stdout + opened.stderr);

    const until = (await chain.latestTimestamp()) + 3600;
    const regrant = await sealdrop(['grant', sealed, reader.address, '--until', String(until), '--data-dir', ownerDir, '--json']);
    assert.equal(regrant.code, 0, regrant.stdout + regrant.stderr);
    const access = JSON.parse((await sealdrop(['access', sealed, '--data-dir', ownerDir, '--json'])).stdout) as { owner: string; grants: { user: string; expiresAt: number }[] };
    assert.equal(access.owner, owner.address);
    assert.deepEqual(access.grants.map((g) => [g.user, g.expiresAt]), [[reader.address, until]]);

    const revoked = await sealdrop(['revoke', sealed, reader.address, '--data-dir', ownerDir, '--json']);
    assert.equal(revoked.code, 0, revoked.stdout + revoked.stderr);
    const refused = await sealdrop(['open', sealed, '--network', network.profilePath, '--data-dir', readerDir, '-o', join(work.path, 'out2'), '--json']);
    assert.equal((JSON.parse(refused.stdout) as { error: { code: string } }).error.code, 'access-denied');

    const notOwner = await sealdrop(['grant', sealed, reader.address, '--network', network.profilePath, '--data-dir', readerDir, '--json']);
    assert.equal(notOwner.code, 1);
    assert.match(notOwner.stdout, /only the document's owner/);
    const transfer = await sealdrop(['contract', 'transfer', sealed, reader.address, '--data-dir', ownerDir, '--json']);
    assert.equal(transfer.code, 0, transfer.stdout + transfer.stderr);
    const nowTheirs = await sealdrop(['grant', sealed, reader.address, '--network', network.profilePath, '--data-dir', readerDir, '--json']);
    assert.equal(nowTheirs.code, 0, nowTheirs.stdout + nowTheirs.stderr);
  });
});
