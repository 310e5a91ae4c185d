// The app's windows: how one is made (hardened options, the app:// entry page) and which webContents
// are ours, which the IPC sender check asks. One main window; a second request focuses it.
import { BrowserWindow, type WebContents } from 'electron';
import { APP_ENTRY_URL } from './app-origin.ts';
import { windowOptions, type WindowPaths } from './window-options.ts';

/** The set of windows the app opened. */
export class AppWindows {
  readonly #windows = new Set<BrowserWindow>();
  readonly #paths: WindowPaths;
  readonly #devTools: boolean;
  readonly #log: (event: string, details?: Record<string, unknown>) => void;

  constructor(paths: WindowPaths, options: { devTools: boolean; log: (event: string, details?: Record<string, unknown>) => void }) {
    this.#paths = paths;
    this.#devTools = options.devTools;
    this.#log = options.log;
  }

  /** Opens a window on the app's entry page. */
  create(): BrowserWindow {
    const window = new BrowserWindow(windowOptions(this.#paths, { devTools: this.#devTools }));
    this.#windows.add(window);
    window.once('closed', () => this.#windows.delete(window));
    window.once('ready-to-show', () => window.show());
    window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
      // The renderer build is missing or broken: say so in the log; the window shows Chromium's error page.
      this.#log('window-load-failed', { url: APP_ENTRY_URL, error: String(error) });
    });
    return window;
  }

  /** The main window, if one is open. */
  main(): BrowserWindow | null {
    for (const window of this.#windows) if (!window.isDestroyed()) return window;
    return null;
  }

  /** Shows and focuses the main window, opening one if there is none. */
  reveal(): BrowserWindow {
    const window = this.main();
    // A new window shows itself once painted (ready-to-show), so it never flashes empty.
    if (window === null) return this.create();
    if (window.isMinimized()) window.restore();
    window.show();
    window.focus();
    return window;
  }

  /** Sends an event to the page of every open window. */
  broadcast(event: string, payload: unknown): void {
    for (const window of this.#windows) if (!window.isDestroyed()) window.webContents.send(event, payload);
  }

  /** True when `contents` is the page of one of our windows (not DevTools, not anything else). */
  owns(contents: WebContents): boolean {
    const window = BrowserWindow.fromWebContents(contents);
    return window !== null && this.#windows.has(window) && window.webContents === contents;
  }
}
