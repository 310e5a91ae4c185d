// The system dialogs of the desktop app (desktop:choose-paths), in Node without Electron: which
// dialog each kind of choice opens, that anything else is refused before a dialog appears, and which
// of a dialog's answers reach the page.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { CHOOSE_KINDS, chosenPaths, dialogOptionsFor } from '../../../src-main/app/choose-paths.ts';

describe('dialogOptionsFor', () => {
  test('each kind opens its own dialog: files (several), a folder, a sealed file (filtered), a destination (new folders allowed)', () => {
    const properties = (kind: string): string[] => {
      const options = dialogOptionsFor({ kind });
      if (!options.ok) assert.fail(options.error.message);
      return options.value.properties;
    };
    assert.deepEqual(properties('files'), ['openFile', 'multiSelections', 'dontAddToRecent']);
    assert.deepEqual(properties('folder'), ['openDirectory', 'dontAddToRecent']);
    assert.deepEqual(properties('sealed-file'), ['openFile', 'dontAddToRecent']);
    assert.deepEqual(properties('destination'), ['openDirectory', 'createDirectory']);
    const sealed = dialogOptionsFor({ kind: 'sealed-file' });
    assert.deepEqual(sealed.ok ? sealed.value.filters?.[0] : null, { name: 'Sealed files', extensions: ['sealdrop', 'age'] });
    for (const kind of CHOOSE_KINDS) {
      const options = dialogOptionsFor({ kind });
      assert.ok(options.ok && options.value.title.length > 0 && options.value.buttonLabel.length > 0, kind);
    }
  });

  test('each answer is a fresh object: a caller changing it changes no later dialog', () => {
    const first = dialogOptionsFor({ kind: 'files' });
    if (first.ok) first.value.properties.push('openDirectory');
    const second = dialogOptionsFor({ kind: 'files' });
    assert.deepEqual(second.ok ? second.value.properties : null, ['openFile', 'multiSelections', 'dontAddToRecent']);
  });

  test('anything but { kind } with a known kind is refused as request-invalid', () => {
    for (const request of [undefined, null, 'files', ['files'], {}, { kind: 'everything' }, { kind: 1 }, { kind: 'files', path: '/' }, { kind: '__proto__' }]) {
      const options = dialogOptionsFor(request);
      assert.equal(options.ok ? 'ok' : options.error.code, 'request-invalid', JSON.stringify(request));
    }
  });
});

describe('chosenPaths', () => {
  test('a cancelled dialog chooses nothing', () => {
    assert.deepEqual(chosenPaths({ canceled: true, filePaths: ['/home/me/a'] }, 'files'), []);
  });

  test('absolute, normalised paths pass; several only for files', () => {
    assert.deepEqual(chosenPaths({ canceled: false, filePaths: ['/home/me/a', '/home/me/b'] }, 'files'), ['/home/me/a', '/home/me/b']);
    assert.deepEqual(chosenPaths({ canceled: false, filePaths: ['/home/me/a', '/home/me/b'] }, 'folder'), ['/home/me/a']);
    assert.deepEqual(chosenPaths({ canceled: false, filePaths: ['relative', '/a/../b', '', `/${'x'.repeat(5000)}`, '/nul\0'] }, 'files'), []);
  });
});
