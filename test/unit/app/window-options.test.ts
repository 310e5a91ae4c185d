// Every window is sandboxed, context-isolated, without Node, with web security on (Electron security
// checklist items 2-6 and 9-12), and loads the built preload.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { windowOptions } from '../../../src-main/app/window-options.ts';

describe('windowOptions', () => {
  const options = windowOptions({ preload: '/opt/sealdrop/dist/preload/preload.js', icon: '/opt/i.png' }, { devTools: false });
  const web = options.webPreferences ?? {};

  test('sandbox, context isolation, no Node integration anywhere, web security on', () => {
    assert.equal(web.sandbox, true);
    assert.equal(web.contextIsolation, true);
    assert.equal(web.nodeIntegration, false);
    assert.equal(web.nodeIntegrationInWorker, false);
    assert.equal(web.nodeIntegrationInSubFrames, false);
    assert.equal(web.webSecurity, true);
    assert.equal(web.allowRunningInsecureContent, false);
  });

  test('no experimental features, no <webview>, no navigation by dropping a file', () => {
    assert.equal(web.experimentalFeatures, false);
    assert.equal(web.webviewTag, false);
    assert.equal(web.navigateOnDragDrop, false);
    assert.equal(web.spellcheck, false);
  });

  test('the preload is the built bundle; DevTools only when asked (development)', () => {
    assert.equal(web.preload, '/opt/sealdrop/dist/preload/preload.js');
    assert.equal(web.devTools, false);
    assert.equal(windowOptions({ preload: '/p.js' }, { devTools: true }).webPreferences?.devTools, true);
  });

  test('sets nothing that would weaken the defaults', () => {
    const risky = ['enableBlinkFeatures', 'additionalArguments', 'disableBlinkFeatures', 'partition', 'session', 'plugins', 'contextIsolationInWorker'];
    for (const key of risky) assert.ok(!(key in web), key);
    assert.equal(options.show, false, 'shown on ready-to-show');
  });
});
