// Applied to every webContents the app ever creates (windows, DevTools, anything a page might try):
// no navigation away from the loaded page in any frame, no redirects, no new windows, no <webview>.
// A link the user clicks goes to their browser, and only when it is on the allowlist. Plain module
// (Electron's types only; shell.openExternal is passed in), so it is unit-tested with a fake.
import type { WebContents } from 'electron';
import { isAllowedExternalUrl } from './external-links.ts';

/** What hardening needs besides the webContents. */
export type HardeningOptions = {
  /** shell.openExternal in the app. */
  readonly openExternal: (url: string) => Promise<void>;
  readonly log: (event: string, details?: Record<string, unknown>) => void;
};

/** The part of WebContents this file uses. */
export type HardenableContents = Pick<WebContents, 'on' | 'setWindowOpenHandler'>;

/** Denies navigation and new windows in `contents`; opens allowlisted links externally. */
export function hardenWebContents(contents: HardenableContents, options: HardeningOptions): void {
  const { log } = options;
  const openOutside = (url: string): void => {
    if (!isAllowedExternalUrl(url)) {
      log('external-link-refused', { url: url.slice(0, 200) });
      return;
    }
    options.openExternal(url).catch((error: unknown) => {
      // The OS had no handler or refused; the page stays as it is, the log says why.
      log('external-link-failed', { url: url.slice(0, 200), error: String(error) });
    });
  };
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    openOutside(event.url);
  });
  // will-navigate covers only the main frame; subframes (which the CSP already forbids) too.
  contents.on('will-frame-navigate', (event) => {
    event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    openOutside(url);
    return { action: 'deny' };
  });
}
