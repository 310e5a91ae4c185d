// Values for the permissioning contract are checked before anything reaches the chain.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chainAddress, documentHex, expiryFromChain, expiryValue, isZeroAddress } from '../../../src-main/domain/secretstore/acl/contract/chain-values.ts';

const CHECKSUMMED = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

describe('contract values', () => {
  test('an address is accepted as 20 bytes or hex in any single case, and comes back checksummed', () => {
    assert.equal(chainAddress(CHECKSUMMED.toLowerCase()), CHECKSUMMED);
    assert.equal(chainAddress(`0x${CHECKSUMMED.slice(2).toUpperCase()}`), CHECKSUMMED);
    assert.equal(chainAddress(Uint8Array.from(Buffer.from(CHECKSUMMED.slice(2), 'hex'))), CHECKSUMMED);
  });

  test('rejects an address with a broken checksum, a wrong length or no 0x', () => {
    const typo = `${CHECKSUMMED.slice(0, 5)}f${CHECKSUMMED.slice(6)}`; // "F" at 5 flipped to lowercase
    assert.throws(() => chainAddress(typo, 'user address'), { code: 'bad-argument', message: /user address .* wrong checksum/ });
    assert.throws(() => chainAddress(new Uint8Array(19)), { code: 'bad-argument' });
    assert.throws(() => chainAddress(CHECKSUMMED.slice(2)), { code: 'bad-argument' });
  });

  test('a document id is 32 bytes or 0x + 64 hex digits, normalized to lowercase', () => {
    assert.equal(documentHex(new Uint8Array(32).fill(0xab)), `0x${'ab'.repeat(32)}`);
    assert.equal(documentHex(`0x${'AB'.repeat(32)}`), `0x${'ab'.repeat(32)}`);
    assert.throws(() => documentHex(new Uint8Array(31)), { code: 'bad-argument' });
    assert.throws(() => documentHex('0x1234'), { code: 'bad-argument' });
  });

  test('an expiry is unix seconds, a Date or nothing (never)', () => {
    assert.equal(expiryValue(undefined), 0n);
    assert.equal(expiryValue(null), 0n);
    assert.equal(expiryValue(0), 0n);
    assert.equal(expiryValue(1_800_000_000), 1_800_000_000n);
    assert.equal(expiryValue(new Date('2030-01-01T00:00:00.900Z')), 1_893_456_000n);
    assert.throws(() => expiryValue(-1), { code: 'bad-argument' });
    assert.throws(() => expiryValue(1.5), { code: 'bad-argument' });
    assert.throws(() => expiryValue(Number.NaN), { code: 'bad-argument' });
    assert.equal(expiryFromChain(0n), null);
    assert.equal(expiryFromChain(1_800_000_000n), 1_800_000_000);
  });

  test('knows the zero address', () => {
    assert.equal(isZeroAddress(`0x${'0'.repeat(40)}`), true);
    assert.equal(isZeroAddress(CHECKSUMMED), false);
  });
});
