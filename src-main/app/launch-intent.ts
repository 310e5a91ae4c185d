// What the operating system asks the app to open: a `.sealdrop` file (the file association: a path or
// file:// URL on the command line, macOS `open-file`) or a `sealdrop://network/…` link (the link
// handler). Plain functions over untrusted input: command lines and links come from anywhere (a web
// page can start a link), so they are only recognised here; acting on them takes the user's click on
// the screen they are routed to (Open, or adding a network in Settings).
import { isAbsolute, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** A request to open something, routed to a screen of the window. */
export type LaunchIntent = { readonly kind: 'open-file'; readonly file: string } | { readonly kind: 'network-link'; readonly link: string };

/** The extension of Sealdrop files. */
export const SEALDROP_EXTENSION = '.sealdrop';
/** The only link form the app handles (profile-link.ts encodes it). */
export const NETWORK_LINK_PREFIX = 'sealdrop://network/';
/** Longest link accepted (profile-link.ts decodes up to this). */
export const MAX_LINK_LENGTH = 128 * 1024;
/** Longest path accepted (the contract's limit). */
const MAX_PATH_LENGTH = 4096;

/** The network link `url` carries, in canonical form, or null when it is not a well-formed one. */
export function sealdropLink(url: string): LaunchIntent | null {
  let text = url.trim();
  if (text.length > MAX_LINK_LENGTH) return null;
  if (text.slice(0, NETWORK_LINK_PREFIX.length).toLowerCase() !== NETWORK_LINK_PREFIX) return null;
  // Some browsers and launchers add a slash to a link with an empty-looking path.
  if (text.endsWith('/')) text = text.slice(0, -1);
  const payload = text.slice(NETWORK_LINK_PREFIX.length);
  // base64url of the profile's JSON; the profile itself is checked by the handler that adds it.
  if (!/^[A-Za-z0-9_-]+$/.test(payload)) return null;
  return { kind: 'network-link', link: NETWORK_LINK_PREFIX + payload };
}

/** The `.sealdrop` file one command-line argument names (absolute), or null. */
export function sealdropFileArgument(argument: string, cwd: string): string | null {
  if (argument.length === 0 || argument.length > MAX_PATH_LENGTH || argument.includes('\0')) return null;
  // Chromium and Electron switches (some are inserted into a second instance's argv) are never files.
  if (argument.startsWith('-')) return null;
  let path = argument;
  if (/^file:\/\//i.test(argument)) {
    try {
      // Desktop launchers pass %U: a file:// URL rather than a path.
      path = fileURLToPath(argument);
    } catch {
      // A file:// URL of another host, or malformed.
      return null;
    }
  } else if (/^[a-z][a-z0-9+.-]*:\/\//i.test(argument)) {
    return null;
  }
  if (!path.toLowerCase().endsWith(SEALDROP_EXTENSION)) return null;
  return isAbsolute(path) ? resolve(path) : resolve(cwd, path);
}

/** The file a command line asks to open (the last `.sealdrop` argument after the executable), or null. */
export function argvFileToOpen(argv: readonly string[], cwd: string): string | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const file = sealdropFileArgument(argv[i] ?? '', cwd);
    if (file !== null) return file;
  }
  return null;
}

/** What a command line (first start, or a second instance's) asks to open: a link first, then a file. */
export function launchIntentFromArgv(argv: readonly string[], cwd: string): LaunchIntent | null {
  for (let i = argv.length - 1; i >= 1; i--) {
    const link = sealdropLink(argv[i] ?? '');
    if (link !== null) return link;
  }
  const file = argvFileToOpen(argv, cwd);
  return file === null ? null : { kind: 'open-file', file };
}
