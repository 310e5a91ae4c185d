// Which links may leave the app for the user's browser (Electron security checklist: "do not use
// shell.openExternal with untrusted content"). A link the page asks to open is opened only when it is
// https, has no credentials or odd port, and falls under one of these prefixes; everything else is
// dropped. Extend the list here, never with a pattern.

/** Allowed link prefixes: origin plus path prefix. */
export const ALLOWED_EXTERNAL_LINKS: ReadonlyArray<{ readonly origin: string; readonly pathPrefix: string }> = [
  // The project's home and documentation.
  { origin: 'https://github.com', pathPrefix: '/sealdrop/' },
  // The age format Sealdrop files follow (linked from the Open screen).
  { origin: 'https://age-encryption.org', pathPrefix: '/' },
  // Electron's own security notes (linked from the about text).
  { origin: 'https://www.electronjs.org', pathPrefix: '/docs/latest/tutorial/security' },
];

/** True when `url` may be handed to the OS (shell.openExternal). */
export function isAllowedExternalUrl(url: string): boolean {
  if (url.length > 2048) return false;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: nothing to open.
    return false;
  }
  if (parsed.protocol !== 'https:' || parsed.username !== '' || parsed.password !== '' || parsed.port !== '') return false;
  // URL normalises "/sealdrop/../x" to "/x", so a prefix check on the parsed path cannot be escaped.
  return ALLOWED_EXTERNAL_LINKS.some((allowed) => parsed.origin === allowed.origin && parsed.pathname.startsWith(allowed.pathPrefix));
}
