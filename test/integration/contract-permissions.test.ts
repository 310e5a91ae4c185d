// The permissioning contract on a real local EVM chain (Hardhat 2 network on 127.0.0.1), driven
// through the typed wrapper nodes and clients use (issue 4): registration, grants with and without
// expiry, revocation, ownership transfer, plain errors for callers who are not the owner, events and
// the lists rebuilt from them, and Parity's checkPermissions over a raw eth_call.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { AbiCoder, Wallet, type JsonRpcProvider, type TransactionReceipt } from 'ethers';
import { chainProvider } from '../../src-main/domain/secretstore/acl/contract/chain-connection.ts';
import { PERMISSIONS_INTERFACE } from '../../src-main/domain/secretstore/acl/contract/permissions-artifact.ts';
import { deployPermissions, permissionsContract, type PermissionsContract } from '../../src-main/domain/secretstore/acl/contract/permissions-contract.ts';
import { startChain, type TestChain } from '../support/chain.ts';

let counter = 0;
/** A fresh document id per test, so tests share one deployment without seeing each other. */
function newDocument(): string {
  counter += 1;
  return `0x${counter.toString(16).padStart(8, '0')}${'d0c'.padEnd(56, '0')}`;
}

/** The events of a receipt, decoded with the contract's ABI. */
function eventsOf(receipt: TransactionReceipt): { name: string; args: unknown[] }[] {
  return receipt.logs.map((log) => {
    const parsed = PERMISSIONS_INTERFACE.parseLog({ topics: [...log.topics], data: log.data });
    assert.ok(parsed);
    return { name: parsed.name, args: [...parsed.args] };
  });
}

