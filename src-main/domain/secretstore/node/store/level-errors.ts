// Translation of classic-level / LevelDB failures into Sealdrop's stable error codes. LevelDB reports
// damage to its own files (bad checksums, bad table magic, a broken manifest) as LEVEL_CORRUPTION:
// for a key store that is the same fact as a failed AEAD tag, so it is 'storage-tampered'. Operating
// system failures are 'io-failed', or 'disk-full' when the disk ran out of space. LevelDB's own
// message is kept: it names files and reasons, never stored values.
import { isSealdropError, SealdropError } from '../../../../../src-shared/errors.ts';

/** A failure as classic-level reports it: a code, and for open failures the LevelDB error as cause. */
type LevelFailure = { code?: unknown; message?: unknown; cause?: unknown };

/** Converts anything thrown by a classic-level call during `action` ("reading the key share of 0x…"). */
export function translateLevelError(error: unknown, action: string, directory: string): SealdropError {
  // Our own errors (e.g. from a codec running inside the same try) pass through unchanged.
  if (isSealdropError(error)) return error;
  const failure = innermostLevelFailure(error);
  const code = typeof failure.code === 'string' ? failure.code : '';
  const detail = typeof failure.message === 'string' ? failure.message : String(error);
  const details = { directory };
  if (code === 'LEVEL_CORRUPTION') {
    return new SealdropError('storage-tampered', `The node's key database is corrupted while ${action} (LevelDB: ${detail}).`, details, { cause: error });
  }
  if (code === 'LEVEL_LOCKED') {
    return new SealdropError('io-failed', `The node's key database at ${directory} is in use by another process (is another node running?).`, details, { cause: error });
  }
  if (/no space left|ENOSPC|disk quota/i.test(detail)) {
    return new SealdropError('disk-full', `The disk is full while ${action}.`, details, { cause: error });
  }
  if (code === 'LEVEL_IO_ERROR') {
    return new SealdropError('io-failed', `The node's key database cannot be read or written while ${action} (LevelDB: ${detail}).`, details, { cause: error });
  }
  if (code === 'LEVEL_DATABASE_NOT_OPEN') {
    return new SealdropError('io-failed', `The node's key database is not open while ${action}.`, details, { cause: error });
  }
  return new SealdropError('io-failed', `The node's key database failed while ${action}: ${detail}`, details, { cause: error });
}

/** Runs one database call and translates its failure; the single place where level errors are caught. */
export async function withLevelErrors<T>(action: string, directory: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateLevelError(error, action, directory);
  }
}

/**
 * abstract-level wraps an open failure as LEVEL_DATABASE_NOT_OPEN with the real LevelDB error as
 * `cause`; the innermost error carrying a LEVEL_* code says what actually happened.
 */
function innermostLevelFailure(error: unknown): LevelFailure {
  let current: LevelFailure = isObject(error) ? error : { message: String(error) };
  for (let depth = 0; depth < 5; depth++) {
    const cause = current.cause;
    if (!isObject(cause) || typeof cause.code !== 'string' || !cause.code.startsWith('LEVEL_')) break;
    current = cause;
  }
  return current;
}

function isObject(value: unknown): value is LevelFailure {
  return typeof value === 'object' && value !== null;
}
