// A failed call on the permissioning contract becomes an error a person can act on.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { PERMISSIONS_INTERFACE } from '../../../src-main/domain/secretstore/acl/contract/permissions-artifact.ts';
import { permissionsError, revertData, type CallContext } from '../../../src-main/domain/secretstore/acl/contract/permissions-errors.ts';

const DOCUMENT = `0x${'11'.repeat(32)}`;
const OWNER = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';
const CALLER = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const CONTRACT = '0x5FbDB2315678afecb367f032d93F642f64180aa3';

function context(caller: string | null = CALLER, owner = OWNER): CallContext {
  return { rpcUrl: 'http://127.0.0.1:8545', chainId: 31337, contract: CONTRACT, caller, ownerOf: async () => owner };
}

/** What ethers 6 throws when estimateGas hits a custom error (the shape seen against Hardhat). */
function callException(name: string, args: unknown[]): Error {
  const data = PERMISSIONS_INTERFACE.encodeErrorResult(name, args);
  return Object.assign(new Error('execution reverted (unknown custom error)'), { code: 'CALL_EXCEPTION', data, revert: null, shortMessage: 'execution reverted (unknown custom error)' });
}

describe('permissions contract errors', () => {
  test('NotOwner names the owner and the caller', async () => {
    const error = await permissionsError(callException('NotOwner', [DOCUMENT, CALLER]), context());
    assert.equal(error.code, 'access-denied');
    assert.equal(error.message, `only the document's owner (${OWNER}) can change who may open it; you are ${CALLER}`);
  });

  test('AlreadyRegistered is a denial when someone else owns it, a bad argument when you do', async () => {
    const byOther = await permissionsError(callException('AlreadyRegistered', [DOCUMENT]), context());
    assert.equal(byOther.code, 'access-denied');
    assert.match(byOther.message, new RegExp(`already registered on chain 31337 \\(contract ${CONTRACT}\\) by ${OWNER}, who owns it; you are ${CALLER}`));
    const byYou = await permissionsError(callException('AlreadyRegistered', [DOCUMENT]), context(OWNER));
    assert.equal(byYou.code, 'bad-argument');
    assert.match(byYou.message, /already registered .* by you$/);
  });

  test('NotRegistered and ZeroAddress are bad arguments', async () => {
    const missing = await permissionsError(callException('NotRegistered', [DOCUMENT]), context());
    assert.equal(missing.code, 'bad-argument');
    assert.match(missing.message, /is not registered on chain 31337/);
    const zero = await permissionsError(callException('ZeroAddress', []), context());
    assert.equal(zero.code, 'bad-argument');
  });

  test('finds revert data nested the way JSON-RPC providers nest it', () => {
    const data = PERMISSIONS_INTERFACE.encodeErrorResult('NotRegistered', [DOCUMENT]);
    assert.equal(revertData({ info: { error: { data: { data } } } }), data);
    assert.equal(revertData({ error: { error: { data } } }), data);
    assert.equal(revertData(new Error('no data')), null);
  });

  test('a refused connection or a timeout means the chain cannot be reached', async () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:8545'), { code: 'ECONNREFUSED' });
    const error = await permissionsError(refused, context());
    assert.equal(error.code, 'node-unreachable');
    assert.equal(error.message, 'the chain at http://127.0.0.1:8545 cannot be reached (connect ECONNREFUSED 127.0.0.1:8545)');
    const timeout = Object.assign(new Error('request timeout'), { code: 'TIMEOUT', shortMessage: 'request timeout' });
    assert.match((await permissionsError(timeout, context())).message, /cannot be reached \(no answer in time\)/);
  });

  test('an empty answer means there is no such contract at the address', async () => {
    const empty = Object.assign(new Error('could not decode result data'), { code: 'BAD_DATA', value: '0x' });
    const error = await permissionsError(empty, context());
    assert.equal(error.code, 'profile-invalid');
    assert.match(error.message, new RegExp(`no Sealdrop permissions contract at ${CONTRACT}`));
  });

  test('a revert the contract does not declare is reported, not swallowed', async () => {
    const unknown = Object.assign(new Error('execution reverted'), { code: 'CALL_EXCEPTION', data: '0xdeadbeef' });
    const error = await permissionsError(unknown, context());
    assert.ok(isSealdropError(error, 'internal'));
    assert.match(error.message, /refused the call/);
  });
});
