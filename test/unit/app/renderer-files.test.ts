// app://sealdrop/ requests map to files of the renderer build and never outside it.
import assert from 'node:assert/strict';
import { join, resolve } from 'node:path';
import { describe, test } from 'node:test';
import { rendererFilePath } from '../../../src-main/app/renderer-files.ts';

const root = resolve('/opt/sealdrop/dist/renderer');

describe('rendererFilePath', () => {
  test('serves files of the build by their path', () => {
    assert.equal(rendererFilePath(root, 'app://sealdrop/index.html'), join(root, 'index.html'));
    assert.equal(rendererFilePath(root, 'app://sealdrop/assets/app.js'), join(root, 'assets', 'app.js'));
    assert.equal(rendererFilePath(root, 'app://sealdrop/assets/app.js?v=3#x'), join(root, 'assets', 'app.js'));
    assert.equal(rendererFilePath(root, 'app://sealdrop/fonts/Inter%20Var.woff2'), join(root, 'fonts', 'Inter Var.woff2'));
  });

  test('answers the page itself for the root and for extensionless routes', () => {
    assert.equal(rendererFilePath(root, 'app://sealdrop/'), join(root, 'index.html'));
    assert.equal(rendererFilePath(root, 'app://sealdrop'), join(root, 'index.html'));
    assert.equal(rendererFilePath(root, 'app://sealdrop/open'), join(root, 'index.html'));
    assert.equal(rendererFilePath(root, 'app://sealdrop/settings/networks'), join(root, 'index.html'));
  });

  test('never leaves the build folder', () => {
    for (const url of [
      'app://sealdrop/../../etc/passwd',
      'app://sealdrop/%2e%2e/%2e%2e/etc/passwd',
      'app://sealdrop/assets/%2e%2e%2f%2e%2e%2f%2e%2e%2fetc%2fpasswd',
      'app://sealdrop/..%2f..%2fpackage.json',
      'app://sealdrop/assets/..%5c..%5csecret.json',
      'app://sealdrop/%5c%5cserver%5cshare%5cx.js',
      'app://sealdrop/a%00.js',
      'app://sealdrop/%E0%A4%A',
    ]) {
      const file = rendererFilePath(root, url);
      assert.ok(file === null || file.startsWith(root + '/'), `${url} → ${file}`);
      if (file !== null) assert.ok(!file.includes('..'), `${url} → ${file}`);
    }
    assert.equal(rendererFilePath(root, 'app://sealdrop/..%2f..%2fpackage.json'), null);
    assert.equal(rendererFilePath(root, 'app://sealdrop/a%00.js'), null);
    assert.equal(rendererFilePath(root, 'app://sealdrop/%E0%A4%A'), null);
  });

  test('serves nothing for other schemes, hosts, credentials or ports', () => {
    for (const url of ['file:///opt/sealdrop/dist/renderer/index.html', 'app://other/index.html', 'app://u:p@sealdrop/index.html', 'app://sealdrop:1/index.html', 'https://sealdrop/index.html', 'nonsense']) {
      assert.equal(rendererFilePath(root, url), null, url);
    }
  });
});
