// The key vault over a fake keychain and real temporary folders: where secrets go, what is written,
// imports of every kind, backups, replacing, and every refusal.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { SealdropError } from '../../../src-shared/errors.ts';
import { KEYCHAIN_SERVICE } from '../../../src-main/domain/identity/keychain.ts';
import { IDENTITY_KEY_NAME, keystorePath, metadataPath, nodeKeyName } from '../../../src-main/domain/identity/key-files.ts';
import { encryptKeystore } from '../../../src-main/domain/identity/keystore-json.ts';
import { hexFromBytes } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { recoverRequesterAddress } from '../../../src-main/domain/secretstore/math/requester-signature.ts';
import { MemoryKeychain } from '../../support/memory-keychain.ts';
import { withTempDir } from '../../support/temp.ts';
import {
  PARITY_DEV_ADDRESS,
  PARITY_DEV_SECRET,
  TEST_MNEMONIC,
  TEST_MNEMONIC_ADDRESS_0,
  TEST_MNEMONIC_ADDRESS_1,
  TEST_SCRYPT,
  TEST_TIME,
  filesContainingSecret,
  filesUnder,
  testVault,
} from './helpers.ts';

const ID = IDENTITY_KEY_NAME;

describe('key vault: the OS keychain', () => {
  test('create puts the secret in the keychain under "<name>:<address>" and only metadata on disk', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { vault, asked } = testVault(dir, keychain);
      const { key, info, keychainUnavailable } = await vault.create(ID);
      assert.equal(keychainUnavailable, null);
      assert.equal(info.storage, 'keychain');
      assert.deepEqual(info.keychain, { service: KEYCHAIN_SERVICE, account: `identity:${key.address}` });
      assert.deepEqual(keychain.accounts(KEYCHAIN_SERVICE), [`identity:${key.address}`]);
      assert.equal(asked.length, 0, 'no passphrase is needed with a keychain');
      const secretHex = hexFromBytes(key.exportSecret());
      assert.equal(await keychain.get(KEYCHAIN_SERVICE, `identity:${key.address}`), secretHex);
      assert.deepEqual(await readdir(join(dir, 'keys')), ['identity.json']);
      assert.deepEqual(JSON.parse(await readFile(metadataPath(dir, ID), 'utf8')), {
        sealdropKey: 1,
        name: 'identity',
        address: key.address,
        publicKey: `0x${hexFromBytes(key.publicKey)}`,
        storage: 'keychain',
        createdAt: TEST_TIME.toISOString(),
      });
      assert.deepEqual(await filesContainingSecret(dir, secretHex), []);
    }));

  test('load gives back the same key, which signs for its address', () =>
    withTempDir(async (dir) => {
      const { vault } = testVault(dir, new MemoryKeychain());
      const { key } = await vault.create(ID);
      const loaded = await vault.load(ID);
      assert.equal(loaded.address, key.address);
      assert.equal(loaded.storage, 'keychain');
      const documentId = randomBytes(32);
      assert.deepEqual(recoverRequesterAddress(loaded.signDocumentId(documentId), documentId), key.addressBytes);
    }));

  test('show reads the metadata without touching the keychain', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { key } = await testVault(dir, keychain).vault.create(ID);
      keychain.failure = new SealdropError('keychain-unavailable', 'gone');
      const info = await testVault(dir, keychain).vault.show(ID);
      assert.equal(info.address, key.address);
      assert.equal(info.createdAt, TEST_TIME.toISOString());
      assert.equal(info.file, metadataPath(dir, ID));
    }));

  test('a key whose keychain entry vanished is identity-not-found; an unreachable keychain says so', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { vault } = testVault(dir, keychain);
      await vault.create(ID);
      keychain.failure = new SealdropError('keychain-unavailable', 'The OS keychain cannot be reached (test).');
      await assert.rejects(vault.load(ID), { code: 'keychain-unavailable' });
      await assert.rejects(testVault(dir, null).vault.load(ID), { code: 'keychain-unavailable' });
      keychain.failure = null;
      keychain.entries.clear();
      await assert.rejects(vault.load(ID), { code: 'identity-not-found' });
    }));

  test('a keychain secret that does not match the metadata is storage-tampered', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { vault } = testVault(dir, keychain);
      const { key } = await vault.create(ID);
      await keychain.set(KEYCHAIN_SERVICE, `identity:${key.address}`, PARITY_DEV_SECRET);
      await assert.rejects(vault.load(ID), { code: 'storage-tampered' });
      await keychain.set(KEYCHAIN_SERVICE, `identity:${key.address}`, 'not hex');
      await assert.rejects(vault.load(ID), { code: 'storage-tampered' });
    }));
});

