// `npm start`: Electron when its runtime was downloaded, else one line and the browser mode. The
// runtime is found from the package's path.txt and dist/ without require('electron') (which would
// try to download it).
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { electronExecutable, startPlan } from '../../../scripts/start.ts';

describe('npm start', () => {
  let folder: string;
  before(async () => {
    folder = await mkdtemp(join(tmpdir(), 'sealdrop-start-'));
  });
  after(async () => {
    await rm(folder, { recursive: true, force: true });
  });

  test('finds no runtime without path.txt or without the executable in dist/', async () => {
    const none = join(folder, 'none');
    await mkdir(none);
    assert.equal(electronExecutable(none, {}), null);
    const noDist = join(folder, 'no-dist');
    await mkdir(noDist);
    await writeFile(join(noDist, 'path.txt'), 'electron');
    assert.equal(electronExecutable(noDist, {}), null);
  });

  test('finds the executable path.txt names inside dist/ (or ELECTRON_OVERRIDE_DIST_PATH)', async () => {
    const installed = join(folder, 'installed');
    await mkdir(join(installed, 'dist'), { recursive: true });
    await writeFile(join(installed, 'path.txt'), 'electron');
    await writeFile(join(installed, 'dist', 'electron'), '');
    assert.equal(electronExecutable(installed, {}), join(installed, 'dist', 'electron'));
    const override = join(folder, 'override');
    await mkdir(override);
    await writeFile(join(override, 'electron'), '');
    assert.equal(electronExecutable(installed, { ELECTRON_OVERRIDE_DIST_PATH: override }), join(override, 'electron'));
  });

  test('this machine has no Electron runtime (no internet to download it)', () => {
    const here = join(process.cwd(), 'node_modules', 'electron');
    assert.equal(electronExecutable(here, {}), null);
  });

  test('with a runtime: Electron on the app bundle, with the arguments passed on', () => {
    assert.deepEqual(startPlan({ root: '/p', electron: '/p/node_modules/electron/dist/electron', node: '/n', args: ['x.sealdrop'] }), {
      command: '/p/node_modules/electron/dist/electron',
      args: ['/p/dist/app/main.js', 'x.sealdrop'],
      notice: null,
    });
  });

  test('without: one line saying why, then `sealdrop ui` from the CLI bundle', () => {
    const plan = startPlan({ root: '/p', electron: null, node: '/n/node', args: ['--port', '0'] });
    assert.equal(plan.command, '/n/node');
    assert.deepEqual(plan.args, ['/p/dist/cli/sealdrop.js', 'ui', '--port', '0']);
    assert.match(plan.notice ?? '', /^Electron runtime not installed \(node_modules\/electron\/dist missing\): .*browser mode.*$/);
    assert.ok(!(plan.notice ?? '').includes('\n'));
  });
});
