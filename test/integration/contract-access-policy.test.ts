// The contract ACL backend a key server node consults before every retrieval (issue 4), against a
// real local EVM chain: allowed and denied with reasons for the audit log, changes that take effect
// at the next block, a document registered by someone other than the key's author, a Parity-style
// contract, and failing closed ('node-unreachable', "chain unreachable: …") when the chain is silent,
// wrong or gone.
import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { ContractFactory, Wallet, type JsonRpcProvider } from 'ethers';
import solc from 'solc';
import { chainProvider } from '../../src-main/domain/secretstore/acl/contract/chain-connection.ts';
import { ContractAccessPolicy } from '../../src-main/domain/secretstore/acl/contract/contract-access-policy.ts';
import { deployPermissions, permissionsContract, type PermissionsContract } from '../../src-main/domain/secretstore/acl/contract/permissions-contract.ts';
import { startChain, type TestChain } from '../support/chain.ts';

/** A minimal Parity-style ACL contract: checkPermissions and nothing of Sealdrop's (no registrantOf). */
const PARITY_STYLE_SOURCE = `// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;
contract ParityStyleAcl {
    mapping(address => mapping(bytes32 => bool)) private allowed;
    function allow(address user, bytes32 document) external { allowed[user][document] = true; }
    function checkPermissions(address user, bytes32 document) external view returns (bool) { return allowed[user][document]; }
}`;

function compileParityStyle(): { abi: unknown[]; bytecode: string } {
  const input = { language: 'Solidity', sources: { 'ParityStyleAcl.sol': { content: PARITY_STYLE_SOURCE } }, settings: { evmVersion: 'paris', outputSelection: { '*': { '*': ['abi', 'evm.bytecode.object'] } } } };
  const output = JSON.parse(solc.compile(JSON.stringify(input)));
  const compiled = output.contracts['ParityStyleAcl.sol'].ParityStyleAcl;
  return { abi: compiled.abi, bytecode: `0x${compiled.evm.bytecode.object}` };
}

const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex.slice(2), 'hex'));

let counter = 0;
function newDocument(): string {
  counter += 1;
  return `0x${counter.toString(16).padStart(8, '0')}${'ac1'.padEnd(56, '0')}`;
}

