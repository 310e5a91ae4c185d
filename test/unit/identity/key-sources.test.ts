// Import sources: hex private keys, BIP-39 mnemonics and JSON keystores, with known answers, and
// errors that never repeat the secret input.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { encryptKeystoreJson } from 'ethers';
import { identityKeyFromSecret } from '../../../src-main/domain/identity/identity-key.ts';
import { secretFromMnemonic, secretFromPrivateKeyHex } from '../../../src-main/domain/identity/key-sources.ts';
import { decryptKeystore, encryptKeystore, keystoreAddress } from '../../../src-main/domain/identity/keystore-json.ts';
import { hexFromBytes } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { PARITY_DEV_ADDRESS, PARITY_DEV_SECRET, TEST_MNEMONIC, TEST_MNEMONIC_ADDRESS_0, TEST_MNEMONIC_ADDRESS_1, TEST_SCRYPT } from './helpers.ts';

const addressOf = (secret: Uint8Array) => identityKeyFromSecret('identity', secret, 'keychain').address;

/** Asserts `fn` throws a SealdropError with `code` whose message does not contain `secret`. */
function assertThrowsWithout(fn: () => unknown, code: string, secret: string): void {
  assert.throws(fn, (error: Error & { code?: string }) => {
    assert.equal(error.code, code);
    assert.ok(!error.message.includes(secret), `the message repeats the input: ${error.message}`);
    return true;
  });
}

describe('private key import', () => {
  test('accepts 64 hex characters, with or without 0x, either case, around whitespace', () => {
    for (const text of [PARITY_DEV_SECRET, `0x${PARITY_DEV_SECRET}\n`, `  ${PARITY_DEV_SECRET.toUpperCase()}  `]) {
      assert.equal(hexFromBytes(secretFromPrivateKeyHex(text)), PARITY_DEV_SECRET);
    }
    assert.equal(addressOf(secretFromPrivateKeyHex(PARITY_DEV_SECRET)), PARITY_DEV_ADDRESS);
  });

  test('refuses wrong lengths, non-hex and out-of-range scalars without echoing them', () => {
    assertThrowsWithout(() => secretFromPrivateKeyHex(PARITY_DEV_SECRET.slice(2)), 'key-invalid', PARITY_DEV_SECRET.slice(2));
    assertThrowsWithout(() => secretFromPrivateKeyHex(`${PARITY_DEV_SECRET.slice(1)}g`), 'key-invalid', PARITY_DEV_SECRET.slice(1));
    assert.throws(() => secretFromPrivateKeyHex('00'.repeat(32)), { code: 'key-invalid' });
    assert.throws(() => secretFromPrivateKeyHex('ff'.repeat(32)), { code: 'key-invalid' });
  });
});

describe('mnemonic import', () => {
  test('the test mnemonic gives its well-known first account on the default path', () => {
    assert.equal(addressOf(secretFromMnemonic(TEST_MNEMONIC)), TEST_MNEMONIC_ADDRESS_0);
  });

  test('another derivation path gives another account; extra whitespace is ignored', () => {
    assert.equal(addressOf(secretFromMnemonic(`  ${TEST_MNEMONIC.replaceAll(' ', '\n  ')}\n`, "m/44'/60'/0'/0/1")), TEST_MNEMONIC_ADDRESS_1);
  });

  test('a wrong word or checksum is key-invalid and the message holds none of the words', () => {
    assertThrowsWithout(() => secretFromMnemonic(TEST_MNEMONIC.replace('junk', 'test')), 'key-invalid', 'test test');
    assertThrowsWithout(() => secretFromMnemonic('correct horse battery staple'), 'key-invalid', 'horse');
  });

  test('a malformed derivation path is a bad argument', () => {
    assert.throws(() => secretFromMnemonic(TEST_MNEMONIC, 'not/a/path'), { code: 'bad-argument' });
  });
});

describe('JSON keystores', () => {
  test('round-trips a secret with the given scrypt cost and names its address', async () => {
    const secret = Buffer.from(PARITY_DEV_SECRET, 'hex');
    const json = await encryptKeystore(secret, 'pass', TEST_SCRYPT);
    assert.equal(JSON.parse(json).Crypto.kdfparams.n, TEST_SCRYPT.N);
    assert.ok(!json.includes(PARITY_DEV_SECRET));
    assert.equal(keystoreAddress(json), PARITY_DEV_ADDRESS);
    assert.equal(hexFromBytes(await decryptKeystore(json, 'pass')), PARITY_DEV_SECRET);
  });

  test('ethers writes the default scrypt cost (2^17) when none is given', async () => {
    const json = await encryptKeystore(Buffer.from(PARITY_DEV_SECRET, 'hex'), 'pass');
    assert.equal(JSON.parse(json).Crypto.kdfparams.n, 2 ** 17);
  });

  test('a wrong passphrase is wrong-passphrase', async () => {
    const json = await encryptKeystore(Buffer.from(PARITY_DEV_SECRET, 'hex'), 'pass', TEST_SCRYPT);
    await assert.rejects(decryptKeystore(json, 'Pass'), { code: 'wrong-passphrase' });
  });

  test('opens a keystore made by ethers itself (lowercase "crypto" key accepted too)', async () => {
    const made = await encryptKeystoreJson({ address: PARITY_DEV_ADDRESS, privateKey: `0x${PARITY_DEV_SECRET}` }, 'pw', { scrypt: { N: 1024 } });
    const lowercase = made.replace('"Crypto"', '"crypto"');
    for (const json of [made, lowercase]) assert.equal(hexFromBytes(await decryptKeystore(json, 'pw')), PARITY_DEV_SECRET);
  });

  test('refuses a keystore whose scrypt cost is a denial of service, before deriving anything', async () => {
    const json = JSON.parse(await encryptKeystore(Buffer.from(PARITY_DEV_SECRET, 'hex'), 'pass', TEST_SCRYPT));
    json.Crypto.kdfparams.n = 2 ** 22;
    await assert.rejects(decryptKeystore(JSON.stringify(json), 'pass'), { code: 'work-factor-too-high' });
    json.Crypto.kdfparams.n = 1024;
    json.Crypto.kdfparams.p = 1000;
    await assert.rejects(decryptKeystore(JSON.stringify(json), 'pass'), { code: 'work-factor-too-high' });
  });

  test('anything that is not a version-3 keystore is key-invalid', async () => {
    await assert.rejects(decryptKeystore('{"version":1}', 'pass'), { code: 'key-invalid' });
    await assert.rejects(decryptKeystore('not json', 'pass'), { code: 'key-invalid' });
    const json = JSON.parse(await encryptKeystore(Buffer.from(PARITY_DEV_SECRET, 'hex'), 'pass', TEST_SCRYPT));
    json.Crypto.kdf = 'argon9';
    await assert.rejects(decryptKeystore(JSON.stringify(json), 'pass'), { code: 'key-invalid' });
  });
});
