// Paths as text. The renderer never touches the file system: it only shows paths, suggests where to
// save (next to what was dropped) and reads paths out of a drop's text (see DropZone).

/** True for "/home/…", "C:\…", "C:/…" and "\\server\share…". */
export function isAbsolutePath(path: string): boolean {
  return path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');
}

/** The folder that holds `path` ("/a/b" → "/a", "/a" → "/"). */
export function parentFolder(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/[\\/]+$/, '') : path;
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  if (cut < 0) return trimmed;
  if (cut === 0) return trimmed.slice(0, 1);
  // "C:\x" → "C:\", not "C:".
  if (/^[A-Za-z]:$/.test(trimmed.slice(0, cut))) return trimmed.slice(0, cut + 1);
  return trimmed.slice(0, cut);
}

/** The last name of `path` ("/a/b/" → "b"). */
export function baseName(path: string): string {
  const trimmed = path.replace(/[\\/]+$/, '');
  const cut = Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\'));
  return cut < 0 ? trimmed : trimmed.slice(cut + 1);
}

/** The local path a file:// URL names ("file:///C:/x" → "C:/x"), or null for any other URL. */
export function pathFromFileUrl(text: string): string | null {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // Not a URL at all.
    return null;
  }
  if (url.protocol !== 'file:' || (url.host !== '' && url.host !== 'localhost')) return null;
  let path: string;
  try {
    path = decodeURIComponent(url.pathname);
  } catch {
    // Broken %-escapes name no path.
    return null;
  }
  return /^\/[A-Za-z]:\//.test(path) ? path.slice(1) : path;
}

/**
 * The absolute paths a drop's text carries: `text/uri-list` (file:// URLs, `#` lines are comments)
 * first, else `text/plain` (one path or file:// URL per line). Anything else is left out.
 */
export function pathsFromDropText(uriList: string, plain: string): string[] {
  const fromUris = lines(uriList)
    .filter((line) => !line.startsWith('#'))
    .map(pathFromFileUrl)
    .filter((path): path is string => path !== null);
  if (fromUris.length > 0) return unique(fromUris);
  return unique(
    lines(plain)
      .map((line) => (line.startsWith('file:') ? pathFromFileUrl(line) : line))
      .filter((path): path is string => path !== null && isAbsolutePath(path)),
  );
}

function lines(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

function unique(paths: string[]): string[] {
  return [...new Set(paths)];
}
