// Where the desktop app's files are, from the folder of the main bundle (dist/app/main.js). The same
// layout holds in the project (npm run build) and inside the packaged app.asar, whose root is the
// project's files list in electron-builder.yml.
import { join, resolve } from 'node:path';

/** The files the main process loads. */
export type AppPaths = {
  /** The renderer build, served as app://sealdrop/. */
  readonly rendererRoot: string;
  /** The sandboxed preload bundle. */
  readonly preload: string;
  /** The entry a key server node runs in (a utility process). */
  readonly nodeProcess: string;
  /** Window icon (Linux, Windows). */
  readonly windowIcon: string;
  /** Tray icon for this platform. */
  readonly trayIcon: string;
};

/** The paths, given the folder holding main.js and the platform (process.platform). */
export function appPaths(mainBundleDir: string, platform: string): AppPaths {
  const root = resolve(mainBundleDir, '..', '..');
  return {
    rendererRoot: join(root, 'dist', 'renderer'),
    preload: join(root, 'dist', 'preload', 'preload.js'),
    nodeProcess: join(resolve(mainBundleDir), 'node-process.js'),
    windowIcon: join(root, 'assets', 'icons', '512x512.png'),
    // macOS menu bar icons are 16 pt; Linux panels and the Windows notification area scale 32 px well.
    trayIcon: join(root, 'assets', 'icons', platform === 'darwin' ? '16x16.png' : '32x32.png'),
  };
}