describe('key vault: the keystore file', () => {
  test('falls back to a keystore file when the keychain cannot be reached, and says why', () =>
    withTempDir(async (dir) => {
      const { vault, asked } = testVault(dir, MemoryKeychain.unreachable(), { protect: 'correct horse', unlock: 'correct horse' });
      const { key, info, keychainUnavailable } = await vault.create(ID);
      assert.match(keychainUnavailable ?? '', /cannot be reached/);
      assert.equal(info.storage, 'keystore');
      assert.equal(info.keystoreFile, keystorePath(dir, ID));
      assert.equal(info.keychain, null);
      assert.deepEqual(asked, [{ purpose: 'protect', name: ID, address: key.address }]);
      const keystore = JSON.parse(await readFile(keystorePath(dir, ID), 'utf8'));
      assert.equal(keystore.Crypto.kdfparams.n, TEST_SCRYPT.N);
      assert.equal((await vault.load(ID)).address, key.address);
      assert.equal(asked.at(-1)?.purpose, 'unlock');
      assert.deepEqual(await filesContainingSecret(dir, hexFromBytes(key.exportSecret())), []);
    }));

  test('with no keychain at all, and when asked to, keys go to a keystore file', () =>
    withTempDir(async (dir) => {
      const answers = { protect: 'pw', unlock: 'pw' };
      const noKeychain = await testVault(join(dir, 'a'), null, answers).vault.create(ID);
      assert.equal(noKeychain.info.storage, 'keystore');
      assert.equal(noKeychain.keychainUnavailable, null);
      const keychain = new MemoryKeychain();
      const forced = await testVault(join(dir, 'b'), keychain, answers).vault.create(ID, { storage: 'keystore' });
      assert.equal(forced.info.storage, 'keystore');
      assert.equal(keychain.entries.size, 0);
    }));

  test('a wrong passphrase is wrong-passphrase', () =>
    withTempDir(async (dir) => {
      await testVault(dir, null, { protect: 'right' }).vault.create(ID);
      await assert.rejects(testVault(dir, null, { unlock: 'wrong' }).vault.load(ID), { code: 'wrong-passphrase' });
    }));

  test('without a passphrase nothing is written; an empty new passphrase is refused', () =>
    withTempDir(async (dir) => {
      await assert.rejects(testVault(dir, null).vault.create(ID), (error: SealdropError) => {
        assert.equal(error.code, 'bad-argument');
        assert.match(error.message, /passphrase is needed/);
        return true;
      });
      await assert.rejects(testVault(dir, null, { protect: '' }).vault.create(ID), { code: 'bad-argument' });
      assert.deepEqual(await filesUnder(dir), []);
    }));

  test('a missing keystore file is identity-not-found', () =>
    withTempDir(async (dir) => {
      const { vault } = testVault(dir, null, { protect: 'pw', unlock: 'pw' });
      await vault.create(ID);
      await writeFile(keystorePath(dir, ID), '');
      await assert.rejects(vault.load(ID), { code: 'key-invalid' });
      await vault.delete(ID);
      await assert.rejects(vault.load(ID), { code: 'identity-not-found' });
    }));

  test('a keystore file swapped for another key is storage-tampered', () =>
    withTempDir(async (dir) => {
      const { vault } = testVault(dir, null, { protect: 'pw', unlock: 'pw' });
      await vault.create(ID);
      await writeFile(keystorePath(dir, ID), await encryptKeystore(Buffer.from(PARITY_DEV_SECRET, 'hex'), 'pw', TEST_SCRYPT));
      await assert.rejects(vault.load(ID), { code: 'storage-tampered' });
    }));

  test('the keys folder is 700 and every file in it 600', () =>
    withTempDir(async (dir) => {
      await testVault(dir, null, { protect: 'pw' }).vault.create(ID);
      await testVault(dir, new MemoryKeychain()).vault.create(nodeKeyName('a'));
      assert.equal((await stat(join(dir, 'keys'))).mode & 0o777, 0o700);
      const files = await readdir(join(dir, 'keys'));
      assert.deepEqual(files.sort(), ['identity.json', 'identity.keystore.json', 'node-a.json']);
      for (const file of files) assert.equal((await stat(join(dir, 'keys', file))).mode & 0o777, 0o600, file);
    }));
});

