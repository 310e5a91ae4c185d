// The small decisions of the main process that need no Electron: closing to the tray, the menu,
// where the bundles are, a node process's command line, the data folder and the log.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { appPaths } from '../../../src-main/app/app-paths.ts';
import { closeAction, quitWhenAllWindowsClosed } from '../../../src-main/app/close-behaviour.ts';
import { desktopDataDir, desktopHandlerDeps, jsonLineLogger } from '../../../src-main/app/handler-deps.ts';
import { menuTemplate } from '../../../src-main/app/menu-template.ts';
import { NODE_ARGS_MARKER, nodeArgsFromArgv, nodeProcessArgs } from '../../../src-main/app/node-process-args.ts';

describe('closing the window', () => {
  test('hides to the tray only while a key server runs and the user asked to keep it running', () => {
    assert.equal(closeAction({ quitting: false, keepNodeRunning: true, nodeRunning: true }), 'hide-to-tray');
    assert.equal(closeAction({ quitting: false, keepNodeRunning: true, nodeRunning: false }), 'close');
    assert.equal(closeAction({ quitting: false, keepNodeRunning: false, nodeRunning: true }), 'close');
    assert.equal(closeAction({ quitting: true, keepNodeRunning: true, nodeRunning: true }), 'close');
  });

  test('quits with the last window except on macOS or while in the tray', () => {
    assert.equal(quitWhenAllWindowsClosed('linux', false), true);
    assert.equal(quitWhenAllWindowsClosed('win32', false), true);
    assert.equal(quitWhenAllWindowsClosed('darwin', false), false);
    assert.equal(quitWhenAllWindowsClosed('linux', true), false);
  });
});

describe('menu', () => {
  test('macOS gets the standard menus; elsewhere no menu bar; reload and DevTools only in development', () => {
    const mac = menuTemplate('darwin', false) ?? [];
    assert.deepEqual(mac.map((item) => item.role), ['appMenu', 'editMenu', 'windowMenu']);
    assert.equal(menuTemplate('linux', false), null);
    assert.equal(menuTemplate('win32', false), null);
    const develop = JSON.stringify(menuTemplate('linux', true));
    assert.match(develop, /toggleDevTools/);
    assert.ok(!JSON.stringify(mac).includes('toggleDevTools'));
  });
});

describe('appPaths', () => {
  test('finds the renderer, preload, node entry and icons from dist/app (same inside app.asar)', () => {
    const paths = appPaths('/opt/Sealdrop/resources/app.asar/dist/app', 'linux');
    assert.equal(paths.rendererRoot, '/opt/Sealdrop/resources/app.asar/dist/renderer');
    assert.equal(paths.preload, '/opt/Sealdrop/resources/app.asar/dist/preload/preload.js');
    assert.equal(paths.nodeProcess, '/opt/Sealdrop/resources/app.asar/dist/app/node-process.js');
    assert.equal(paths.windowIcon, '/opt/Sealdrop/resources/app.asar/assets/icons/512x512.png');
    assert.equal(paths.trayIcon, '/opt/Sealdrop/resources/app.asar/assets/icons/32x32.png');
    assert.equal(appPaths('/x/dist/app', 'darwin').trayIcon, '/x/assets/icons/16x16.png');
  });
});

describe('node process arguments', () => {
  test('round-trip through an argv with anything before the marker', () => {
    const args = nodeProcessArgs('/data/node/node.json');
    assert.deepEqual(args, [NODE_ARGS_MARKER, 'node', 'run', '--config', '/data/node/node.json', '--json']);
    assert.deepEqual(nodeArgsFromArgv(['/electron', '/app/node-process.js', ...args]), ['node', 'run', '--config', '/data/node/node.json', '--json']);
  });

  test('refuse anything but `node run` and an argv without the marker', () => {
    assert.equal(nodeArgsFromArgv(['/electron', 'node', 'run']), null);
    assert.equal(nodeArgsFromArgv([NODE_ARGS_MARKER, 'seal', 'x']), null);
    assert.equal(nodeArgsFromArgv([NODE_ARGS_MARKER, 'identity', 'export']), null);
  });
});

describe('desktop handler dependencies', () => {
  test('the data folder is the CLI\'s: SEALDROP_HOME, else XDG_CONFIG_HOME/sealdrop, else ~/.config/sealdrop', () => {
    assert.equal(desktopDataDir({ SEALDROP_HOME: '/srv/s' }, '/home/ann'), '/srv/s');
    assert.equal(desktopDataDir({ XDG_CONFIG_HOME: '/cfg' }, '/home/ann'), join('/cfg', 'sealdrop'));
    assert.equal(desktopDataDir({}, '/home/ann'), '/home/ann/.config/sealdrop');
  });

  test('face desktop; passphrases only from the environment, the identity\'s and the nodes\' apart', async () => {
    const deps = desktopHandlerDeps({ dataDir: '/d', env: { SEALDROP_PASSPHRASE: 'id-pw', SEALDROP_NODE_PASSPHRASE: 'node-pw' }, spawnNode: () => assert.fail(), logger: () => {} });
    assert.equal(deps.face, 'desktop');
    assert.equal(deps.dataDir, '/d');
    assert.equal(await deps.passphrase({ purpose: 'unlock', name: 'identity', address: null }), 'id-pw');
    assert.equal(await deps.passphrase({ purpose: 'unlock', name: 'node-devnet-1', address: null }), 'node-pw');
    const bare = desktopHandlerDeps({ dataDir: '/d', env: {}, spawnNode: () => assert.fail(), logger: () => {} });
    assert.equal(await bare.passphrase({ purpose: 'unlock', name: 'identity', address: null }), null);
  });

  test('the log is one JSON object per line with a time', () => {
    const lines: string[] = [];
    jsonLineLogger((line) => lines.push(line), () => 0)('ipc-refused-sender', { channel: 'app:info' });
    assert.deepEqual(lines, ['{"time":"1970-01-01T00:00:00.000Z","event":"ipc-refused-sender","channel":"app:info"}\n']);
  });
});
