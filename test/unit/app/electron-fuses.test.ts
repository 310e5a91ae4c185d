// The afterPack hook's fuses (issue 5, hardening): RunAsNode, NODE_OPTIONS and --inspect off; asar
// integrity, asar-only loading and cookie encryption on; no file:// privileges. Flipped for real on
// a stand-in binary that carries an Electron fuse wire.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { flipFuses, FuseState, FuseV1Options, FuseVersion, getCurrentFuseWire, type FuseV1Config } from '@electron/fuses';
import { Arch } from 'electron-builder';
import { afterPack, ARCH_ARM64, fuseConfig, type FuseHookContext } from '../../../scripts/electron-fuses.ts';
import { standInElectronBinary } from './stand-in-electron.ts';

describe('fuse configuration', () => {
  test('turns off every way to run Sealdrop as a plain Node or attach a debugger', () => {
    const config = fuseConfig('linux', Arch.x64) as Record<number | string, unknown>;
    assert.equal(config.version, FuseVersion.V1);
    assert.equal(config[FuseV1Options.RunAsNode], false);
    assert.equal(config[FuseV1Options.EnableNodeOptionsEnvironmentVariable], false);
    assert.equal(config[FuseV1Options.EnableNodeCliInspectArguments], false);
  });

  test('loads the app only from an integrity-checked app.asar, encrypts cookies, no file:// privileges', () => {
    const config = fuseConfig('win32', Arch.x64) as Record<number | string, unknown>;
    assert.equal(config[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], true);
    assert.equal(config[FuseV1Options.OnlyLoadAppFromAsar], true);
    assert.equal(config[FuseV1Options.EnableCookieEncryption], true);
    assert.equal(config[FuseV1Options.GrantFileProtocolExtraPrivileges], false);
  });

  test('redoes the ad-hoc signature only for arm64 macOS binaries', () => {
    assert.equal(ARCH_ARM64, Arch.arm64);
    assert.equal(fuseConfig('darwin', Arch.arm64).resetAdHocDarwinSignature, true);
    assert.equal(fuseConfig('mas', Arch.arm64).resetAdHocDarwinSignature, true);
    assert.equal(fuseConfig('darwin', Arch.x64).resetAdHocDarwinSignature, false);
    assert.equal(fuseConfig('linux', Arch.arm64).resetAdHocDarwinSignature, false);
  });
});

describe('afterPack hook', () => {
  test('hands electron-builder the configuration for the platform and architecture it packed', async () => {
    const calls: Array<[FuseHookContext, FuseV1Config]> = [];
    const context: FuseHookContext = {
      electronPlatformName: 'darwin',
      arch: Arch.arm64,
      packager: {
        async addElectronFuses(given, fuses) {
          calls.push([given, fuses]);
        },
      },
    };
    await afterPack(context);
    assert.equal(calls.length, 1);
    assert.equal(calls[0]?.[0], context);
    assert.deepEqual(calls[0]?.[1], fuseConfig('darwin', Arch.arm64));
  });

  test('flips the fuses of a binary (a stand-in with Electron\'s fuse wire)', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'sealdrop-fuses-'));
    try {
      const binary = join(folder, 'sealdrop');
      await writeFile(binary, standInElectronBinary());
      await afterPack({
        electronPlatformName: 'linux',
        arch: Arch.x64,
        // What electron-builder's addElectronFuses does once it has found the executable.
        packager: { addElectronFuses: (_context, fuses) => flipFuses(binary, fuses) },
      });
      const wire = (await getCurrentFuseWire(binary)) as Record<number, FuseState>;
      assert.equal(wire[FuseV1Options.RunAsNode], FuseState.DISABLE);
      assert.equal(wire[FuseV1Options.EnableCookieEncryption], FuseState.ENABLE);
      assert.equal(wire[FuseV1Options.EnableNodeOptionsEnvironmentVariable], FuseState.DISABLE);
      assert.equal(wire[FuseV1Options.EnableNodeCliInspectArguments], FuseState.DISABLE);
      assert.equal(wire[FuseV1Options.EnableEmbeddedAsarIntegrityValidation], FuseState.ENABLE);
      assert.equal(wire[FuseV1Options.OnlyLoadAppFromAsar], FuseState.ENABLE);
      assert.equal(wire[FuseV1Options.GrantFileProtocolExtraPrivileges], FuseState.DISABLE);
      // Left as Electron ships them.
      assert.equal(wire[FuseV1Options.LoadBrowserProcessSpecificV8Snapshot], FuseState.DISABLE);
      assert.equal(wire[FuseV1Options.WasmTrapHandlers], FuseState.ENABLE);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});