describe('key vault: imports', () => {
  test('a hex private key: Parity’s dev account', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { key } = await testVault(dir, keychain).vault.import(ID, { kind: 'private-key', text: `0x${PARITY_DEV_SECRET}\n` });
      assert.equal(key.address, PARITY_DEV_ADDRESS);
      assert.equal(await keychain.get(KEYCHAIN_SERVICE, `identity:${PARITY_DEV_ADDRESS}`), PARITY_DEV_SECRET);
      assert.equal((await testVault(dir, keychain).vault.load(ID)).address, PARITY_DEV_ADDRESS);
    }));

  test('a mnemonic, on the default path and on another one', () =>
    withTempDir(async (dir) => {
      const { vault } = testVault(dir, new MemoryKeychain());
      assert.equal((await vault.import(ID, { kind: 'mnemonic', phrase: TEST_MNEMONIC })).key.address, TEST_MNEMONIC_ADDRESS_0);
      const other = await vault.import(nodeKeyName('one'), { kind: 'mnemonic', phrase: TEST_MNEMONIC, path: "m/44'/60'/0'/0/1" });
      assert.equal(other.key.address, TEST_MNEMONIC_ADDRESS_1);
    }));

  test('a keystore with its passphrase; a wrong one is wrong-passphrase and stores nothing', () =>
    withTempDir(async (dir) => {
      const json = await encryptKeystore(Buffer.from(PARITY_DEV_SECRET, 'hex'), 'old pass', TEST_SCRYPT);
      await assert.rejects(testVault(dir, new MemoryKeychain(), { import: 'nope' }).vault.import(ID, { kind: 'keystore', json }), { code: 'wrong-passphrase' });
      assert.deepEqual(await filesUnder(dir), []);
      const { vault, asked } = testVault(dir, new MemoryKeychain(), { import: 'old pass' });
      assert.equal((await vault.import(ID, { kind: 'keystore', json })).key.address, PARITY_DEV_ADDRESS);
      assert.deepEqual(asked, [{ purpose: 'import', name: ID, address: null }]);
    }));

  test('export gives an encrypted backup that imports back, elsewhere, to the same key', () =>
    withTempDir(async (dir) => {
      const source = testVault(join(dir, 'here'), new MemoryKeychain(), { backup: 'backup pass' });
      const { key } = await source.vault.create(ID);
      const backup = await source.vault.exportBackup(ID);
      assert.deepEqual(source.asked, [{ purpose: 'backup', name: ID, address: key.address }]);
      assert.ok(!backup.includes(hexFromBytes(key.exportSecret())));
      assert.equal(JSON.parse(backup).Crypto.kdfparams.n, TEST_SCRYPT.N);
      await assert.rejects(testVault(join(dir, 'there'), new MemoryKeychain(), { import: 'wrong' }).vault.import(ID, { kind: 'keystore', json: backup }), {
        code: 'wrong-passphrase',
      });
      const target = testVault(join(dir, 'there'), null, { import: 'backup pass', protect: 'new pass', unlock: 'new pass' });
      const imported = await target.vault.import(ID, { kind: 'keystore', json: backup });
      assert.equal(imported.key.address, key.address);
      assert.deepEqual(imported.key.exportSecret(), key.exportSecret());
      assert.equal((await target.vault.load(ID)).address, key.address);
    }));

  test('an empty backup passphrase is refused', () =>
    withTempDir(async (dir) => {
      const { vault } = testVault(dir, new MemoryKeychain(), { backup: '' });
      await vault.create(ID);
      await assert.rejects(vault.exportBackup(ID), { code: 'bad-argument' });
    }));

  test('no file ever holds a secret in clear, whatever the storage', () =>
    withTempDir(async (dir) => {
      const answers = { protect: 'pw', unlock: 'pw', backup: 'bk', import: 'bk' };
      const keychainVault = testVault(dir, new MemoryKeychain(), answers).vault;
      await keychainVault.import(ID, { kind: 'private-key', text: PARITY_DEV_SECRET });
      await writeFile(join(dir, 'backup.json'), await keychainVault.exportBackup(ID));
      const fileVault = testVault(dir, null, answers).vault;
      const mnemonicKey = (await fileVault.import(nodeKeyName('m'), { kind: 'mnemonic', phrase: TEST_MNEMONIC })).key;
      await fileVault.import(nodeKeyName('k'), { kind: 'keystore', json: await readFile(join(dir, 'backup.json'), 'utf8') });
      assert.deepEqual(await filesContainingSecret(dir, PARITY_DEV_SECRET), []);
      assert.deepEqual(await filesContainingSecret(dir, hexFromBytes(mnemonicKey.exportSecret())), []);
      const everything = Buffer.concat((await filesUnder(dir)).map((file) => file.bytes)).toString();
      assert.ok(!everything.includes('test test'), 'the mnemonic is not written anywhere');
    }));
});