describe('SealdropPermissions on a local chain', () => {
  let chain: TestChain;
  let provider: JsonRpcProvider;
  let address: string;
  let owner: PermissionsContract;
  let bob: PermissionsContract;
  let carol: PermissionsContract;
  let reader: PermissionsContract;
  let ownerAddress: string;
  let bobAddress: string;
  let carolAddress: string;

  before(async () => {
    chain = await startChain();
    console.log(`# hardhat node answered after ${chain.startMs} ms`);
    provider = chainProvider(chain.rpcUrl, chain.chainId);
    const [a, b, c] = chain.accounts;
    assert.ok(a && b && c);
    [ownerAddress, bobAddress, carolAddress] = [a.address, b.address, c.address];
    const options = { chainId: chain.chainId, rpcUrl: chain.rpcUrl };
    address = await deployPermissions(new Wallet(a.privateKey, provider), options);
    owner = permissionsContract(address, new Wallet(a.privateKey, provider), options);
    bob = permissionsContract(address, new Wallet(b.privateKey, provider), options);
    carol = permissionsContract(address, new Wallet(c.privateKey, provider), options);
    reader = permissionsContract(address, provider, options);
  });

  after(async () => {
    provider?.destroy();
    await chain?.stop();
  });

  test('the first address to register a document owns it; others are not let in', async () => {
    const document = newDocument();
    assert.equal(await reader.ownerOf(document), null);
    assert.equal(await reader.checkPermissions(ownerAddress, document), false, 'an unregistered document opens for nobody');

    const receipt = await owner.register(document);
    assert.equal(receipt.status, 1);
    assert.deepEqual(eventsOf(receipt), [{ name: 'DocumentRegistered', args: [document, ownerAddress] }]);
    assert.equal(await reader.ownerOf(document), ownerAddress);
    assert.equal(await reader.registrantOf(document), ownerAddress);
    assert.equal(await reader.checkPermissions(ownerAddress, document, { blockTag: 'latest' }), true);
    assert.equal(await reader.checkPermissions(bobAddress, document), false);

    await assert.rejects(bob.register(document), {
      code: 'access-denied',
      message: `document ${document} is already registered on chain ${chain.chainId} (contract ${address}) by ${ownerAddress}, who owns it; you are ${bobAddress}`,
    });
    await assert.rejects(owner.register(document), { code: 'bad-argument', message: /already registered .* by you$/ });
  });

  test('grant lets a user in, revoke shuts them out again; both are events', async () => {
    const document = newDocument();
    await owner.register(document);
    const granted = await owner.grant(document, bobAddress);
    assert.deepEqual(eventsOf(granted), [{ name: 'AccessGranted', args: [document, bobAddress, 0n] }]);
    assert.deepEqual(await reader.accessOf(document, bobAddress), { granted: true, expiresAt: null });
    assert.equal(await reader.checkPermissions(bobAddress, document), true);
    assert.equal(await reader.checkPermissions(carolAddress, document), false);

    const revoked = await owner.revoke(document, bobAddress);
    assert.deepEqual(eventsOf(revoked), [{ name: 'AccessRevoked', args: [document, bobAddress] }]);
    assert.equal(await reader.checkPermissions(bobAddress, document), false);
    assert.deepEqual(await reader.accessOf(document, bobAddress), { granted: false, expiresAt: null });

    // Revoking someone without a grant changes nothing, so it records nothing.
    const again = await owner.revoke(document, bobAddress);
    assert.equal(again.status, 1);
    assert.deepEqual(eventsOf(again), []);
  });

  test('a grant that expired in the past opens nothing; a future one ends when the chain reaches it', async () => {
    const document = newDocument();
    await owner.register(document);
    const now = await chain.latestTimestamp();

    const past = await owner.grant(document, bobAddress, now - 60);
    assert.deepEqual(eventsOf(past), [{ name: 'AccessGranted', args: [document, bobAddress, BigInt(now - 60)] }]);
    assert.deepEqual(await reader.accessOf(document, bobAddress), { granted: true, expiresAt: now - 60 });
    assert.equal(await reader.checkPermissions(bobAddress, document), false, 'an expiry in the past grants nothing');

    const expiry = now + 3600;
    await owner.grant(document, carolAddress, new Date(expiry * 1000));
    assert.equal(await reader.checkPermissions(carolAddress, document), true);
    await chain.setTime(expiry - 1);
    assert.equal(await reader.checkPermissions(carolAddress, document), true, 'still one second before the expiry');
    await chain.setTime(expiry);
    assert.equal(await reader.checkPermissions(carolAddress, document), false, 'access ends at the expiry time');
    assert.equal(await reader.checkPermissions(ownerAddress, document), true, 'the owner needs no grant');

    const grants = await reader.listGrants(document);
    assert.deepEqual(
      grants.map(({ user, expiresAt, expired }) => ({ user, expiresAt, expired })),
      [
        { user: bobAddress, expiresAt: now - 60, expired: true },
        { user: carolAddress, expiresAt: expiry, expired: true },
      ],
    );
  });

  test('only the owner may grant, revoke or transfer; the refusal names the owner and the caller', async () => {
    const document = newDocument();
    await owner.register(document);
    await owner.grant(document, bobAddress);
    const expected = { code: 'access-denied', message: `only the document's owner (${ownerAddress}) can change who may open it; you are ${bobAddress}` };
    const nonceBefore = await provider.getTransactionCount(bobAddress, 'latest');
    await assert.rejects(bob.grant(document, carolAddress), expected);
    await assert.rejects(bob.revoke(document, bobAddress), expected);
    await assert.rejects(bob.transferOwnership(document, bobAddress), expected);
    // Refused before sending (gas estimation reverts): no transaction, no gas spent.
    assert.equal(await provider.getTransactionCount(bobAddress, 'latest'), nonceBefore);
    assert.equal(await reader.checkPermissions(carolAddress, document), false);
    assert.equal(await reader.ownerOf(document), ownerAddress);
  });

  test('changing grants of a document nobody registered is refused plainly', async () => {
    const document = newDocument();
    await assert.rejects(owner.grant(document, bobAddress), {
      code: 'bad-argument',
      message: `document ${document} is not registered on chain ${chain.chainId} (contract ${address}); its author registers it first`,
    });
  });

  test('after a transfer only the new owner changes grants; the registrant stays the author', async () => {
    const document = newDocument();
    await owner.register(document);
    await owner.grant(document, carolAddress);
    const transfer = await owner.transferOwnership(document, bobAddress);
    assert.deepEqual(eventsOf(transfer), [{ name: 'OwnershipTransferred', args: [document, ownerAddress, bobAddress] }]);
    assert.equal(await reader.ownerOf(document), bobAddress);
    assert.equal(await reader.registrantOf(document), ownerAddress);
    assert.equal(await reader.checkPermissions(bobAddress, document), true, 'the new owner may open it');
    assert.equal(await reader.checkPermissions(ownerAddress, document), false, 'the old owner no longer may');
    assert.equal(await reader.checkPermissions(carolAddress, document), true, 'grants survive the transfer');

    await assert.rejects(owner.grant(document, ownerAddress), {
      code: 'access-denied',
      message: `only the document's owner (${bobAddress}) can change who may open it; you are ${ownerAddress}`,
    });
    await bob.revoke(document, carolAddress);
    await bob.grant(document, ownerAddress);
    assert.equal(await reader.checkPermissions(carolAddress, document), false);
    assert.equal(await reader.checkPermissions(ownerAddress, document), true);
    await assert.rejects(carol.transferOwnership(document, carolAddress), { code: 'access-denied' });
  });

  test('the zero address can neither be granted nor own a document', async () => {
    const document = newDocument();
    await owner.register(document);
    const zero = `0x${'0'.repeat(40)}`;
    await assert.rejects(owner.grant(document, zero), { code: 'bad-argument', message: /zero address/ });
    await assert.rejects(owner.transferOwnership(document, zero), { code: 'bad-argument', message: /zero address/ });
  });

  test('listGrants and documentHistory replay the events in block order', async () => {
    const document = newDocument();
    await owner.register(document);
    await owner.grant(document, bobAddress);
    await owner.grant(document, carolAddress, 4_000_000_000);
    await owner.revoke(document, bobAddress);
    await owner.grant(document, carolAddress);
    await owner.grant(document, bobAddress, 4_100_000_000);
    await owner.transferOwnership(document, carolAddress);

    const grants = await reader.listGrants(document);
    assert.deepEqual(
      grants.map(({ user, expiresAt, expired }) => ({ user, expiresAt, expired })),
      [
        { user: carolAddress, expiresAt: null, expired: false },
        { user: bobAddress, expiresAt: 4_100_000_000, expired: false },
      ],
    );

    const history = await reader.documentHistory(document);
    assert.deepEqual(
      history.map((event) => {
        const { blockNumber: _b, transactionHash: _t, logIndex: _l, timestamp: _s, ...rest } = event;
        return rest;
      }),
      [
        { kind: 'registered', owner: ownerAddress },
        { kind: 'granted', user: bobAddress, expiresAt: null },
        { kind: 'granted', user: carolAddress, expiresAt: 4_000_000_000 },
        { kind: 'revoked', user: bobAddress },
        { kind: 'granted', user: carolAddress, expiresAt: null },
        { kind: 'granted', user: bobAddress, expiresAt: 4_100_000_000 },
        { kind: 'ownership-transferred', previousOwner: ownerAddress, newOwner: carolAddress },
      ],
    );
    const blocks = history.map((event) => event.blockNumber);
    assert.deepEqual(blocks, [...blocks].sort((x, y) => x - y));
    for (const event of history) assert.ok(event.timestamp > 1_600_000_000);
    // Another document's events never leak into this list.
    assert.deepEqual(await reader.listGrants(newDocument()), []);
  });

  test('answers Parity\'s raw eth_call of checkPermissions (selector 0xb36a9a7c)', async () => {
    const document = newDocument();
    await owner.register(document);
    await owner.grant(document, bobAddress);
    const rawCheck = async (user: string): Promise<string> => {
      // Exactly what a Parity key server sent: selector ‖ address (left-padded) ‖ document id.
      const data = `0xb36a9a7c${user.slice(2).toLowerCase().padStart(64, '0')}${document.slice(2)}`;
      return String(await chain.rpc('eth_call', [{ to: address, data }, 'latest']));
    };
    assert.equal(await rawCheck(bobAddress), AbiCoder.defaultAbiCoder().encode(['bool'], [true]));
    assert.equal(await rawCheck(carolAddress), AbiCoder.defaultAbiCoder().encode(['bool'], [false]));
  });

  test('a profile naming another chain id is treated as an unreachable chain', async () => {
    const wrong = permissionsContract(address, provider, { chainId: 1, rpcUrl: chain.rpcUrl });
    await assert.rejects(wrong.checkPermissions(bobAddress, newDocument()), {
      code: 'node-unreachable',
      message: `the chain at ${chain.rpcUrl} cannot be reached (it is chain ${chain.chainId}, but the network profile names chain 1)`,
    });
  });

  test('an address without the contract is a profile error, not a denial', async () => {
    const empty = permissionsContract(bobAddress, provider, { chainId: chain.chainId });
    await assert.rejects(empty.checkPermissions(bobAddress, newDocument()), { code: 'profile-invalid', message: new RegExp(`no Sealdrop permissions contract at ${bobAddress}`) });
  });

  test('changing permissions needs a signer, and malformed values never reach the chain', async () => {
    await assert.rejects(reader.register(newDocument()), { code: 'bad-argument', message: /needs a signer/ });
    await assert.rejects(reader.checkPermissions('0x1234', newDocument()), { code: 'bad-argument', message: /user address/ });
    await assert.rejects(owner.grant('0xabcd', bobAddress), { code: 'bad-argument', message: /document id/ });
    await assert.rejects(owner.grant(newDocument(), bobAddress, -5), { code: 'bad-argument', message: /expiry/ });
  });

  test('a transaction that is sent but not mined in time is a timeout that names it', async () => {
    const document = newDocument();
    await owner.register(document);
    const impatient = permissionsContract(address, new Wallet(chain.accounts[0]!.privateKey, provider), { chainId: chain.chainId, confirmTimeoutMs: 300 });
    await chain.rpc('evm_setAutomine', [false]);
    try {
      await assert.rejects(impatient.grant(document, bobAddress), { code: 'timeout', message: /^transaction 0x[0-9a-f]{64} was sent but not mined within 300 ms; it may still be mined later$/ });
    } finally {
      await chain.rpc('evm_setAutomine', [true]);
      await chain.mine();
    }
    assert.equal(await reader.checkPermissions(bobAddress, document), true, 'mined later after all');
  });

  test('a stopped chain is reported as unreachable, with its URL', async () => {
    await chain.stop();
    await assert.rejects(owner.grant(newDocument(), bobAddress), { code: 'node-unreachable', message: new RegExp(`^the chain at ${chain.rpcUrl} cannot be reached \\(`) });
    await assert.rejects(reader.checkPermissions(bobAddress, newDocument()), { code: 'node-unreachable' });
  });
});