describe('ContractAccessPolicy on a local chain', () => {
  let chain: TestChain;
  let provider: JsonRpcProvider;
  let address: string;
  let author: PermissionsContract;
  let mallory: PermissionsContract;
  let authorAddress: string;
  let bobAddress: string;
  let malloryAddress: string;
  let policy: ContractAccessPolicy;
  let place: string;

  /** Asks the policy as a node would: raw 20-byte requester and author, 32-byte document id. */
  const ask = (requester: string, document: string, keyAuthor = authorAddress) => policy.mayRetrieve(bytes(requester), bytes(document), bytes(keyAuthor));

  before(async () => {
    chain = await startChain();
    provider = chainProvider(chain.rpcUrl, chain.chainId);
    const [a, b, m] = chain.accounts;
    assert.ok(a && b && m);
    [authorAddress, bobAddress, malloryAddress] = [a.address, b.address, m.address];
    address = await deployPermissions(new Wallet(a.privateKey, provider));
    author = permissionsContract(address, new Wallet(a.privateKey, provider));
    mallory = permissionsContract(address, new Wallet(m.privateKey, provider));
    // As a node builds it from its profile: { type: "contract", rpcUrl, address, chainId }.
    policy = new ContractAccessPolicy({ rpcUrl: chain.rpcUrl, address: bytes(address), chainId: chain.chainId });
    place = `on chain ${chain.chainId} (contract ${address})`;
  });

  after(async () => {
    policy?.close();
    provider?.destroy();
    await chain?.stop();
  });

  test('lets in the owner and granted users, refuses others, with reasons for the audit log', async () => {
    const document = newDocument();
    assert.deepEqual(await ask(bobAddress, document), { allowed: false, reason: `not registered ${place}` });
    await author.register(document);
    assert.deepEqual(await ask(authorAddress, document), { allowed: true, reason: `granted ${place}` });
    assert.deepEqual(await ask(bobAddress, document), { allowed: false, reason: `not granted ${place}` });
    await author.grant(document, bobAddress);
    assert.deepEqual(await ask(bobAddress, document), { allowed: true, reason: `granted ${place}` });
    await author.revoke(document, bobAddress);
    assert.deepEqual(await ask(bobAddress, document), { allowed: false, reason: `not granted ${place}` }, 'a revocation counts from the next block');
  });

  test('a grant with an expiry lets in until the chain\'s clock reaches it', async () => {
    const document = newDocument();
    await author.register(document);
    await author.grant(document, bobAddress, (await chain.latestTimestamp()) - 1);
    assert.equal((await ask(bobAddress, document)).allowed, false, 'an expiry in the past grants nothing');
    await author.grant(document, bobAddress, (await chain.latestTimestamp()) + 600);
    assert.equal((await ask(bobAddress, document)).allowed, true);
    await chain.increaseTime(601);
    assert.deepEqual(await ask(bobAddress, document), { allowed: false, reason: `not granted ${place}` });
  });

  test('refuses everyone when the document was registered by someone other than the key\'s author', async () => {
    // Mallory saw the document id before its author registered it, registered it and granted herself.
    const document = newDocument();
    await mallory.register(document);
    await mallory.grant(document, bobAddress);
    assert.equal(await mallory.checkPermissions(malloryAddress, document), true, 'the contract alone would let her in');
    const refusal = { allowed: false, reason: `registered ${place} by ${malloryAddress}, not by the key's author ${authorAddress}; nobody may open it through this registration` };
    assert.deepEqual(await ask(malloryAddress, document), refusal);
    assert.deepEqual(await ask(bobAddress, document), refusal);
    assert.deepEqual(await ask(authorAddress, document), refusal);
  });

  test('after a transfer the new owner is let in, and the author is not unless granted', async () => {
    const document = newDocument();
    await author.register(document);
    await author.transferOwnership(document, bobAddress);
    assert.deepEqual(await ask(bobAddress, document), { allowed: true, reason: `granted ${place}` });
    assert.deepEqual(await ask(authorAddress, document), { allowed: false, reason: `not granted ${place}` });
  });

  test('a Parity-style contract (checkPermissions only) is decided by checkPermissions', async () => {
    const { abi, bytecode } = compileParityStyle();
    const deployer = new Wallet(chain.accounts[3]!.privateKey, provider);
    const parity = await new ContractFactory(abi as never, bytecode, deployer).deploy();
    await parity.waitForDeployment();
    const parityAddress = await parity.getAddress();
    const document = newDocument();
    await (await parity.getFunction('allow')(bobAddress, document)).wait(1);
    const parityPolicy = new ContractAccessPolicy({ rpcUrl: chain.rpcUrl, address: parityAddress, chainId: chain.chainId });
    try {
      const parityPlace = `on chain ${chain.chainId} (contract ${parityAddress})`;
      assert.deepEqual(await parityPolicy.mayRetrieve(bytes(bobAddress), bytes(document), bytes(authorAddress)), { allowed: true, reason: `granted ${parityPlace}` });
      assert.deepEqual(await parityPolicy.mayRetrieve(bytes(malloryAddress), bytes(document), bytes(authorAddress)), { allowed: false, reason: `not granted ${parityPlace}` });
    } finally {
      parityPolicy.close();
    }
  });

  test('fails closed when the profile names another chain', async () => {
    const wrong = new ContractAccessPolicy({ rpcUrl: chain.rpcUrl, address, chainId: 1 });
    try {
      await assert.rejects(wrong.mayRetrieve(bytes(authorAddress), bytes(newDocument()), bytes(authorAddress)), {
        code: 'node-unreachable',
        message: `chain unreachable: the chain at ${chain.rpcUrl} cannot be reached (it is chain ${chain.chainId}, but the network profile names chain 1)`,
      });
    } finally {
      wrong.close();
    }
  });

  test('fails closed, within its time limit, when the chain accepts connections but never answers', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => sockets.add(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as { port: number }).port;
    const silentPolicy = new ContractAccessPolicy({ rpcUrl: `http://127.0.0.1:${port}`, address, chainId: chain.chainId }, { timeoutMs: 400 });
    try {
      const started = performance.now();
      await assert.rejects(silentPolicy.mayRetrieve(bytes(authorAddress), bytes(newDocument()), bytes(authorAddress)), { code: 'node-unreachable', message: /^chain unreachable: the chain at http:\/\/127\.0\.0\.1:\d+ cannot be reached \(/ });
      assert.ok(performance.now() - started < 3000, 'the time limit holds');
    } finally {
      silentPolicy.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  test('fails closed when the chain is gone, and the chain leaves no process behind', async () => {
    const document = newDocument();
    await author.register(document);
    assert.equal((await ask(authorAddress, document)).allowed, true);
    await chain.stop();
    assert.throws(() => process.kill(chain.pid, 0), { code: 'ESRCH' }, 'the hardhat process has exited');
    await assert.rejects(ask(authorAddress, document), (error: Error & { code?: string }) => {
      assert.equal(error.code, 'node-unreachable');
      assert.match(error.message, new RegExp(`^chain unreachable: the chain at ${chain.rpcUrl} cannot be reached \\(.*ECONNREFUSED`));
      return true;
    });
  });
});
