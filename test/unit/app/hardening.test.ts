// The session and webContents defences, wired to fakes shaped like Electron's objects: every
// permission request and check refused (but sanitized clipboard writes from our page), devices and
// screen capture refused, downloads and foreign requests cancelled; navigation, redirects, <webview>
// and new windows denied; only allowlisted links reach the OS.
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { describe, test } from 'node:test';
import type { Session } from 'electron';
import { hardenSession } from '../../../src-main/app/session-hardening.ts';
import { hardenWebContents, type HardenableContents } from '../../../src-main/app/web-contents-hardening.ts';

type Handler = (...args: never[]) => unknown;

/** A Session that records the handlers given to it. */
function fakeSession() {
  const handlers: Record<string, Handler> = {};
  const events = new EventEmitter();
  let spellcheck = true;
  const session = {
    setPermissionRequestHandler: (handler: Handler) => (handlers.request = handler),
    setPermissionCheckHandler: (handler: Handler) => (handlers.check = handler),
    setDevicePermissionHandler: (handler: Handler) => (handlers.device = handler),
    setDisplayMediaRequestHandler: (handler: Handler) => (handlers.display = handler),
    setSpellCheckerEnabled: (enabled: boolean) => (spellcheck = enabled),
    on: (event: string, listener: (...args: unknown[]) => void) => events.on(event, listener),
    webRequest: { onBeforeRequest: (handler: Handler) => (handlers.beforeRequest = handler) },
  };
  return { session: session as unknown as Session, handlers, events, spellcheck: () => spellcheck };
}

/** An Electron-style event whose preventDefault is recorded. */
function event(fields: Record<string, unknown> = {}): { prevented: boolean; preventDefault(): void } & Record<string, unknown> {
  return {
    ...fields,
    prevented: false,
    preventDefault() {
      this.prevented = true;
    },
  };
}

describe('hardenSession', () => {
  const fake = fakeSession();
  const logged: string[] = [];
  hardenSession(fake.session, { devTools: false, log: (name) => logged.push(name) });

  test('refuses permission requests, except sanitized clipboard writes from our main frame', () => {
    const ask = (permission: string, requestingUrl: string, isMainFrame = true): boolean => {
      let answer: boolean | undefined;
      (fake.handlers.request as unknown as (...args: unknown[]) => void)({}, permission, (granted: boolean) => (answer = granted), { requestingUrl, isMainFrame });
      assert.notEqual(answer, undefined, 'the callback is always called');
      return answer as boolean;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'openExternal', 'fileSystem', 'clipboard-read', 'hid', 'fullscreen']) {
      assert.equal(ask(permission, 'app://sealdrop/index.html'), false, permission);
    }
    assert.equal(ask('clipboard-sanitized-write', 'app://sealdrop/index.html'), true);
    assert.equal(ask('clipboard-sanitized-write', 'app://sealdrop/index.html', false), false);
    assert.equal(ask('clipboard-sanitized-write', 'https://evil.example/'), false);
    assert.ok(logged.includes('permission-refused'));
  });

  test('permission checks answer the same', () => {
    const check = fake.handlers.check as unknown as (...args: unknown[]) => boolean;
    assert.equal(check({}, 'media', 'app://sealdrop', { isMainFrame: true, requestingUrl: 'app://sealdrop/index.html' }), false);
    assert.equal(check({}, 'clipboard-sanitized-write', 'app://sealdrop', { isMainFrame: true }), true);
    assert.equal(check({}, 'clipboard-sanitized-write', 'https://x', { isMainFrame: true }), false);
  });

  test('refuses devices and screen capture, turns spell-check (and its dictionary downloads) off', () => {
    assert.equal((fake.handlers.device as unknown as () => boolean)(), false);
    let streams: unknown = 'not called';
    (fake.handlers.display as unknown as (...args: unknown[]) => void)({}, (given: unknown) => (streams = given));
    assert.equal(streams, null);
    assert.equal(fake.spellcheck(), false);
  });

  test('cancels downloads and every request that is not to the app', () => {
    const download = event();
    fake.events.emit('will-download', download);
    assert.equal(download.prevented, true);
    const decide = (url: string): boolean => {
      let cancel: boolean | undefined;
      (fake.handlers.beforeRequest as unknown as (...args: unknown[]) => void)({ url }, (response: { cancel: boolean }) => (cancel = response.cancel));
      return cancel as boolean;
    };
    assert.equal(decide('app://sealdrop/assets/app.js'), false);
    assert.equal(decide('data:image/png;base64,AA'), false);
    assert.equal(decide('https://tracker.example/pixel.gif'), true);
    assert.equal(decide('file:///etc/passwd'), true);
    assert.equal(decide('devtools://devtools/bundled/inspector.html'), true);
  });
});

describe('hardenWebContents', () => {
  function fakeContents() {
    const emitter = new EventEmitter();
    let windowOpen: ((details: { url: string }) => { action: string }) | undefined;
    const contents = {
      on: (name: string, listener: (...args: unknown[]) => void) => emitter.on(name, listener),
      setWindowOpenHandler: (handler: typeof windowOpen) => (windowOpen = handler),
    };
    const opened: string[] = [];
    hardenWebContents(contents as unknown as HardenableContents, { openExternal: async (url) => void opened.push(url), log: () => {} });
    return { emitter, opened, windowOpen: (url: string) => windowOpen?.({ url }) };
  }

  test('blocks every navigation; an allowlisted link goes to the browser instead', () => {
    const { emitter, opened } = fakeContents();
    for (const url of ['https://github.com/sealdrop/sealdrop', 'https://evil.example/', 'file:///etc/passwd', 'app://sealdrop/other.html']) {
      const navigation = event({ url, isMainFrame: true });
      emitter.emit('will-navigate', navigation);
      assert.equal(navigation.prevented, true, url);
    }
    assert.deepEqual(opened, ['https://github.com/sealdrop/sealdrop']);
  });

  test('blocks subframe navigation, redirects and <webview>', () => {
    const { emitter } = fakeContents();
    for (const name of ['will-frame-navigate', 'will-redirect', 'will-attach-webview']) {
      const blocked = event({ url: 'https://evil.example/', isMainFrame: false });
      emitter.emit(name, blocked);
      assert.equal(blocked.prevented, true, name);
    }
  });

  test('denies every new window; window.open of an allowlisted link opens the browser', () => {
    const { windowOpen, opened } = fakeContents();
    assert.deepEqual(windowOpen('https://age-encryption.org/v1'), { action: 'deny' });
    assert.deepEqual(windowOpen('https://evil.example/'), { action: 'deny' });
    assert.deepEqual(windowOpen('app://sealdrop/index.html'), { action: 'deny' });
    assert.deepEqual(opened, ['https://age-encryption.org/v1']);
  });
});
