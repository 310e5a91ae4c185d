// The default data folder: SEALDROP_HOME, then the XDG config folder, then ~/.config.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { defaultDataDir } from '../../../src-main/domain/identity/data-dir.ts';

test('SEALDROP_HOME wins, then an absolute XDG_CONFIG_HOME, then ~/.config/sealdrop', () => {
  assert.equal(defaultDataDir({ SEALDROP_HOME: '/srv/sd', XDG_CONFIG_HOME: '/x' }, '/home/u'), '/srv/sd');
  assert.equal(defaultDataDir({ SEALDROP_HOME: '', XDG_CONFIG_HOME: '/x' }, '/home/u'), '/x/sealdrop');
  assert.equal(defaultDataDir({ XDG_CONFIG_HOME: 'relative' }, '/home/u'), '/home/u/.config/sealdrop');
  assert.equal(defaultDataDir({}, '/home/u'), '/home/u/.config/sealdrop');
});
