// The real keychain's error mapping, and the real library with no session bus to talk to. The
// integration test (test/integration/identity-keychain.test.ts) runs it against a real Secret Service.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { keychainError, osKeychain } from '../../../src-main/domain/identity/os-keychain.ts';

describe('OS keychain errors', () => {
  test('"cannot reach the store" errors of the library become keychain-unavailable, with the platform reason', () => {
    for (const message of [
      "Couldn't access platform storage: AccessDenied",
      "Couldn't access platform storage: Secret Service: no result found",
      'Platform failure: DBus error: Using X11 for dbus-daemon autolaunch was disabled at compile time, set your DBUS_SESSION_BUS_ADDRESS instead',
    ]) {
      const error = keychainError(new Error(message), 'writing to');
      assert.equal(error.code, 'keychain-unavailable');
      assert.ok(error.message.includes(message));
    }
  });

  test('any other failure is internal and does not repeat the library message', () => {
    const error = keychainError(new Error('Entry is matched by 2 credentials: secret-ish detail'), 'reading from');
    assert.equal(error.code, 'internal');
    assert.equal(error.message, 'The OS keychain failed while reading from it.');
  });
});

describe('OS keychain without a session bus', () => {
  const saved = process.env.DBUS_SESSION_BUS_ADDRESS;
  // A bus address that cannot exist: this test never reaches the user's real keyring.
  before(() => {
    process.env.DBUS_SESSION_BUS_ADDRESS = 'unix:path=/nonexistent/sealdrop-test-bus';
  });
  after(() => {
    if (saved === undefined) delete process.env.DBUS_SESSION_BUS_ADDRESS;
    else process.env.DBUS_SESSION_BUS_ADDRESS = saved;
  });

  test('set, get and delete fail with keychain-unavailable', { skip: process.platform !== 'linux' && 'the Secret Service is Linux only' }, async () => {
    const keychain = osKeychain();
    await assert.rejects(keychain.set('sealdrop-test', 'account', 'value'), { code: 'keychain-unavailable' });
    await assert.rejects(keychain.get('sealdrop-test', 'account'), { code: 'keychain-unavailable' });
    await assert.rejects(keychain.delete('sealdrop-test', 'account'), { code: 'keychain-unavailable' });
  });
});
