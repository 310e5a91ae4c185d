// Web permissions and requests of the app's pages: refused, except sanitized clipboard writes from
// our own main frame; requests only to the app itself (and images the page made).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { GRANTED_PERMISSIONS, isPermissionGranted } from '../../../src-main/app/permissions.ts';
import { isAllowedRendererRequest } from '../../../src-main/app/request-filter.ts';

// Every permission Electron 45's setPermissionRequestHandler can be asked for (electron.d.ts).
const ELECTRON_PERMISSIONS = [
  'ar', 'automatic-fullscreen', 'background-fetch', 'background-sync', 'captured-surface-control', 'clipboard-read',
  'clipboard-sanitized-write', 'deprecated-sync-clipboard-read', 'display-capture', 'fileSystem', 'fullscreen', 'geolocation',
  'geolocation-approximate', 'hand-tracking', 'hid', 'idle-detection', 'keyboardLock', 'local-fonts', 'local-network',
  'local-network-access', 'loopback-network', 'media', 'mediaKeySystem', 'midi', 'midiSysex', 'nfc', 'notifications',
  'openExternal', 'payment-handler', 'periodic-background-sync', 'persistent-storage', 'pointerLock', 'screen-wake-lock',
  'sensors', 'serial', 'smart-card', 'speaker-selection', 'storage-access', 'system-wake-lock', 'top-level-storage-access',
  'usb', 'vr', 'web-app-installation', 'web-printing', 'window-management', 'unknown',
];

describe('isPermissionGranted', () => {
  test('refuses every permission but sanitized clipboard writes, even to our own page', () => {
    for (const permission of ELECTRON_PERMISSIONS) {
      assert.equal(isPermissionGranted(permission, 'app://sealdrop/index.html', true), permission === 'clipboard-sanitized-write', permission);
    }
    assert.deepEqual([...GRANTED_PERMISSIONS], ['clipboard-sanitized-write']);
  });

  test('refuses clipboard writes to iframes and to anything not served from app://sealdrop', () => {
    assert.equal(isPermissionGranted('clipboard-sanitized-write', 'app://sealdrop', true), true);
    assert.equal(isPermissionGranted('clipboard-sanitized-write', 'app://sealdrop/index.html', false), false);
    for (const url of ['https://example.com/', 'file:///tmp/x.html', 'app://evil/', 'devtools://devtools/', '']) {
      assert.equal(isPermissionGranted('clipboard-sanitized-write', url, true), false, url);
    }
  });

  test('refuses clipboard reads', () => {
    assert.equal(isPermissionGranted('clipboard-read', 'app://sealdrop/index.html', true), false);
  });
});

describe('isAllowedRendererRequest', () => {
  test('lets the app load its own files and images it made', () => {
    for (const url of ['app://sealdrop/index.html', 'app://sealdrop/assets/app.js', 'data:image/png;base64,AAAA', 'blob:app://sealdrop/0b6e-11']) {
      assert.equal(isAllowedRendererRequest(url, false), true, url);
    }
  });

  test('cancels everything else, DevTools pages only while developing', () => {
    for (const url of ['https://example.com/x.js', 'http://127.0.0.1:8545/', 'ws://127.0.0.1:1/', 'file:///etc/passwd', 'blob:https://evil/1', 'app://other/x']) {
      assert.equal(isAllowedRendererRequest(url, true), false, url);
    }
    assert.equal(isAllowedRendererRequest('devtools://devtools/bundled/inspector.html', false), false);
    assert.equal(isAllowedRendererRequest('devtools://devtools/bundled/inspector.html', true), true);
  });
});
