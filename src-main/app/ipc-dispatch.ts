// The IPC decisions of the main process, without Electron: every invoke from a window goes through
// `dispatch`, which refuses untrusted senders before the request is even looked at, then hands the
// call to the handler table (which validates the request against the contract). Events the table
// emits go back only to the window that made the call, and only if the contract names them.
import { isIpcEventName, type IpcResult } from '../../src-shared/ipc/contract.ts';
import type { HandlerLogger, HandlerTable, InvokeContext } from '../handlers/handler-types.ts';
import { isTrustedSender, type SenderFacts } from './trusted-sender.ts';

/** The answer to a sender that is not our own page: no handler runs, nothing is parsed. */
export const UNTRUSTED_SENDER: IpcResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'access-denied', message: 'Only a Sealdrop window may ask Sealdrop for this.' }),
}) as IpcResult<never>;

/** The answer when the table itself failed (a bug): a plain sentence, no stack, no details. */
export const UNEXPECTED_FAILURE: IpcResult<never> = Object.freeze({
  ok: false,
  error: Object.freeze({ code: 'internal', message: 'Sealdrop failed unexpectedly; the details are in its log.' }),
}) as IpcResult<never>;

/** One IPC call as main sees it. */
export type Invocation = {
  readonly channel: string;
  readonly sender: SenderFacts;
  readonly request: unknown;
  /** Sends an event to the calling window. */
  readonly send: (event: string, payload: unknown) => void;
  /** Aborted when the calling window goes away. */
  readonly signal?: AbortSignal;
};

/** Makes the function every `ipcMain.handle` listener calls. */
export function createIpcDispatcher(table: Pick<HandlerTable, 'invoke'>, log: HandlerLogger = () => {}): (call: Invocation) => Promise<IpcResult<unknown>> {
  return async (call) => {
    if (!isTrustedSender(call.sender)) {
      // Logged without the request: it is untrusted and may be large or hostile.
      log('ipc-refused-sender', { channel: call.channel.slice(0, 100), frameUrl: call.sender.frameUrl?.slice(0, 200) ?? null });
      return UNTRUSTED_SENDER;
    }
    const context: InvokeContext = { emit: eventForwarder(call.send, log), ...(call.signal === undefined ? {} : { signal: call.signal }) };
    try {
      return await table.invoke(call.channel, call.request, context);
    } catch (error) {
      // The table answers every failure as an IpcResult; reaching here is a bug. The renderer gets a
      // plain sentence (Electron would otherwise pass the error's text across), the log gets the rest.
      log('ipc-handler-threw', { channel: call.channel, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
      return UNEXPECTED_FAILURE;
    }
  };
}

/** An `emit` that forwards only the contract's events to `send`. */
export function eventForwarder(send: (event: string, payload: unknown) => void, log: HandlerLogger = () => {}): InvokeContext['emit'] {
  return (event, payload) => {
    if (!isIpcEventName(event)) {
      log('ipc-unknown-event', { event });
      return;
    }
    send(event, payload);
  };
}
