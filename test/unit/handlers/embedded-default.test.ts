// The embedded default's decisions over a handler table that answers as the real one would: what it
// asks for, in which order, and what it does when a step is refused. (The real thing, with a real
// keychain and real node processes, runs in test/integration/host-cli.test.ts.)
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startEmbeddedDefault } from '../../../src-main/handlers/embedded-default.ts';
import type { IpcResult } from '../../../src-shared/ipc/contract.ts';

const ADDRESS = '0x1111111111111111111111111111111111111111';

/** A table whose answers per channel are given; it records the channels asked, in order. */
function table(answers: Record<string, IpcResult<unknown>>): { invoke: (channel: string) => Promise<IpcResult<unknown>>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    async invoke(channel) {
      asked.push(channel);
      return answers[channel] ?? { ok: false, error: { code: 'internal', message: `unexpected ${channel}` } };
    },
  };
}

const ok = (value: unknown): IpcResult<unknown> => ({ ok: true, value });

describe('startEmbeddedDefault', () => {
  test('first start: makes the identity, then starts the local network', async () => {
    const t = table({ 'network:list': ok({ networks: [] }), 'app:info': ok({ identity: null }), 'identity:create': ok({ address: ADDRESS, storage: 'keychain' }), 'network:start-local': ok({}) });
    assert.deepEqual(await startEmbeddedDefault(t), { identity: 'created', localNetwork: 'started', address: ADDRESS, storage: 'keychain', problems: [] });
    assert.deepEqual(t.asked, ['network:list', 'app:info', 'identity:create', 'network:start-local']);
  });

  test('later starts with only the local network: the identity is kept, the network started again', async () => {
    const t = table({ 'network:list': ok({ networks: [{ local: true }] }), 'app:info': ok({ identity: ADDRESS }), 'network:start-local': ok({}) });
    assert.deepEqual(await startEmbeddedDefault(t), { identity: 'present', localNetwork: 'started', address: ADDRESS, storage: null, problems: [] });
    assert.deepEqual(t.asked, ['network:list', 'app:info', 'network:start-local']);
  });

  test('another network configured: nothing is made or started', async () => {
    const t = table({ 'network:list': ok({ networks: [{ local: true }, { local: false }] }), 'app:info': ok({ identity: null }) });
    const outcome = await startEmbeddedDefault(t);
    assert.equal(outcome.localNetwork, 'not-needed');
    assert.equal(outcome.identity, 'left-to-window');
    assert.ok(!t.asked.includes('identity:create') && !t.asked.includes('network:start-local'));
  });

  test('no keychain: the identity is left to the window (it asks for a passphrase), the local network still starts', async () => {
    const refused: IpcResult<unknown> = { ok: false, error: { code: 'keychain-unavailable', message: 'No OS keychain is reachable.' } };
    const t = table({ 'network:list': ok({ networks: [] }), 'app:info': ok({ identity: null }), 'identity:create': refused, 'network:start-local': ok({}) });
    assert.deepEqual(await startEmbeddedDefault(t), {
      identity: 'left-to-window',
      localNetwork: 'started',
      address: null,
      storage: null,
      problems: ['Your identity was not made: No OS keychain is reachable.'],
    });
  });

  test('when the configured networks cannot be read, nothing is made or started', async () => {
    const t = table({ 'network:list': { ok: false, error: { code: 'storage-tampered', message: 'malformed' } } });
    const outcome = await startEmbeddedDefault(t);
    assert.equal(outcome.localNetwork, 'failed');
    assert.deepEqual(t.asked, ['network:list']);
  });

  test('a local network that cannot start is reported, not thrown', async () => {
    const t = table({ 'network:list': ok({ networks: [] }), 'app:info': ok({ identity: ADDRESS }), 'network:start-local': { ok: false, error: { code: 'io-failed', message: 'port in use' } } });
    const outcome = await startEmbeddedDefault(t);
    assert.equal(outcome.localNetwork, 'failed');
    assert.deepEqual(outcome.problems, ['The local network did not start: port in use']);
  });
});
