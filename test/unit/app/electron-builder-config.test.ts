// electron-builder.yml (issue 5, Packaging): valid for electron-builder 26's own schema; AppImage and
// deb, dmg, nsis; the .sealdrop file association and the sealdrop:// link handler; icons that exist
// at the sizes each platform needs; only the built bundles packed, in an asar; the fuses hook.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const require = createRequire(import.meta.url);
// js-yaml and app-builder-lib come with electron-builder (no dependency of our own).
const yaml = require('js-yaml') as { load(text: string): unknown };
const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
  validateConfiguration(config: unknown, debugLogger: { isEnabled: boolean; add(key: string, value: unknown): void }): Promise<void>;
};

type Config = {
  appId: string;
  productName: string;
  directories: { output: string; buildResources: string };
  files: string[];
  extraMetadata: { main: string };
  asar: boolean;
  npmRebuild: boolean;
  afterPack: string;
  fileAssociations: Array<{ ext: string; name: string; description: string; mimeType: string; role: string }>;
  protocols: Array<{ name: string; schemes: string[] }>;
  linux: { target: string[]; icon: string; executableName: string; maintainer: string };
  mac: { target: string[]; icon: string; hardenedRuntime: boolean };
  win: { target: string[]; icon: string };
};

const config = yaml.load(readFileSync(join(ROOT, 'electron-builder.yml'), 'utf8')) as Config;

/** Width and height of a PNG file (from its IHDR chunk). */
function pngSize(file: string): { width: number; height: number } {
  const bytes = readFileSync(file);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is a PNG`);
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

describe('electron-builder.yml', () => {
  test('matches electron-builder\'s configuration schema', async () => {
    await validateConfiguration(config, { isEnabled: false, add() {} });
  });

  test('names the app and builds AppImage and deb, dmg, nsis', () => {
    assert.equal(config.appId, 'org.sealdrop.app');
    assert.equal(config.productName, 'Sealdrop');
    assert.deepEqual(config.linux.target, ['AppImage', 'deb']);
    assert.deepEqual(config.mac.target, ['dmg']);
    assert.deepEqual(config.win.target, ['nsis']);
    assert.ok(config.linux.maintainer.length > 0, 'deb needs a maintainer');
  });

  test('associates .sealdrop files and handles sealdrop:// links', () => {
    assert.equal(config.fileAssociations.length, 1);
    const association = config.fileAssociations[0];
    assert.equal(association?.ext, 'sealdrop');
    assert.equal(association?.mimeType, 'application/x-sealdrop');
    assert.ok((association?.name ?? '').length > 0 && (association?.description ?? '').length > 0);
    assert.deepEqual(config.protocols.flatMap((protocol) => protocol.schemes), ['sealdrop']);
  });

  test('packs only the built bundles and icons, into an asar, starting the app bundle', () => {
    assert.equal(config.asar, true);
    assert.deepEqual(config.files.filter((pattern) => !pattern.startsWith('!')).sort(), ['assets/icons/**', 'dist/app/**', 'dist/preload/**', 'dist/renderer/**', 'package.json']);
    assert.ok(config.files.includes('!**/*.map'));
    assert.equal(config.extraMetadata.main, 'dist/app/main.js');
    assert.equal(config.npmRebuild, false, 'native dependencies are N-API prebuilt');
    // Packages go outside dist/, which the files patterns above read.
    assert.ok(!config.directories.output.startsWith('dist'));
  });

  test('the afterPack hook exists and exports the fuse hook', async () => {
    assert.ok(config.afterPack.startsWith('./'));
    const hook = join(ROOT, config.afterPack);
    assert.ok(existsSync(hook), hook);
    const module = (await import(hook)) as { afterPack?: unknown };
    assert.equal(typeof module.afterPack, 'function');
  });

  test('icons exist: a 512x512 PNG for macOS and Windows, the Linux set by size', () => {
    for (const icon of [config.mac.icon, config.win.icon]) {
      assert.deepEqual(pngSize(join(ROOT, icon)), { width: 512, height: 512 }, icon);
    }
    assert.equal(config.directories.buildResources, 'assets');
    for (const size of [16, 32, 48, 64, 128, 256, 512]) {
      assert.deepEqual(pngSize(join(ROOT, config.linux.icon, `${size}x${size}.png`)), { width: size, height: size });
    }
  });
});
