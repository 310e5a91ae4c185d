// Paths from a window are the user's own, but they must be absolute: a relative one would resolve
// against wherever the main process happens to run, which no person can see.
import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { SealdropError } from '../../src-shared/errors.ts';
import { toSealdropError } from '../domain/seal/fs-errors.ts';

/** Throws 'bad-argument' naming `field` unless `path` is absolute. */
export function requireAbsolute(path: string, field: string): string {
  if (!isAbsolute(path)) throw new SealdropError('bad-argument', `${field} must be an absolute path, not "${path.slice(0, 200)}".`, { field });
  return path;
}

/** Throws unless `path` is an existing folder ('input-not-found' when missing). */
export async function requireFolder(path: string, field: string): Promise<string> {
  requireAbsolute(path, field);
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw toSealdropError(error, `looking at the folder ${path}`);
  }
  if (!info.isDirectory()) throw new SealdropError('bad-argument', `${field} must be a folder: ${path} is not one.`, { field });
  return path;
}
