// The Electron main bundle (scripts/build.ts): ESM for Node 22, electron left to the runtime, the
// node-process and chunk-worker entries next to it, and the CLI bundle unchanged beside it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { build } from 'esbuild';
import { appBuild, cliBuild } from '../../../scripts/build.ts';

describe('app bundle', () => {
  test('main, node-process and chunk-worker, with electron external', async () => {
    const result = await build({ ...appBuild, write: false, sourcemap: false, logLevel: 'silent' });
    const byName = new Map(result.outputFiles.map((file) => [file.path.split('/').slice(-2).join('/'), file.text]));
    assert.deepEqual([...byName.keys()].sort(), ['app/chunk-worker.js', 'app/main.js', 'app/node-process.js']);
    const main = byName.get('app/main.js') ?? '';
    assert.match(main, /from "electron"/);
    // Bundled Electron code would mean electron was not external (it is only a path string in Node).
    assert.ok(!main.includes('ELECTRON_OVERRIDE_DIST_PATH'));
    // The CLI's self-start block must not be in a bundle it does not start.
    assert.ok(!main.includes('import.meta.main'));
    assert.ok(!(byName.get('app/node-process.js') ?? '').includes('from "electron"'), 'a node process does not need electron');
  });

  test('the CLI bundle keeps its entries and output folder', () => {
    assert.deepEqual(cliBuild.entryPoints, { sealdrop: 'src-main/cli/main.ts', 'chunk-worker': 'src-main/domain/seal/age/chunk-worker.ts' });
    assert.equal(cliBuild.outdir, 'dist/cli');
    assert.equal(cliBuild.format, 'esm');
  });
});
