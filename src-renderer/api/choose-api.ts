// Which api this page gets: the preload's `window.api` in the desktop app, else the browser-mode
// HTTP client with the session token from the address.
import type { RendererApi, WindowApi } from './api-types.ts';
import { desktopApi } from './desktop-api.ts';
import { httpApi } from './http-api.ts';
import { takeSessionToken } from './session-token.ts';

/** The api for this window. */
export function chooseApi(win: Window & { api?: WindowApi }): RendererApi {
  if (win.api !== undefined && typeof win.api.invoke === 'function') return desktopApi(win.api);
  return httpApi(takeSessionToken(win.location, win.history, sessionStorageOf(win)));
}

/** This tab's storage, or null where the browser refuses it (storage disabled). */
function sessionStorageOf(win: Window): Storage | null {
  try {
    return win.sessionStorage;
  } catch {
    // Why: with storage blocked the token still works for this page; only a reload loses it.
    return null;
  }
}
