// Where the desktop app's pages come from: the privileged custom scheme `app://sealdrop/`, served
// from the renderer build (never file://, whose pages would share one origin with every local file).
// Plain module (no electron import), so every check here is unit-tested in Node.

/** The custom scheme the renderer is served from. */
export const APP_SCHEME = 'app';
/** The only host of that scheme. */
export const APP_HOST = 'sealdrop';
/** The renderer's origin; every window loads only from here. */
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
/** The page a new window loads. */
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;

/** True when `url` is a page or file of the app itself: `app://sealdrop/…`, no credentials, no port. */
export function isAppUrl(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL at all (an empty frame URL, garbage): not ours.
    return false;
  }
  return (
    parsed.protocol === `${APP_SCHEME}:` &&
    parsed.host === APP_HOST &&
    parsed.username === '' &&
    parsed.password === '' &&
    parsed.port === ''
  );
}
