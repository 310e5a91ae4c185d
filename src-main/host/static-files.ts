// The renderer build served to the browser: files of one folder (dist/renderer), looked up without
// ever leaving it, with their content types; a plain placeholder page when the bundle is not built.
import { open, realpath } from 'node:fs/promises';
import type { ServerResponse } from 'node:http';
import { extname, join, sep } from 'node:path';
import { sendText } from './security-headers.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** Largest file served (a renderer bundle is a few MB). */
const MAX_FILE_BYTES = 64 * 1024 * 1024;

/** Shown when the renderer has not been built: no script, no style (the CSP allows neither inline). */
export const PLACEHOLDER_PAGE = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sealdrop</title></head>
<body>
<h1>Sealdrop</h1>
<p>The UI bundle is not built (dist/renderer is missing). The Sealdrop service is running: its API
answers at /api/invoke/&lt;channel&gt; with the session token.</p>
</body>
</html>
`;

/** The file under `root` that `urlPath` names, or null (outside the folder, hidden, or not a file name). */
export function staticPath(root: string, urlPath: string): string | null {
  let decoded: string;
  try {
    decoded = decodeURIComponent(urlPath);
  } catch {
    // A malformed %-escape names no file.
    return null;
  }
  const relative = decoded === '/' ? 'index.html' : decoded.replace(/^\/+/, '');
  const parts = relative.split('/');
  // No "..", no hidden files, no empty segments, no backslashes or NULs: nothing but plain names.
  if (parts.some((part) => part === '' || part.startsWith('.') || part.includes('\\') || part.includes('\0'))) return null;
  return join(root, ...parts);
}

/** Serves `urlPath` from `root` (or the placeholder when `root` does not exist); 404 otherwise. */
export async function serveStatic(root: string, urlPath: string, response: ServerResponse, headOnly: boolean): Promise<void> {
  let realRoot: string;
  try {
    realRoot = await realpath(root);
  } catch {
    // No bundle: the placeholder at "/", nothing else.
    if (urlPath !== '/' && urlPath !== '/index.html') return sendText(response, 404, 'not found');
    response.statusCode = 200;
    response.setHeader('Content-Type', 'text/html; charset=utf-8');
    response.setHeader('Cache-Control', 'no-store');
    response.end(headOnly ? undefined : PLACEHOLDER_PAGE);
    return;
  }
  const path = staticPath(realRoot, urlPath);
  if (path === null) return sendText(response, 404, 'not found');
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    // Missing file: 404 like any unknown route.
    return sendText(response, 404, 'not found');
  }
  // A link inside the bundle must not lead out of it.
  if (!real.startsWith(realRoot + sep)) return sendText(response, 404, 'not found');
  const handle = await open(real, 'r').catch(() => null);
  if (handle === null) return sendText(response, 404, 'not found');
  try {
    const info = await handle.stat();
    if (!info.isFile() || info.size > MAX_FILE_BYTES) return sendText(response, 404, 'not found');
    const body = headOnly ? undefined : await handle.readFile();
    response.statusCode = 200;
    response.setHeader('Content-Type', CONTENT_TYPES[extname(real).toLowerCase()] ?? 'application/octet-stream');
    response.setHeader('Content-Length', String(info.size));
    response.setHeader('Cache-Control', 'no-cache');
    response.end(body);
  } finally {
    await handle.close();
  }
}
