// Which web permissions a page of the app gets (Electron security checklist: "handle session
// permission requests"). None, with one exception: writing plain text to the clipboard from our own
// page, which the Identity screen's "copy address" button needs (Chromium's sanitized write cannot
// read the clipboard or write anything but sanitized data). Camera, microphone, notifications,
// geolocation, HID/USB/serial, screen capture, fullscreen, opening external apps: refused.
import { isAppUrl } from './app-origin.ts';

/** Permissions granted to the app's own main frame. */
export const GRANTED_PERMISSIONS: ReadonlySet<string> = new Set(['clipboard-sanitized-write']);

/** True when `permission` asked for by the page at `requestingUrl` is granted. */
export function isPermissionGranted(permission: string, requestingUrl: string, isMainFrame: boolean): boolean {
  return isMainFrame && isAppUrl(requestingUrl) && GRANTED_PERMISSIONS.has(permission);
}
