// The IPC sender check (Electron security checklist: "validate the sender of all IPC messages"):
// only the main frame of one of our windows showing an app://sealdrop/ page is trusted.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APP_ENTRY_URL, APP_ORIGIN, isAppUrl } from '../../../src-main/app/app-origin.ts';
import { isTrustedSender } from '../../../src-main/app/trusted-sender.ts';

const ours = { frameUrl: APP_ENTRY_URL, isMainFrame: true, isOurWindow: true };

describe('isAppUrl', () => {
  test('accepts pages and files of app://sealdrop/', () => {
    assert.equal(APP_ORIGIN, 'app://sealdrop');
    for (const url of ['app://sealdrop/', 'app://sealdrop/index.html', 'app://sealdrop/assets/app.js?v=1#x', 'app://sealdrop']) {
      assert.equal(isAppUrl(url), true, url);
    }
  });

  test('refuses other schemes, hosts, credentials, ports and garbage', () => {
    for (const url of [
      'file:///work/main/dist/renderer/index.html',
      'https://sealdrop/index.html',
      'http://localhost/',
      'app://evil/index.html',
      'app://sealdrop.evil.com/',
      'app://user@sealdrop/',
      'app://user:pw@sealdrop/',
      'app://sealdrop:8080/',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'data:text/html,<script>1</script>',
      'javascript:alert(1)',
      '',
      'app:sealdrop',
      'not a url',
    ]) {
      assert.equal(isAppUrl(url), false, url);
    }
  });
});

describe('isTrustedSender', () => {
  test('trusts the main frame of our window on an app:// page', () => {
    assert.equal(isTrustedSender(ours), true);
    assert.equal(isTrustedSender({ ...ours, frameUrl: 'app://sealdrop/open' }), true);
  });

  test('refuses an iframe, even one on an app:// page', () => {
    assert.equal(isTrustedSender({ ...ours, isMainFrame: false }), false);
  });

  test('refuses a webContents that is not one of our windows (DevTools, a foreign window)', () => {
    assert.equal(isTrustedSender({ ...ours, isOurWindow: false }), false);
  });

  test('refuses a frame that is gone (navigated or destroyed after sending)', () => {
    assert.equal(isTrustedSender({ ...ours, frameUrl: null }), false);
  });

  test('refuses our window once it shows anything but an app:// page', () => {
    for (const frameUrl of ['file:///etc/passwd', 'https://example.com/', 'about:blank', 'app://other/index.html', 'chrome-error://chromewebdata/', '']) {
      assert.equal(isTrustedSender({ ...ours, frameUrl }), false, frameUrl);
    }
  });
});
