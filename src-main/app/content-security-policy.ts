// The Content-Security-Policy of every page the app serves (Electron security checklist: "define a
// Content Security Policy"). The renderer is one bundle of our own scripts and styles talking only to
// window.api, so everything else is refused: no inline or eval'd script, no remote anything, no
// frames, no forms, no plugins, no <base>. Plain module: the browser-mode host can serve the same
// policy (with `connectToSelf`, as its API is fetched from the page's own origin).

/** The directives, in the order they are written. */
export function cspDirectives(options: { connectToSelf?: boolean } = {}): ReadonlyArray<readonly [string, string]> {
  return [
    ['default-src', "'none'"],
    ['script-src', "'self'"],
    // No 'unsafe-inline': React sets styles through the CSSOM, which CSP does not restrict.
    ['style-src', "'self'"],
    // data: and blob: for images the page draws itself (the address QR code).
    ['img-src', "'self' data: blob:"],
    ['font-src', "'self'"],
    // Desktop: the renderer talks only through window.api (IPC), never over the network.
    ['connect-src', options.connectToSelf === true ? "'self'" : "'none'"],
    ['media-src', "'none'"],
    ['object-src', "'none'"],
    ['frame-src', "'none'"],
    ['worker-src', "'none'"],
    ['manifest-src', "'none'"],
    ['base-uri', "'none'"],
    ['form-action', "'none'"],
    ['frame-ancestors', "'none'"],
  ];
}

/** The policy as one header value. */
export function contentSecurityPolicy(options: { connectToSelf?: boolean } = {}): string {
  return cspDirectives(options)
    .map(([name, value]) => `${name} ${value}`)
    .join('; ');
}
