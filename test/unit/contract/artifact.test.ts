// The checked-in contract artifact (assets/SealdropPermissions.json) is exactly what the solc npm
// package makes of contracts/SealdropPermissions.sol today (issue 4, test 5), and it keeps Parity's
// checkPermissions(address,bytes32) with selector 0xb36a9a7c.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { Interface } from 'ethers';
import { ARTIFACT_PATH, compileArtifactText, COMPILER_SETTINGS } from '../../../scripts/compile-contract.ts';
import { CHECK_PERMISSIONS_SIGNATURE, functionSelector } from '../../../src-main/domain/secretstore/parity/abi-selector.ts';
import { PERMISSIONS_ABI, PERMISSIONS_BYTECODE } from '../../../src-main/domain/secretstore/acl/contract/permissions-artifact.ts';

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;

describe('permissions contract artifact', () => {
  test('equals a fresh compile of the source, byte for byte', async () => {
    const started = performance.now();
    const fresh = await compileArtifactText();
    const compileMs = performance.now() - started;
    const checkedIn = await readFile(ARTIFACT_PATH, 'utf8');
    assert.equal(checkedIn, fresh, 'assets/SealdropPermissions.json is stale: run `node scripts/compile-contract.ts` and commit it');
    // Compiling must stay cheap enough to run on every test run.
    assert.ok(compileMs < 5000, `compiling took ${Math.round(compileMs)} ms`);
  });

  test('records the compiler settings and the source hash', async () => {
    const artifact = JSON.parse(await readFile(ARTIFACT_PATH, 'utf8'));
    assert.equal(artifact.contractName, 'SealdropPermissions');
    assert.match(artifact.compiler.version, /^0\.8\.\d+\+commit\.[0-9a-f]+/);
    assert.deepEqual(artifact.compiler.settings, JSON.parse(JSON.stringify(COMPILER_SETTINGS)));
    const { createHash } = await import('node:crypto');
    const source = await readFile(new URL('../../../contracts/SealdropPermissions.sol', import.meta.url));
    assert.equal(artifact.sourceSha256, createHash('sha256').update(source).digest('hex'));
    assert.equal(PERMISSIONS_BYTECODE, artifact.bytecode);
    assert.match(artifact.deployedBytecode, /^0x[0-9a-f]+$/);
  });

  test('has Parity\'s checkPermissions(address,bytes32) returning bool, selector 0xb36a9a7c', () => {
    const iface = new Interface(PERMISSIONS_ABI);
    const fragment = iface.getFunction('checkPermissions');
    assert.ok(fragment);
    assert.equal(fragment.format('sighash'), CHECK_PERMISSIONS_SIGNATURE);
    assert.equal(fragment.selector, '0xb36a9a7c');
    assert.equal(fragment.selector, hex(functionSelector(CHECK_PERMISSIONS_SIGNATURE)));
    assert.equal(fragment.stateMutability, 'view');
    assert.deepEqual(fragment.outputs.map((o) => o.type), ['bool']);
  });

  test('declares the functions, events and errors clients rely on', () => {
    const iface = new Interface(PERMISSIONS_ABI);
    const functions: string[] = [];
    iface.forEachFunction((f) => functions.push(f.format('sighash')));
    assert.deepEqual(functions.sort(), [
      'accessOf(bytes32,address)',
      'checkPermissions(address,bytes32)',
      'grant(bytes32,address,uint64)',
      'ownerOf(bytes32)',
      'register(bytes32)',
      'registrantOf(bytes32)',
      'revoke(bytes32,address)',
      'transferOwnership(bytes32,address)',
    ]);
    const events: string[] = [];
    iface.forEachEvent((e) => events.push(e.format('full')));
    assert.deepEqual(events.sort(), [
      'event AccessGranted(bytes32 indexed document, address indexed user, uint64 expiresAt)',
      'event AccessRevoked(bytes32 indexed document, address indexed user)',
      'event DocumentRegistered(bytes32 indexed document, address indexed owner)',
      'event OwnershipTransferred(bytes32 indexed document, address indexed previousOwner, address indexed newOwner)',
    ]);
    const errors: string[] = [];
    iface.forEachError((e) => errors.push(e.format('sighash')));
    assert.deepEqual(errors.sort(), ['AlreadyRegistered(bytes32)', 'NotOwner(bytes32,address)', 'NotRegistered(bytes32)', 'ZeroAddress()']);
  });
});
