// The options of every window the app opens (Electron security checklist: sandbox, context
// isolation, no Node integration, web security on). Plain module: the type comes from electron, the
// values are checked in Node by test/unit/app/window-options.test.ts.
import type { BrowserWindowConstructorOptions } from 'electron';

/** Files a window needs. */
export type WindowPaths = {
  /** The built preload (dist/preload/preload.js), absolute. */
  readonly preload: string;
  /** The window icon on Linux and Windows (macOS uses the bundle's). */
  readonly icon?: string;
};

/** Options for the main window. `devTools` only in development (an unpackaged app). */
export function windowOptions(paths: WindowPaths, options: { devTools: boolean }): BrowserWindowConstructorOptions {
  return {
    width: 1100,
    height: 760,
    minWidth: 720,
    minHeight: 520,
    title: 'Sealdrop',
    // Shown once the first paint is ready, so the window never flashes white in dark mode.
    show: false,
    backgroundColor: '#1d4b55',
    ...(paths.icon === undefined ? {} : { icon: paths.icon }),
    webPreferences: {
      preload: paths.preload,
      // The renderer process is sandboxed by the OS: no Node, no file system, only what window.api offers.
      sandbox: true,
      // The preload's world is separate from the page's: the page cannot reach ipcRenderer.
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      // Same-origin policy and mixed-content blocking stay on.
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      // Dropping a file outside the drop zone must not navigate the window to it.
      navigateOnDragDrop: false,
      // Dialogs a page could spam are reduced to one.
      safeDialogs: true,
      spellcheck: false,
      devTools: options.devTools,
    },
  };
}
