// Domain failures reach the window as stable codes with plain sentences; anything unexpected is
// 'internal' with a generic sentence (no stack, no secret); answers match the contract.
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, test } from 'node:test';
import { SealdropError } from '../../../src-shared/errors.ts';
import { INTERNAL_MESSAGE, toIpcError } from '../../../src-main/handlers/error-result.ts';
import { networkId } from '../../../src-main/domain/secretstore/network/profile.ts';
import { MemoryKeychain } from '../../support/memory-keychain.ts';
import { testTable, type TestTable } from '../../support/handlers.ts';
import { profileText, sampleFolder, unreachableProfile } from './helpers.ts';

const OTHER_ID = `0x${'cd'.repeat(32)}`;
const SOMEONE = '0x00000000000000000000000000000000000000b0';

describe('handler errors', () => {
  let t: TestTable;
  beforeEach(async () => {
    t = await testTable();
  });
  afterEach(async () => {
    await t.close();
  });

  test('a first start: no identity, no network, keys stay on this computer', async () => {
    const info = await t.value('app:info', {});
    assert.equal(info.identity, null);
    assert.equal(info.firstRun, true);
    assert.equal(info.keysStayOnThisComputer, true);
    assert.equal(info.localNetworkConfigured, false);
    const status = await t.value('network:status', {});
    assert.deepEqual(status.local, { configured: false, running: false, canStart: true });
    assert.equal(status.network, null);
    assert.equal(status.keysStayOnThisComputer, true);
  });

  test('identity: create, show, refuse to replace without asking, replace when asked', async () => {
    assert.deepEqual(await t.value('identity:get', {}), { identity: null });
    const made = await t.value('identity:create', {});
    assert.equal(made.storage, 'keychain');
    assert.equal(made.locked, false);
    assert.equal((await t.value('identity:get', {})).identity?.address, made.address);
    assert.equal((await t.value('identity:unlock', { passphrase: '' })).locked, false, 'a keychain identity needs no unlocking');
    assert.deepEqual(await t.value('identity:lock', {}), { locked: false });
    const again = await t.call('identity:create', {});
    assert.equal(again.ok, false);
    if (!again.ok) {
      assert.equal(again.error.code, 'target-exists');
      assert.equal(again.error.details?.address, made.address);
    }
    const replaced = await t.value('identity:create', { replace: true });
    assert.notEqual(replaced.address, made.address);
    assert.equal((await t.value('app:info', {})).identity, replaced.address);
  });

  test('identity: an import of a malformed key is key-invalid and never echoes the input', async () => {
    const secret = 'zz'.repeat(32);
    const result = await t.call('identity:import', { source: { kind: 'private-key', text: secret } });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'key-invalid');
      assert.ok(!result.error.message.includes(secret));
    }
  });

  test('identity: a backup round-trips through export and import (as text, and as a file never overwritten)', async () => {
    const made = await t.value('identity:create', {});
    const exported = await t.value('identity:export-backup', { passphrase: 'backup words' });
    assert.equal(exported.file, null);
    assert.match(exported.backup ?? '', /"[cC]rypto"/);
    const file = join(t.root, 'backup.json');
    assert.equal((await t.value('identity:export-backup', { passphrase: 'backup words', output: file })).file, file);
    const twice = await t.call('identity:export-backup', { passphrase: 'backup words', output: file });
    assert.equal(twice.ok ? 'ok' : twice.error.code, 'target-exists');

    const other = await testTable();
    try {
      const wrong = await other.call('identity:import', { source: { kind: 'keystore', json: exported.backup ?? '', passphrase: 'not it' } });
      assert.equal(wrong.ok, false);
      const imported = await other.value('identity:import', { source: { kind: 'keystore', json: exported.backup ?? '', passphrase: 'backup words' } });
      assert.equal(imported.address, made.address);
    } finally {
      await other.close();
    }
  });

  test('identity: without a keychain the key goes to a keystore under the passphrase the request carries', async () => {
    const other = await testTable({ keychain: MemoryKeychain.unreachable() });
    try {
      const refused = await other.call('identity:create', {});
      assert.equal(refused.ok ? 'ok' : refused.error.code, 'bad-argument', 'no passphrase: the user is asked for one');
      const made = await other.value('identity:create', { passphrase: 'a new passphrase' });
      assert.equal(made.storage, 'keystore');
      assert.equal(made.locked, false, 'made in this session, so unlocked');
      assert.match(made.keychainUnavailable ?? '', /cannot be reached/);
      assert.deepEqual(await other.value('identity:lock', {}), { locked: true });
      assert.equal((await other.value('identity:get', {})).identity?.locked, true);
      const { network } = await other.value('network:add', { source: { kind: 'json', text: profileText(unreachableProfile()) } });
      const folder = await sampleFolder(other.root);
      const locked = await other.call('seal:start', { paths: [folder], recipients: [], network: network.id, outputFolder: other.root });
      assert.equal(locked.ok, false);
      if (!locked.ok) {
        assert.equal(locked.error.code, 'bad-argument');
        assert.equal(locked.error.details?.purpose, 'unlock');
      }
      const backupLocked = await other.call('identity:export-backup', { passphrase: 'backup' });
      assert.equal(backupLocked.ok ? 'ok' : backupLocked.error.details?.purpose, 'unlock');
      const wrong = await other.call('identity:unlock', { passphrase: 'not it' });
      assert.equal(wrong.ok ? 'ok' : wrong.error.code, 'wrong-passphrase');
      assert.equal((await other.value('identity:unlock', { passphrase: 'a new passphrase' })).locked, false);
      assert.equal((await other.value('identity:get', {})).identity?.locked, false);
      assert.equal((await other.value('identity:export-backup', { passphrase: 'backup' })).address, made.address);
    } finally {
      await other.close();
    }
  });

  test('a bug (a plain Error) becomes internal with a generic message: no stack, no detail', async () => {
    const keychain = new MemoryKeychain();
    const logged: unknown[] = [];
    const other = await testTable({ keychain, logger: (event, details) => logged.push({ event, details }) });
    try {
      keychain.failure = new Error('secret-token-1234 at /home/someone') as SealdropError;
      const result = await other.call('identity:create', {});
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.deepEqual(result.error, { code: 'internal', message: INTERNAL_MESSAGE });
        assert.ok(!JSON.stringify(result).includes('secret-token-1234'));
      }
      assert.ok(JSON.stringify(logged).includes('secret-token-1234'), 'the local log keeps the reason');
    } finally {
      await other.close();
    }
  });

  test('toIpcError keeps a SealdropError code, its sentence and bounded details', () => {
    const error = new SealdropError('payload-tampered', 'chunk 17 was changed', { chunk: 17, long: 'x'.repeat(5000) });
    const mapped = toIpcError(error, undefined, 'test');
    assert.equal(mapped.code, 'payload-tampered');
    assert.equal(mapped.message, 'chunk 17 was changed');
    assert.equal(mapped.details?.chunk, 17);
    assert.equal(String(mapped.details?.long).length, 1000);
    assert.deepEqual(toIpcError(new TypeError('x is undefined'), undefined, 'test'), { code: 'internal', message: INTERNAL_MESSAGE });
    assert.deepEqual(toIpcError('a string', undefined, 'test'), { code: 'internal', message: INTERNAL_MESSAGE });
  });

  test('networks: add from JSON, file and link; a damaged profile is profile-invalid naming the field', async () => {
    const profile = unreachableProfile();
    const added = await t.value('network:add', { source: { kind: 'json', text: profileText(profile) } });
    assert.equal(added.network.id, `0x${Buffer.from(networkId(profile)).toString('hex')}`);
    assert.equal(added.network.nodes, 3);
    assert.equal(added.network.local, false);
    const link = (await t.value('network:share-link', { network: added.network.id })).link;
    assert.match(link, /^sealdrop:\/\/network\//);
    assert.equal((await t.value('network:add', { source: { kind: 'link', link } })).network.id, added.network.id);
    const file = join(t.root, 'net.json');
    await writeFile(file, profileText(profile));
    assert.equal((await t.value('network:add', { source: { kind: 'file', path: file } })).network.id, added.network.id);
    assert.equal((await t.value('network:list', {})).networks.length, 1);

    const broken = JSON.parse(profileText(profile)) as { threshold: number };
    broken.threshold = 3;
    const refused = await t.call('network:add', { source: { kind: 'json', text: JSON.stringify(broken) } });
    assert.equal(refused.ok, false);
    if (!refused.ok) {
      assert.equal(refused.error.code, 'profile-invalid');
      assert.equal(refused.error.details?.field, 'threshold');
    }
    const badLink = await t.call('network:add', { source: { kind: 'link', link: 'sealdrop://network/!!' } });
    assert.equal(badLink.ok ? 'ok' : badLink.error.code, 'profile-invalid');
    const relative = await t.call('network:add', { source: { kind: 'file', path: 'net.json' } });
    assert.equal(relative.ok ? 'ok' : relative.error.code, 'bad-argument');
  });

  test('networks: an unknown network id is profile-invalid with the id to add', async () => {
    const result = await t.call('network:status', { network: OTHER_ID });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'profile-invalid');
      assert.equal(result.error.details?.network, OTHER_ID);
    }
  });

  test('networks: the status of a network whose nodes are down says so per node', async () => {
    const profile = unreachableProfile();
    const { network } = await t.value('network:add', { source: { kind: 'json', text: profileText(profile) } });
    const status = await t.value('network:status', { network: network.id });
    assert.equal(status.total, 3);
    assert.equal(status.reachable, 0);
    assert.ok(status.nodes.every((node) => !node.ok && node.problems.length === 1));
  });

  test('settings: defaults, partial changes, and only a known network as default', async () => {
    const initial = await t.value('settings:get', {});
    assert.deepEqual(initial, { defaultNetwork: null, defaultThreshold: null, chain: { rpcUrl: null, grantDays: null }, keepNodeRunning: false });
    const changed = await t.value('settings:set', { defaultThreshold: 2, chain: { grantDays: 30 } });
    assert.equal(changed.defaultThreshold, 2);
    assert.equal(changed.chain.grantDays, 30);
    assert.equal(changed.chain.rpcUrl, null);
    assert.deepEqual(await t.value('settings:get', {}), changed);
    const unknown = await t.call('settings:set', { defaultNetwork: OTHER_ID });
    assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'profile-invalid');
    const { network } = await t.value('network:add', { source: { kind: 'json', text: profileText(unreachableProfile()) } });
    await t.value('settings:set', { defaultNetwork: network.id });
    const info = await t.value('app:info', {});
    assert.equal(info.keysStayOnThisComputer, false, 'another network is the default now');
    assert.equal((await t.value('network:list', {})).networks[0]?.isDefault, true);
  });

  test('seal: no network yet is a plain bad-argument; no identity is identity-not-found; paths must be absolute', async () => {
    const folder = await sampleFolder(t.root);
    const noNetwork = await t.call('seal:start', { paths: [folder], recipients: [], outputFolder: t.root });
    assert.equal(noNetwork.ok, false);
    if (!noNetwork.ok) {
      assert.equal(noNetwork.error.code, 'bad-argument');
      assert.equal(noNetwork.error.details?.reason, 'no-network');
    }
    const { network } = await t.value('network:add', { source: { kind: 'json', text: profileText(unreachableProfile()) } });
    const noIdentity = await t.call('seal:start', { paths: [folder], recipients: [], network: network.id, outputFolder: t.root });
    assert.equal(noIdentity.ok ? 'ok' : noIdentity.error.code, 'identity-not-found');
    const relative = await t.call('seal:start', { paths: ['report'], recipients: [], network: network.id, outputFolder: t.root });
    assert.equal(relative.ok ? 'ok' : relative.error.code, 'bad-argument');
    const missingFolder = await t.call('seal:start', { paths: [folder], recipients: [], network: network.id, outputFolder: join(t.root, 'nope') });
    assert.equal(missingFolder.ok ? 'ok' : missingFolder.error.code, 'input-not-found');
    await t.value('identity:create', {});
    const badThreshold = await t.call('seal:start', { paths: [folder], recipients: [], network: network.id, threshold: 3, outputFolder: t.root });
    assert.equal(badThreshold.ok ? 'ok' : badThreshold.error.code, 'threshold-invalid');
  });

  test('seal: key holders that cannot be reached fail the operation with node-unreachable, leaving nothing', async () => {
    const folder = await sampleFolder(t.root);
    const { network } = await t.value('network:add', { source: { kind: 'json', text: profileText(unreachableProfile()) } });
    await t.value('identity:create', {});
    const out = join(t.root, 'out');
    await import('node:fs/promises').then((fs) => fs.mkdir(out));
    const { operationId } = await t.value('seal:start', { paths: [folder], recipients: [SOMEONE], network: network.id, outputFolder: out });
    const done = await t.done(operationId);
    assert.equal(done.kind, 'seal');
    assert.equal(done.result.ok, false);
    if (!done.result.ok) assert.equal(done.result.error.code, 'node-unreachable');
    const status = await t.value('operation:status', { operationId });
    assert.equal(status.state, 'failed');
    assert.deepEqual(await import('node:fs/promises').then((fs) => fs.readdir(out)), []);
    assert.deepEqual((await t.value('documents:list', {})).documents, []);
    const progress = t.events.filter((e) => e.event === 'progress').map((e) => (e.payload as { step: string }).step);
    assert.match(progress[0] ?? '', /asking the 3 key holders to create the key/);
  });

  test('seal:plan counts what was dropped and names what is left out', async () => {
    const folder = await sampleFolder(t.root);
    const { symlink } = await import('node:fs/promises');
    await symlink('/etc/passwd', join(folder, 'outside-link'));
    const plan = await t.value('seal:plan', { paths: [folder] });
    assert.deepEqual(plan.names, ['report']);
    assert.equal(plan.files, 2);
    assert.equal(plan.bytes, 300_000 + 'quarterly numbers\n'.length);
    assert.equal(plan.skipped.length, 1);
    assert.match(plan.skipped[0]?.name ?? '', /outside-link/);
    const missing = await t.call('seal:plan', { paths: [join(t.root, 'nothing-here')] });
    assert.equal(missing.ok ? 'ok' : missing.error.code, 'input-not-found');
  });

  test('open:inspect: a missing file is input-not-found, a non-age file not-sealdrop', async () => {
    const missing = await t.call('open:inspect', { file: join(t.root, 'none.sealdrop') });
    assert.equal(missing.ok ? 'ok' : missing.error.code, 'input-not-found');
    const file = join(t.root, 'junk.sealdrop');
    await writeFile(file, 'this is not a sealed file\n');
    const junk = await t.call('open:inspect', { file });
    assert.equal(junk.ok ? 'ok' : junk.error.code, 'not-sealdrop');
  });

  test('access: a document not sealed here needs its network; operation ids must exist', async () => {
    const result = await t.call('access:list', { documentId: OTHER_ID });
    assert.equal(result.ok, false);
    if (!result.ok) {
      assert.equal(result.error.code, 'bad-argument');
      assert.equal(result.error.details?.field, 'network');
    }
    const unknown = await t.call('operation:status', { operationId: 'f'.repeat(32) });
    assert.equal(unknown.ok ? 'ok' : unknown.error.code, 'bad-argument');
    assert.deepEqual(await t.value('seal:cancel', { operationId: 'f'.repeat(32) }), { cancelled: false });
  });

  test('node: nothing set up yet; starting says how to set up; setup makes a key and a config', async () => {
    const status = await t.value('node:status', {});
    assert.equal(status.configured, false);
    assert.equal(status.running, false);
    const start = await t.call('node:start', {});
    assert.equal(start.ok ? 'ok' : start.error.code, 'bad-argument');
    const setUp = await t.value('node:setup', { name: 'my-node', http: { host: '127.0.0.1', port: 0 }, peer: { host: '127.0.0.1', port: 0 } });
    assert.equal(setUp.configured, true);
    assert.equal(setUp.name, 'my-node');
    assert.match(setUp.publicKey ?? '', /^0x[0-9a-f]{128}$/);
    const again = await t.call('node:setup', { name: 'my-node', http: { host: '127.0.0.1', port: 0 }, peer: { host: '127.0.0.1', port: 0 } });
    assert.equal(again.ok ? 'ok' : again.error.code, 'target-exists');
    const noNetwork = await t.call('node:start', {});
    assert.equal(noNetwork.ok ? 'ok' : noNetwork.error.code, 'profile-invalid');
    const notListed = await t.call('node:start', { network: { kind: 'json', text: profileText(unreachableProfile()) } });
    assert.equal(notListed.ok, false);
    if (!notListed.ok) {
      assert.equal(notListed.error.code, 'profile-invalid');
      assert.match(notListed.error.message, /does not list this node's public key/);
    }
  });
});
