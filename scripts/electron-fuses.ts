// electron-builder `afterPack` hook (electron-builder.yml): flips Electron's fuses in the packaged
// binary, before electron-builder signs it. Fuses are build-time switches baked into the executable,
// so a packaged Sealdrop cannot be turned back into a general Node runtime or debugged into by
// anyone who can start it with chosen arguments or environment variables.
// test/unit/app/electron-fuses.test.ts checks the configuration and the hook's call.
import { FuseV1Options, FuseVersion, type FuseV1Config } from '@electron/fuses';

/** builder-util's `Arch.arm64` (the test checks it against electron-builder's enum). */
export const ARCH_ARM64 = 3;

/** What this hook uses of electron-builder's AfterPackContext. */
export interface FuseHookContext {
  readonly electronPlatformName: string;
  readonly arch: number;
  readonly packager: {
    /** electron-builder's own helper: finds the packaged executable for the platform and flips its fuses. */
    addElectronFuses(context: FuseHookContext, fuses: FuseV1Config): Promise<unknown>;
  };
}

/** The fuses Sealdrop ships with, for a packaged app of the given platform and architecture. */
export function fuseConfig(electronPlatformName: string, arch: number): FuseV1Config {
  return {
    version: FuseVersion.V1,
    // Flipping fuses changes the binary; an arm64 macOS binary must carry a valid signature to start
    // at all, so its ad-hoc signature is redone (electron-builder signs properly afterwards).
    resetAdHocDarwinSignature: (electronPlatformName === 'darwin' || electronPlatformName === 'mas') && arch === ARCH_ARM64,
    // ELECTRON_RUN_AS_NODE would turn Sealdrop into a plain Node interpreter with its code signature.
    [FuseV1Options.RunAsNode]: false,
    // NODE_OPTIONS could preload arbitrary code (--require) into the main process, which holds the keys.
    [FuseV1Options.EnableNodeOptionsEnvironmentVariable]: false,
    // --inspect / --inspect-brk would open a debugger into the main process.
    [FuseV1Options.EnableNodeCliInspectArguments]: false,
    // The app code in app.asar must match the hash electron-builder embeds (macOS, Windows).
    [FuseV1Options.EnableEmbeddedAsarIntegrityValidation]: true,
    // Never load the app from a loose folder placed next to (or instead of) the checked app.asar.
    [FuseV1Options.OnlyLoadAppFromAsar]: true,
    // Cookies and other Chromium storage encrypted with an OS-keychain-held key.
    [FuseV1Options.EnableCookieEncryption]: true,
    // The app is served from app://, never file://: file:// pages get no extra privileges.
    [FuseV1Options.GrantFileProtocolExtraPrivileges]: false,
  };
}

/** The afterPack hook electron-builder calls once per platform and architecture it packs. */
export async function afterPack(context: FuseHookContext): Promise<void> {
  await context.packager.addElectronFuses(context, fuseConfig(context.electronPlatformName, context.arch));
}

export default afterPack;
