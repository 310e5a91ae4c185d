// How a failure crosses the IPC boundary: a SealdropError keeps its stable code, its sentence and
// its non-secret details (bounded); anything else is a bug and becomes 'internal' with a generic
// sentence, never its message or stack (those go to the local log only).
import { isSealdropError } from '../../src-shared/errors.ts';
import type { IpcError } from '../../src-shared/ipc/contract.ts';
import type { HandlerLogger } from './handler-types.ts';

/** What the window sees for a failure that is not a SealdropError. */
export const INTERNAL_MESSAGE = 'Sealdrop failed unexpectedly; the details are in its log.';

const MAX_MESSAGE = 4000;
const MAX_DETAILS = 20;
const MAX_DETAIL_TEXT = 1000;

/** The IPC error for anything thrown by a handler or an operation. */
export function toIpcError(error: unknown, logger: HandlerLogger | undefined, where: string): IpcError {
  if (!isSealdropError(error)) {
    logger?.('handler-failed', { where, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    return { code: 'internal', message: INTERNAL_MESSAGE };
  }
  const details: Record<string, string | number | boolean> = {};
  for (const [key, value] of Object.entries(error.details).slice(0, MAX_DETAILS)) {
    if (key.length > 64) continue;
    details[key] = typeof value === 'string' ? value.slice(0, MAX_DETAIL_TEXT) : value;
  }
  const result: IpcError = { code: error.code, message: error.message.slice(0, MAX_MESSAGE) };
  return Object.keys(details).length === 0 ? result : { ...result, details };
}
