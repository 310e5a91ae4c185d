// Packs the app with the real electron-builder (linux `dir` target, no installer) around a stand-in
// Electron executable, since the real runtime cannot be downloaded here. It proves what this machine
// can: the configuration loads, only the built bundles and production dependencies go into an
// app.asar that starts dist/app/main.js, native modules are unpacked, and the afterPack hook really
// flips the fuses of the packaged executable. (About 10-15 s; needs `npm run build` first.)
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chmod, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { FuseState, FuseV1Options, getCurrentFuseWire } from '@electron/fuses';
import { standInElectronBinary } from './stand-in-electron.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
// @electron/asar comes with electron-builder; read the archive in memory (never extract into the project).
const asar = require('@electron/asar') as { listPackage(archive: string, options: object): string[]; extractFile(archive: string, file: string): Buffer };

/** Runs electron-builder's CLI on this Node (Node 22: the hook is TypeScript) from the project root. */
function electronBuilder(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(ROOT, 'node_modules', 'electron-builder', 'cli.js'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ELECTRON_BUILDER_CACHE: join(tmpdir(), 'sealdrop-eb-cache-unused') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

describe('electron-builder packs the app (stand-in Electron)', { timeout: 180_000 }, () => {
  let folder: string;
  let unpacked: string;
  let archive: string;
  let files: string[];

  before(async () => {
    assert.ok(existsSync(join(ROOT, 'dist', 'app', 'main.js')), 'dist/app/main.js is missing: run `npm run build` first');
    folder = await mkdtemp(join(tmpdir(), 'sealdrop-pack-'));
    const electronDist = join(folder, 'electron-dist');
    await mkdir(electronDist);
    await writeFile(join(electronDist, 'electron'), standInElectronBinary());
    await chmod(join(electronDist, 'electron'), 0o755);
    const output = join(folder, 'out');
    const result = await electronBuilder(['--linux', 'dir', '--config', 'electron-builder.yml', `-c.electronDist=${electronDist}`, `-c.directories.output=${output}`, '--publish', 'never']);
    assert.equal(result.code, 0, result.output);
    unpacked = join(output, 'linux-unpacked');
    archive = join(unpacked, 'resources', 'app.asar');
    files = asar.listPackage(archive, {}).map((file) => file.replaceAll('\\', '/'));
  });

  after(async () => {
    if (folder !== undefined) await rm(folder, { recursive: true, force: true });
  });

  test('the afterPack hook flipped the packaged executable\'s fuses', async () => {
    const wire = (await getCurrentFuseWire(join(unpacked, 'sealdrop'))) as Record<number, FuseState>;
    assert.equal(wire[FuseV1Options.RunAsNode], FuseState.DISABLE);
    assert.equal(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], FuseState.DISABLE);
    assert.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], FuseState.DISABLE);
    assert.equal(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], FuseState.ENABLE);
    assert.equal(wire[FuseV1Options.OnlyLoadAppFromAsar], FuseState.ENABLE);
    assert.equal(wire[FuseV1Options.EnableCookieEncryption], FuseState.ENABLE);
  });

  test('app.asar starts dist/app/main.js and holds the bundles, the icons and package.json', () => {
    const manifest = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as { main?: string; type?: string; scripts?: unknown; devDependencies?: unknown };
    assert.equal(manifest.main, 'dist/app/main.js');
    assert.equal(manifest.type, 'module', 'main.js and node-process.js are ES modules');
    for (const file of ['/dist/app/main.js', '/dist/app/node-process.js', '/dist/app/chunk-worker.js', '/dist/preload/preload.js', '/assets/icons/512x512.png', '/package.json']) {
      assert.ok(files.includes(file), file);
    }
    if (existsSync(join(ROOT, 'dist', 'renderer', 'index.html'))) assert.ok(files.includes('/dist/renderer/index.html'));
  });

  test('app.asar holds no sources, tests, scripts, source maps, CLI bundle or development dependencies', () => {
    const own = files.filter((file) => !file.startsWith('/node_modules/'));
    for (const file of own) {
      assert.ok(/^\/(dist\/(app|preload|renderer)|assets\/icons|package\.json)/.test(file) || ['/dist', '/assets', '/node_modules'].includes(file), file);
      assert.ok(!file.endsWith('.map'), file);
    }
    for (const dev of ['electron', 'electron-builder', 'esbuild', 'typescript', 'playwright-core', 'hardhat', 'solc']) {
      assert.ok(!files.includes(`/node_modules/${dev}`), `${dev} is a development dependency`);
    }
    for (const production of ['zod', 'libp2p', 'classic-level', '@napi-rs/keyring']) {
      assert.ok(files.includes(`/node_modules/${production}`), `${production} is a production dependency`);
    }
  });

  test('native modules are unpacked next to the archive (they cannot load from inside it)', async () => {
    const unpackedModules = await readdir(join(unpacked, 'resources', 'app.asar.unpacked', 'node_modules'));
    assert.ok(unpackedModules.includes('classic-level'), unpackedModules.join(', '));
  });
});
