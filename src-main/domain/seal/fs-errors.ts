import { SealdropError } from '../../../src-shared/errors.ts';

/** Errno codes that mean "the disk (or the user's quota) is full". */
const DISK_FULL = new Set(['ENOSPC', 'EDQUOT']);

/**
 * Turns a Node fs error into a SealdropError a person can act on. SealdropErrors pass through.
 * `what` says what we were doing ("writing the sealed file"); paths are the user's own and fine to show.
 */
export function toSealdropError(error: unknown, what: string): SealdropError {
  if (error instanceof SealdropError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== undefined && DISK_FULL.has(code)) {
    return new SealdropError('disk-full', `the disk is full while ${what}; nothing was kept, free some space and try again`, {}, { cause: error });
  }
  if (code === 'ENOENT') {
    return new SealdropError('input-not-found', `${what}: ${(error as Error).message}`, {}, { cause: error });
  }
  if (code === 'ABORT_ERR' || (error as Error | undefined)?.name === 'AbortError') {
    return new SealdropError('cancelled', `cancelled while ${what}; nothing was kept`, {}, { cause: error });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new SealdropError('io-failed', `failed while ${what}: ${message}`, code ? { errno: code } : {}, { cause: error });
}
