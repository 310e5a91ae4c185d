// `sealdrop identity` in-process through main(): outputs, exit codes and refusals. Keys here go to
// keystore files (--keystore / --no-keychain) so no test touches a real keychain; the keychain path
// runs for real in test/integration/identity-keychain.test.ts.
import assert from 'node:assert/strict';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { after, before, describe, test } from 'node:test';
import { main } from '../../../src-main/cli/main.ts';
import type { Console } from '../../../src-main/cli/terminal.ts';
import { withTempDir } from '../../support/temp.ts';
import { PARITY_DEV_ADDRESS, PARITY_DEV_SECRET, TEST_MNEMONIC, TEST_MNEMONIC_ADDRESS_1 } from './helpers.ts';

/** Runs the CLI with a collected stdout/stderr, a non-TTY stdin and the given environment. */
async function run(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (parts: string[]) =>
    new Writable({
      write(chunk: Buffer | string, _encoding, callback) {
        parts.push(String(chunk));
        callback();
      },
    });
  const console: Console = { out: sink(out), err: sink(err), env, stdin: new PassThrough() as unknown as NodeJS.ReadStream };
  const code = await main(argv, console, new AbortController().signal);
  return { code, out: out.join(''), err: err.join('') };
}

const PASS = { SEALDROP_PASSPHRASE: 'cli test pass' };

describe('sealdrop identity (keystore files)', () => {
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  // Belt and braces: should a test reach the keychain after all, it finds no bus rather than a real keyring.
  before(() => {
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/sealdrop-test-bus';
  });
  after(() => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  });

  test('new, show, export and import round-trip one identity', () =>
    withTempDir(async (dir) => {
      const home = join(dir, 'home');
      const made = await run(['identity', 'new', '--keystore', '--data-dir', home, '--json'], PASS);
      assert.equal(made.code, 0, made.err);
      const created = JSON.parse(made.out);
      assert.equal(created.ok, true);
      assert.equal(created.storage, 'keystore');
      assert.equal(created.keychainUnavailable, null);
      assert.match(created.address, /^0x[0-9a-fA-F]{40}$/);

      const shown = await run(['identity', 'show', '--data-dir', home]);
      assert.equal(shown.code, 0, shown.err);
      assert.match(shown.out, new RegExp(`^Identity: +${created.address}$`, 'm'));
      assert.match(shown.out, /encrypted keystore file/);

      const backup = join(dir, 'backup.json');
      const exported = await run(['identity', 'export', '-o', backup, '--data-dir', home, '--json'], PASS);
      assert.equal(exported.code, 0, exported.err);
      assert.deepEqual(JSON.parse(exported.out), { ok: true, address: created.address, file: backup });
      assert.equal((await stat(backup)).mode & 0o777, 0o600);

      const again = await run(['identity', 'export', '-o', backup, '--data-dir', home, '--json'], PASS);
      assert.equal(again.code, 1);
      assert.equal(JSON.parse(again.out).error.code, 'target-exists');

      const elsewhere = join(dir, 'elsewhere');
      const imported = await run(['identity', 'import', '--keystore', backup, '--no-keychain', '--data-dir', elsewhere, '--json'], PASS);
      assert.equal(imported.code, 0, imported.err);
      assert.equal(JSON.parse(imported.out).address, created.address);
    }));

  test('an existing identity is kept unless --force, and no file written holds the secret', () =>
    withTempDir(async (dir) => {
      const keyFile = join(dir, 'dev.key');
      await writeFile(keyFile, `0x${PARITY_DEV_SECRET}\n`);
      assert.equal((await run(['identity', 'new', '--keystore', '--data-dir', dir], PASS)).code, 0);
      const refused = await run(['identity', 'import', '--private-key-file', keyFile, '--no-keychain', '--data-dir', dir], PASS);
      assert.equal(refused.code, 1);
      assert.match(refused.err, /already have an identity .* --force/);
      const forced = await run(['identity', 'import', '--private-key-file', keyFile, '--no-keychain', '--force', '--data-dir', dir, '--json'], PASS);
      assert.equal(forced.code, 0, forced.err);
      assert.equal(JSON.parse(forced.out).address, PARITY_DEV_ADDRESS);
      for (const name of ['identity.json', 'identity.keystore.json']) {
        assert.ok(!(await readFile(join(dir, 'keys', name), 'utf8')).toLowerCase().includes(PARITY_DEV_SECRET), `${name} holds the secret`);
      }
    }));

  test('imports a mnemonic on a chosen path', () =>
    withTempDir(async (dir) => {
      const phrase = join(dir, 'words.txt');
      await writeFile(phrase, `${TEST_MNEMONIC}\n`);
      const result = await run(['identity', 'import', '--mnemonic-file', phrase, '--mnemonic-path', "m/44'/60'/0'/0/1", '--no-keychain', '--data-dir', dir, '--json'], PASS);
      assert.equal(result.code, 0, result.err);
      assert.equal(JSON.parse(result.out).address, TEST_MNEMONIC_ADDRESS_1);
    }));

  test('a wrong passphrase fails with wrong-passphrase; no passphrase at all explains how to give one', () =>
    withTempDir(async (dir) => {
      assert.equal((await run(['identity', 'new', '--keystore', '--data-dir', dir], PASS)).code, 0);
      const wrong = await run(['identity', 'export', '-o', join(dir, 'b.json'), '--data-dir', dir, '--json'], { SEALDROP_PASSPHRASE: 'not it' });
      assert.equal(wrong.code, 1);
      assert.equal(JSON.parse(wrong.out).error.code, 'wrong-passphrase');
      const none = await run(['identity', 'new', '--keystore', '--force', '--data-dir', join(dir, 'other')]);
      assert.equal(none.code, 2);
      assert.match(none.err, /SEALDROP_PASSPHRASE/);
    }));

  test('show without an identity says how to make one', () =>
    withTempDir(async (dir) => {
      const result = await run(['identity', 'show', '--data-dir', dir, '--json']);
      assert.equal(result.code, 1);
      const { error } = JSON.parse(result.out);
      assert.equal(error.code, 'identity-not-found');
      assert.match(error.message, /sealdrop identity new/);
    }));

  test('wrong usage exits 2 with the help', async () => {
    for (const argv of [
      ['identity'],
      ['identity', 'frob'],
      ['identity', 'import'],
      ['identity', 'import', '--private-key-file', 'a', '--mnemonic-file', 'b'],
      ['identity', 'import', '--private-key-file', 'a', '--mnemonic-path', "m/0'"],
      ['identity', 'export'],
      ['identity', 'show', 'extra'],
      ['identity', 'new', '--keystore', 'file'],
      ['identity', 'show', '--bogus'],
    ]) {
      const result = await run(argv);
      assert.equal(result.code, 2, argv.join(' '));
      assert.match(result.err, /Usage: sealdrop identity/, argv.join(' '));
    }
  });

  test('--help prints the identity help; the main usage lists the command', async () => {
    const help = await run(['identity', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.out, /^Usage: sealdrop identity <new\|show\|import\|export>/);
    assert.match((await run(['--help'])).out, /^ {2}identity {2}/m);
  });
});
