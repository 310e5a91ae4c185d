// The app:// scheme: registered as privileged before `ready` (a standard, secure origin, so the
// renderer gets a real origin, fetch and the same-origin policy, unlike file://), then served from
// the renderer build with the app's CSP on every response. file:// is refused in the app's session.
import { readFile } from 'node:fs/promises';
import { protocol, type Session } from 'electron';
import { APP_SCHEME } from './app-origin.ts';
import { rendererFilePath, rendererResponseHeaders } from './renderer-files.ts';

/** Declares app:// privileged; must run before the app is ready. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true } },
  ]);
}

/** Serves app://sealdrop/ from `rendererRoot` in `session`, and refuses file:// there. */
export function serveAppScheme(session: Session, rendererRoot: string): void {
  session.protocol.handle(APP_SCHEME, async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return new Response(null, { status: 405 });
    const file = rendererFilePath(rendererRoot, request.url);
    if (file === null) return new Response(null, { status: 404 });
    try {
      const body = await readFile(file);
      return new Response(request.method === 'HEAD' ? null : body, { status: 200, headers: rendererResponseHeaders(file) });
    } catch (error) {
      // A missing asset is a 404 for the page; anything else (permissions, I/O) is a 500, never a listing.
      const missing = (error as NodeJS.ErrnoException).code === 'ENOENT' || (error as NodeJS.ErrnoException).code === 'EISDIR';
      return new Response(null, { status: missing ? 404 : 500 });
    }
  });
  // No page of the app ever needs a local file by URL; dropped files reach main as paths via window.api.
  session.protocol.handle('file', () => new Response(null, { status: 403 }));
}