describe('key vault: replacing and deleting', () => {
  test('an existing key is never replaced unless forced', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { vault } = testVault(dir, keychain);
      const first = await vault.create(ID);
      await assert.rejects(vault.create(ID), { code: 'target-exists' });
      await assert.rejects(vault.import(ID, { kind: 'private-key', text: PARITY_DEV_SECRET }), { code: 'target-exists' });
      assert.equal((await vault.load(ID)).address, first.key.address);
      assert.deepEqual(keychain.accounts(KEYCHAIN_SERVICE), [`identity:${first.key.address}`]);
    }));

  test('forcing removes the old secret: keychain to keychain, keychain to file, file to keychain', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { vault } = testVault(dir, keychain, { protect: 'pw', unlock: 'pw' });
      await vault.create(ID);
      const second = await vault.import(ID, { kind: 'private-key', text: PARITY_DEV_SECRET }, { force: true });
      assert.deepEqual(keychain.accounts(KEYCHAIN_SERVICE), [`identity:${second.key.address}`]);
      await vault.create(ID, { force: true, storage: 'keystore' });
      assert.deepEqual(keychain.accounts(KEYCHAIN_SERVICE), []);
      const fourth = await vault.create(ID, { force: true });
      assert.deepEqual(keychain.accounts(KEYCHAIN_SERVICE), [`identity:${fourth.key.address}`]);
      assert.deepEqual(await readdir(join(dir, 'keys')), ['identity.json']);
      assert.equal((await vault.load(ID)).address, fourth.key.address);
    }));

  test('re-importing the same key over itself keeps its keychain entry', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { vault } = testVault(dir, keychain);
      await vault.import(ID, { kind: 'private-key', text: PARITY_DEV_SECRET });
      await vault.import(ID, { kind: 'private-key', text: PARITY_DEV_SECRET }, { force: true });
      assert.equal((await vault.load(ID)).address, PARITY_DEV_ADDRESS);
    }));

  test('delete removes the keychain entry and every file; a missing key is not an error', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      const { vault } = testVault(dir, keychain, { protect: 'pw' });
      await vault.create(ID);
      await vault.create(nodeKeyName('x'), { storage: 'keystore' });
      assert.equal(await vault.delete(ID), true);
      assert.equal(await vault.delete(nodeKeyName('x')), true);
      assert.equal(await vault.delete(ID), false);
      assert.equal(keychain.entries.size, 0);
      assert.deepEqual(await readdir(join(dir, 'keys')), []);
      assert.equal(await vault.exists(ID), false);
    }));

  test('a keychain failure that is not "unreachable" stops instead of falling back to a file', () =>
    withTempDir(async (dir) => {
      const keychain = new MemoryKeychain();
      keychain.failure = new SealdropError('internal', 'The OS keychain failed while writing to it.');
      await assert.rejects(testVault(dir, keychain, { protect: 'pw' }).vault.create(ID), { code: 'internal' });
      assert.deepEqual(await filesUnder(dir), []);
    }));
});

describe('key vault: names and missing keys', () => {
  test('show and load of a key that does not exist are identity-not-found', () =>
    withTempDir(async (dir) => {
      const { vault } = testVault(dir, new MemoryKeychain());
      await assert.rejects(vault.show(ID), { code: 'identity-not-found' });
      await assert.rejects(vault.load(ID), { code: 'identity-not-found' });
      await assert.rejects(vault.exportBackup(ID), { code: 'identity-not-found' });
    }));

  test('names that could leave the keys folder are refused', () =>
    withTempDir(async (dir) => {
      const { vault } = testVault(dir, new MemoryKeychain());
      for (const name of ['../identity', 'a/b', 'Identity', '', '-x', 'x'.repeat(65)]) {
        await assert.rejects(vault.create(name), { code: 'bad-argument' }, name);
      }
      assert.throws(() => nodeKeyName('../x'), { code: 'bad-argument' });
      assert.equal(nodeKeyName('alpha-1'), 'node-alpha-1');
    }));

  test('a damaged metadata file is storage-tampered', () =>
    withTempDir(async (dir) => {
      const { vault } = testVault(dir, new MemoryKeychain());
      await vault.create(ID);
      const file = metadataPath(dir, ID);
      const metadata = JSON.parse(await readFile(file, 'utf8'));
      await writeFile(file, '{');
      await assert.rejects(vault.show(ID), { code: 'storage-tampered' });
      await writeFile(file, JSON.stringify({ ...metadata, storage: 'plaintext' }));
      await assert.rejects(vault.load(ID), { code: 'storage-tampered' });
      await writeFile(file, JSON.stringify({ ...metadata, name: 'node-x' }));
      await assert.rejects(vault.load(ID), { code: 'storage-tampered' });
    }));
});
