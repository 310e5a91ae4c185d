// The identity against a REAL Secret Service (gnome-keyring in a private D-Bus session, set up by
// scripts/with-keyring.sh, which `npm run test:integration` runs under): the secret goes into the
// keychain and is read back through a fresh keyring Entry, never onto disk; and the `sealdrop
// identity` CLI end to end in child processes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { access, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { Entry } from '@napi-rs/keyring';
import { isSealdropError } from '../../src-shared/errors.ts';
import { KEYCHAIN_SERVICE } from '../../src-main/domain/identity/keychain.ts';
import { IDENTITY_KEY_NAME } from '../../src-main/domain/identity/key-files.ts';
import { createKeyVault } from '../../src-main/domain/identity/key-vault.ts';
import { osKeychain } from '../../src-main/domain/identity/os-keychain.ts';
import { sealdrop, tempFolder } from '../support/cli.ts';

/** Why the keychain tests cannot run here, or null when a Secret Service answers. */
async function secretServiceMissing(): Promise<string | null> {
  try {
    await osKeychain().get(KEYCHAIN_SERVICE, `probe:${randomBytes(8).toString('hex')}`);
    return null;
  } catch (error) {
    if (isSealdropError(error, 'keychain-unavailable')) return error.message;
    throw error;
  }
}

const missing = await secretServiceMissing();
const skip = missing === null ? false : `no Secret Service is reachable; run under scripts/with-keyring.sh (npm run test:integration does). ${missing}`;

/** The secret as the keychain holds it, read through a new Entry (not through Sealdrop's code). */
function keychainSecret(address: string): string | null {
  return new Entry(KEYCHAIN_SERVICE, `identity:${address}`, { linux: { store: 'secret-service' } }).getPassword();
}

/** Every file under `dir` as text, to look for secrets in. */
async function allText(dir: string): Promise<string> {
  const parts: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) parts.push((await readFile(join(entry.parentPath, entry.name))).toString('latin1'));
  }
  return parts.join('\n').toLowerCase();
}

describe('identity in the real OS keychain', { skip }, () => {
  let work: { path: string; cleanup: () => Promise<void> };
  const made: string[] = [];

  before(async () => {
    work = await tempFolder('sealdrop-keychain-');
  });
  after(async () => {
    // Leave no test keys in the keychain (it may be a real session's when run outside the wrapper).
    for (const address of made) new Entry(KEYCHAIN_SERVICE, `identity:${address}`, { linux: { store: 'secret-service' } }).deletePassword();
    await work.cleanup();
  });

  test('the vault stores the secret in the Secret Service and nowhere on disk; load and delete work', async () => {
    const dataDir = join(work.path, 'vault');
    const vault = createKeyVault({ dataDir, keychain: osKeychain(), passphrase: async () => null });
    const { key, info } = await vault.create(IDENTITY_KEY_NAME);
    made.push(key.address);
    assert.equal(info.storage, 'keychain');
    const secretHex = Buffer.from(key.exportSecret()).toString('hex');
    assert.equal(keychainSecret(key.address), secretHex);
    assert.ok(!(await allText(dataDir)).includes(secretHex), 'the secret is on disk');
    assert.deepEqual(await readdir(join(dataDir, 'keys')), ['identity.json']);
    // gnome-keyring's own file keeps it encrypted under the keyring password, too.
    const keyrings = join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'keyrings');
    if (await access(keyrings).then(() => true, () => false)) assert.ok(!(await allText(keyrings)).includes(secretHex), 'the secret is in the keyring file in clear');

    const loaded = await createKeyVault({ dataDir, keychain: osKeychain(), passphrase: async () => null }).load(IDENTITY_KEY_NAME);
    assert.equal(loaded.address, key.address);
    assert.deepEqual(loaded.exportSecret(), key.exportSecret());

    assert.equal(await vault.delete(IDENTITY_KEY_NAME), true);
    assert.equal(keychainSecret(key.address), null);
  });

  test('sealdrop identity new, show, export and import through the CLI', async () => {
    const home = join(work.path, 'cli-home');
    const created = await sealdrop(['identity', 'new', '--data-dir', home, '--json']);
    assert.equal(created.code, 0, created.stderr);
    const identity = JSON.parse(created.stdout);
    made.push(identity.address);
    assert.equal(identity.storage, 'keychain');
    assert.deepEqual(identity.keychain, { service: 'sealdrop', account: `identity:${identity.address}` });
    const secretHex = keychainSecret(identity.address);
    assert.match(secretHex ?? '', /^[0-9a-f]{64}$/);
    assert.ok(!(await allText(home)).includes(secretHex as string), 'the secret is on disk');

    const shown = await sealdrop(['identity', 'show', '--data-dir', home]);
    assert.equal(shown.code, 0, shown.stderr);
    assert.match(shown.stdout, new RegExp(`^Identity: +${identity.address}$`, 'm'));
    assert.match(shown.stdout, /the OS keychain/);

    // No second `new` over it without --force, and the keychain entry is untouched.
    const again = await sealdrop(['identity', 'new', '--data-dir', home]);
    assert.equal(again.code, 1);
    assert.equal(keychainSecret(identity.address), secretHex);

    const backup = join(work.path, 'backup.json');
    const env = { SEALDROP_PASSPHRASE: 'integration backup pass' };
    const exported = await sealdrop(['identity', 'export', '-o', backup, '--data-dir', home, '--json'], { env });
    assert.equal(exported.code, 0, exported.stderr);
    assert.equal((await stat(backup)).mode & 0o777, 0o600);
    assert.ok(!(await readFile(backup, 'utf8')).includes(secretHex as string));

    // The backup opens elsewhere into the keychain: same address, same secret.
    const other = join(work.path, 'cli-other');
    const wrong = await sealdrop(['identity', 'import', '--keystore', backup, '--data-dir', other, '--json'], { env: { SEALDROP_PASSPHRASE: 'not it' } });
    assert.equal(wrong.code, 1);
    assert.equal(JSON.parse(wrong.stdout).error.code, 'wrong-passphrase');
    const imported = await sealdrop(['identity', 'import', '--keystore', backup, '--data-dir', other, '--json'], { env });
    assert.equal(imported.code, 0, imported.stderr);
    assert.equal(JSON.parse(imported.stdout).address, identity.address);
    assert.equal(JSON.parse(imported.stdout).storage, 'keychain');
    assert.equal(keychainSecret(identity.address), secretHex);
  });

  test('a private key imported through the CLI lands in the keychain, replacing the old one with --force', async () => {
    const home = join(work.path, 'cli-import');
    const first = await sealdrop(['identity', 'new', '--data-dir', home, '--json']);
    assert.equal(first.code, 0, first.stderr);
    const oldAddress = JSON.parse(first.stdout).address;
    made.push(oldAddress);

    // A random key, not a published one: this may be a real session's keychain.
    const secretHex = randomBytes(32).toString('hex');
    const keyFile = join(work.path, 'random.key');
    await writeFile(keyFile, `0x${secretHex}\n`, { mode: 0o600 });
    const imported = await sealdrop(['identity', 'import', '--private-key-file', keyFile, '--force', '--data-dir', home, '--json']);
    assert.equal(imported.code, 0, imported.stderr);
    const address = JSON.parse(imported.stdout).address;
    made.push(address);
    assert.equal(keychainSecret(address), secretHex);
    assert.equal(keychainSecret(oldAddress), null, 'the replaced key is removed from the keychain');
    assert.ok(!(await allText(home)).includes(secretHex));
  });
});
