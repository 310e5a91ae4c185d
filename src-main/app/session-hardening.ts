// The app session's defences: permissions (none but sanitized clipboard writes from our page),
// device access, screen capture, downloads, spell-check dictionary downloads, and every request a
// page makes that is not to the app itself (a second wall behind the CSP).
import type { Session } from 'electron';
import { isPermissionGranted } from './permissions.ts';
import { isAllowedRendererRequest } from './request-filter.ts';

/** Applies every session-level restriction; `devTools` lets DevTools load its own pages. */
export function hardenSession(session: Session, options: { devTools: boolean; log: (event: string, details?: Record<string, unknown>) => void }): void {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    const granted = isPermissionGranted(permission, details.requestingUrl, details.isMainFrame);
    if (!granted) options.log('permission-refused', { permission, url: details.requestingUrl.slice(0, 200) });
    callback(granted);
  });
  session.setPermissionCheckHandler((_contents, permission, requestingOrigin, details) =>
    isPermissionGranted(permission, details.requestingUrl ?? requestingOrigin, details.isMainFrame),
  );
  session.setDevicePermissionHandler(() => false);
  session.setDisplayMediaRequestHandler((_request, callback) => callback(null));
  session.setSpellCheckerEnabled(false);
  session.on('will-download', (event) => event.preventDefault());
  session.webRequest.onBeforeRequest((details, callback) => {
    const allowed = isAllowedRendererRequest(details.url, options.devTools);
    if (!allowed) options.log('request-refused', { url: details.url.slice(0, 200) });
    callback({ cancel: !allowed });
  });
}
