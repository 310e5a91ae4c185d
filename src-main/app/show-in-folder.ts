// The check in front of `shell.showItemInFolder` (desktop-channels.ts SHOW_IN_FOLDER): a page may
// only ask to reveal an existing regular file or folder named by an absolute, normalised path of
// bounded length, and, when main knows which it may reveal (`allowed`), one of those (a sealed file,
// an opened folder). No Electron here, so it is tested in Node.
import { stat } from 'node:fs/promises';
import { isAbsolute, normalize } from 'node:path';
import type { IpcResult } from '../../src-shared/ipc/contract.ts';

/** Longer paths are refused before they reach the file system. */
export const MAX_SHOW_PATH = 4096;

/** What the check needs: how to look at a path, and optionally which files may be shown. */
export type ShowInFolderDeps = {
  stat?: (path: string) => Promise<{ isFile(): boolean; isDirectory(): boolean }>;
  /** When given, only paths it accepts may be shown (e.g. files this app wrote or the user chose). */
  allowed?: (path: string) => boolean;
};

/** The path to reveal, or why not: `request-invalid` for a malformed request, `input-not-found` for a path that is not an existing file or folder. */
export async function checkShowInFolder(request: unknown, deps: ShowInFolderDeps = {}): Promise<IpcResult<string>> {
  if (typeof request !== 'object' || request === null || Array.isArray(request)) return refuse('request-invalid', 'The request must be { path }.');
  const keys = Object.keys(request);
  if (keys.length !== 1 || keys[0] !== 'path') return refuse('request-invalid', 'The request must be { path } and nothing else.');
  const path = (request as { path: unknown }).path;
  if (typeof path !== 'string' || path.length === 0 || path.length > MAX_SHOW_PATH) return refuse('request-invalid', 'The path must be a non-empty string.');
  if (path.includes('\0')) return refuse('request-invalid', 'The path must not contain a NUL character.');
  if (!isAbsolute(path)) return refuse('request-invalid', 'The path must be absolute.');
  // Why: "/a/../b" or "/a//b" is not how this app names files; refusing keeps the path one spelling.
  if (normalize(path) !== path) return refuse('request-invalid', 'The path must be normalised (no "..", "." or doubled separators).');
  if (deps.allowed !== undefined && !deps.allowed(path)) return refuse('request-invalid', 'Sealdrop shows only files it wrote or that you chose.');
  let info: { isFile(): boolean; isDirectory(): boolean };
  try {
    info = await (deps.stat ?? stat)(path);
  } catch {
    // Why: any failure to look (missing, no permission) means there is nothing we can show.
    return refuse('input-not-found', `${path} is not there any more.`);
  }
  if (!info.isFile() && !info.isDirectory()) return refuse('input-not-found', `${path} is not a file or a folder.`);
  return { ok: true, value: path };
}

function refuse(code: 'request-invalid' | 'input-not-found', message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

/**
 * The files a message names that this app wrote or the user chose, so main can remember them as
 * showable: the sealed file of an `operation:done` seal event or of an `operation:status` answer, the
 * file an `open:inspect` answer describes (one the user dropped or named), the sealed files of a
 * `documents:list` answer ("Sealed by me", written by this app), and the folder (or file) an open
 * made, from its `operation:done` event or `operation:status` answer. Anything else: none.
 */
export function filesWritten(name: string, payload: unknown): string[] {
  const at = (value: unknown, ...keys: string[]): unknown => {
    let current = value;
    for (const key of keys) {
      if (typeof current !== 'object' || current === null) return undefined;
      current = (current as Record<string, unknown>)[key];
    }
    return current;
  };
  if (name === 'documents:list' && at(payload, 'ok') === true) {
    const documents = at(payload, 'value', 'documents');
    if (!Array.isArray(documents)) return [];
    return documents.map((document: unknown) => at(document, 'output')).filter((file): file is string => typeof file === 'string' && file !== '');
  }
  const file =
    name === 'operation:done' && at(payload, 'kind') === 'seal' && at(payload, 'result', 'ok') === true
      ? at(payload, 'result', 'value', 'file')
      : name === 'operation:status' && at(payload, 'ok') === true
        ? at(payload, 'value', 'seal', 'file')
        : name === 'open:inspect' && at(payload, 'ok') === true
          ? at(payload, 'value', 'file')
          : name === 'operation:done' && at(payload, 'kind') === 'open' && at(payload, 'result', 'ok') === true
            ? at(payload, 'result', 'value', 'output')
            : undefined;
  const opened = name === 'operation:status' && at(payload, 'ok') === true ? at(payload, 'value', 'open', 'output') : undefined;
  if (typeof opened === 'string' && opened !== '') return [opened];
  return typeof file === 'string' && file !== '' ? [file] : [];
}
