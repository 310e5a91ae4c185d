// The loaded key: known addresses, Parity-style signatures that recover to it, ECIES, and a secret
// that does not leak through logging or serialisation.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, test } from 'node:test';
import { identityKeyFromSecret } from '../../../src-main/domain/identity/identity-key.ts';
import { formatAddress } from '../../../src-main/domain/secretstore/math/address.ts';
import { hexFromBytes } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { recoverRequesterAddress } from '../../../src-main/domain/secretstore/math/requester-signature.ts';
import { eciesEncrypt } from '../../../src-main/domain/secretstore/parity/ecies.ts';
import { PARITY_DEV_ADDRESS, PARITY_DEV_SECRET } from './helpers.ts';

const devKey = () => identityKeyFromSecret('identity', Buffer.from(PARITY_DEV_SECRET, 'hex'), 'keychain');

describe('IdentityKey', () => {
  test("Parity's dev account secret gives its published address, EIP-55 checksummed", () => {
    const key = devKey();
    assert.equal(key.address, PARITY_DEV_ADDRESS);
    assert.equal(formatAddress(key.addressBytes), PARITY_DEV_ADDRESS.toLowerCase());
    assert.equal(key.publicKey.length, 64);
    assert.equal(key.addressBytes.length, 20);
  });

  test('signDocumentId gives 65 bytes r‖s‖v that recover to the key address', () => {
    const key = devKey();
    const documentId = randomBytes(32);
    const signature = key.signDocumentId(documentId);
    assert.equal(signature.length, 65);
    assert.ok((signature[64] ?? 9) <= 1);
    assert.deepEqual(recoverRequesterAddress(signature, documentId), key.addressBytes);
  });

  test('signDigest signs any 32-byte digest the same way and refuses other lengths', () => {
    const key = devKey();
    const digest = randomBytes(32);
    assert.deepEqual(recoverRequesterAddress(key.signDigest(digest), digest), key.addressBytes);
    assert.deepEqual(key.signDigest(digest), key.signDocumentId(digest));
    assert.throws(() => key.signDigest(randomBytes(31)), { code: 'bad-argument' });
    assert.throws(() => key.signDocumentId(randomBytes(33)), { code: 'bad-argument' });
  });

  test('decryptEcies opens an envelope made for its public key and refuses a changed one', () => {
    const key = devKey();
    const message = new TextEncoder().encode('for the identity only');
    const envelope = eciesEncrypt(key.publicKey, message);
    assert.deepEqual(new Uint8Array(key.decryptEcies(envelope)), message);
    envelope[envelope.length - 1] = (envelope[envelope.length - 1] ?? 0) ^ 1;
    assert.throws(() => key.decryptEcies(envelope), { code: 'ciphertext-tampered' });
  });

  test('exportSecret returns a copy of the secret', () => {
    const key = devKey();
    const secret = key.exportSecret();
    assert.equal(hexFromBytes(secret), PARITY_DEV_SECRET);
    secret.fill(0);
    assert.equal(hexFromBytes(key.exportSecret()), PARITY_DEV_SECRET);
  });

  test('the secret shows neither in JSON nor in util.inspect', () => {
    const key = devKey();
    assert.ok(!JSON.stringify(key).includes(PARITY_DEV_SECRET));
    assert.ok(!inspect(key, { depth: 10, showHidden: true }).includes(PARITY_DEV_SECRET));
    const bytes = inspect(key, { depth: 10, showHidden: true, maxArrayLength: 1000 });
    assert.ok(!bytes.includes(Array.from(Buffer.from(PARITY_DEV_SECRET, 'hex').subarray(0, 8)).join(', ')));
  });

  test('a secret that is not a valid scalar is refused as key-invalid', () => {
    assert.throws(() => identityKeyFromSecret('identity', new Uint8Array(32), 'keychain'), { code: 'key-invalid' });
    assert.throws(() => identityKeyFromSecret('identity', new Uint8Array(31).fill(1), 'keychain'), { code: 'key-invalid' });
  });
});
