// Maps `app://sealdrop/<path>` requests to files of the renderer build (dist/renderer) and says how to
// answer them. A request can never reach a file outside that folder: the path is decoded once,
// normalised, refused if it climbs out or smuggles a separator, and checked again after joining.
import { extname, join, posix, resolve, sep } from 'node:path';
import { APP_HOST, APP_SCHEME } from './app-origin.ts';
import { contentSecurityPolicy } from './content-security-policy.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.txt': 'text/plain; charset=utf-8',
};

/** The file under `rendererRoot` that `requestUrl` names, or null when it names none we serve. */
export function rendererFilePath(rendererRoot: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    // Not a URL: nothing to serve.
    return null;
  }
  if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST || url.username !== '' || url.password !== '' || url.port !== '') return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // Broken percent-encoding.
    return null;
  }
  // An encoded backslash or NUL could mean a separator or a truncation to the file system, and an
  // encoded "../" a climb the URL parser did not see: refuse them rather than guess.
  if (path.includes('\\') || path.includes('\0') || path.split('/').includes('..')) return null;
  const normalised = posix.normalize(path === '' ? '/' : path);
  if (!normalised.startsWith('/')) return null;
  const last = normalised.slice(normalised.lastIndexOf('/') + 1);
  // The app is one page: "/" and extensionless routes ("/open") are index.html.
  const relative = last === '' || !last.includes('.') ? 'index.html' : normalised.slice(1);
  const root = resolve(rendererRoot);
  const file = resolve(join(root, relative));
  if (!file.startsWith(root + sep)) return null;
  return file;
}

/** The Content-Type of a served file. */
export function contentTypeFor(file: string): string {
  return CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
}

/** Headers of every file served to the renderer. */
export function rendererResponseHeaders(file: string): Record<string, string> {
  return {
    'content-type': contentTypeFor(file),
    'content-security-policy': contentSecurityPolicy(),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cross-origin-opener-policy': 'same-origin',
    'cross-origin-resource-policy': 'same-origin',
    // The build changes between versions; nothing is worth caching against a stale app.asar.
    'cache-control': 'no-store',
  };
}
