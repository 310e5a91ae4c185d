// Binds the contract's channels to the handler table: one `ipcMain.handle` per channel of
// IPC_CHANNELS, each going through the dispatcher (sender check first, then the table), events sent
// back to the calling window only. Also the desktop-only launch-intent pull (desktop-channels.ts).
import { ipcMain, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_CHANNEL_NAMES } from '../../src-shared/ipc/contract.ts';
import type { HandlerLogger, HandlerTable } from '../handlers/handler-types.ts';
import { LAUNCH_TAKE } from './desktop-channels.ts';
import { createIpcDispatcher } from './ipc-dispatch.ts';
import type { LaunchQueue } from './launch-queue.ts';
import { isTrustedSender, type SenderFacts } from './trusted-sender.ts';
import type { AppWindows } from './windows.ts';

/** Registers every handler; returns a function that removes them. */
export function bindIpc(table: Pick<HandlerTable, 'invoke'>, windows: AppWindows, intents: LaunchQueue, log: HandlerLogger): () => void {
  const dispatch = createIpcDispatcher(table, log);
  for (const channel of IPC_CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      const sender = event.sender;
      // The call's signal ends when its window goes away (closed or crashed for good).
      const controller = new AbortController();
      const gone = (): void => controller.abort();
      sender.once('destroyed', gone);
      try {
        return await dispatch({ channel, sender: senderFacts(event, windows), request, send: sendTo(sender), signal: controller.signal });
      } finally {
        sender.off('destroyed', gone);
      }
    });
  }
  ipcMain.handle(LAUNCH_TAKE, (event) => {
    if (!isTrustedSender(senderFacts(event, windows))) {
      log('ipc-refused-sender', { channel: LAUNCH_TAKE });
      return [];
    }
    return intents.take();
  });
  return () => {
    for (const channel of IPC_CHANNEL_NAMES) ipcMain.removeHandler(channel);
    ipcMain.removeHandler(LAUNCH_TAKE);
  };
}

/** What the sender check needs to know about an invoke's sender. */
function senderFacts(event: IpcMainInvokeEvent, windows: AppWindows): SenderFacts {
  // senderFrame is null once the frame navigated or was destroyed after sending.
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  const isMainFrame = frame !== null && frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId;
  return { frameUrl: frame?.url ?? null, isMainFrame, isOurWindow: windows.owns(event.sender) };
}

/** Sends events to `contents` while it exists (an operation may outlive its window). */
function sendTo(contents: WebContents): (event: string, payload: unknown) => void {
  return (event, payload) => {
    if (!contents.isDestroyed()) contents.send(event, payload);
  };
}
