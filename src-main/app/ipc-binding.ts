// Binds the contract's channels to the handler table: one `ipcMain.handle` per channel of
// IPC_CHANNELS, each going through the dispatcher (sender check first, then the table), events sent
// back to the calling window only. Also the desktop-only channels (desktop-channels.ts): the
// launch-intent pull, showing a file in the system's file manager (only files this app wrote or
// the user chose, as the answers and events that passed through here name them), and the system's
// open dialogs (choose-paths.ts).
import { BrowserWindow, dialog, ipcMain, shell, type IpcMainInvokeEvent, type WebContents } from 'electron';
import { IPC_CHANNEL_NAMES } from '../../src-shared/ipc/contract.ts';
import type { HandlerLogger, HandlerTable } from '../handlers/handler-types.ts';
import { chosenPaths, dialogOptionsFor, type ChooseKind } from './choose-paths.ts';
import { CHOOSE_PATHS, LAUNCH_TAKE, SHOW_IN_FOLDER } from './desktop-channels.ts';
import { UNTRUSTED_SENDER, createIpcDispatcher } from './ipc-dispatch.ts';
import type { LaunchQueue } from './launch-queue.ts';
import { checkShowInFolder, filesWritten } from './show-in-folder.ts';
import { isTrustedSender, type SenderFacts } from './trusted-sender.ts';
import type { AppWindows } from './windows.ts';

/** Most files remembered as showable: every document "Sealed by me" can list, and more. */
const MAX_SHOWABLE = 12_000;

/** Registers every handler; returns a function that removes them. */
export function bindIpc(table: Pick<HandlerTable, 'invoke'>, windows: AppWindows, intents: LaunchQueue, log: HandlerLogger): () => void {
  const dispatch = createIpcDispatcher(table, log);
  // Files a window may ask to show: those the app's answers and events named, and those the user chose
  // (bounded, least recently named dropped first; "Sealed by me" alone may name 10,000).
  const showable = new Set<string>();
  const allow = (file: string): void => {
    showable.delete(file);
    showable.add(file);
    if (showable.size > MAX_SHOWABLE) showable.delete(showable.values().next().value as string);
  };
  const remember = (name: string, payload: unknown): void => {
    // Lists come newest first: named last, the newest are the last to be dropped.
    for (const file of filesWritten(name, payload).reverse()) allow(file);
  };
  for (const channel of IPC_CHANNEL_NAMES) {
    ipcMain.handle(channel, async (event, request: unknown) => {
      const sender = event.sender;
      // The call's signal ends when its window goes away (closed or crashed for good).
      const controller = new AbortController();
      const gone = (): void => controller.abort();
      sender.once('destroyed', gone);
      try {
        const send = sendTo(sender);
        const result = await dispatch({
          channel,
          sender: senderFacts(event, windows),
          request,
          send: (name, payload) => {
            remember(name, payload);
            send(name, payload);
          },
          signal: controller.signal,
        });
        remember(channel, result);
        return result;
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
  ipcMain.handle(SHOW_IN_FOLDER, async (event, request: unknown) => {
    if (!isTrustedSender(senderFacts(event, windows))) {
      log('ipc-refused-sender', { channel: SHOW_IN_FOLDER });
      return UNTRUSTED_SENDER;
    }
    const checked = await checkShowInFolder(request, { allowed: (path) => showable.has(path) });
    if (!checked.ok) return checked;
    shell.showItemInFolder(checked.value);
    return { ok: true, value: null };
  });
  ipcMain.handle(CHOOSE_PATHS, async (event, request: unknown) => {
    if (!isTrustedSender(senderFacts(event, windows))) {
      log('ipc-refused-sender', { channel: CHOOSE_PATHS });
      return UNTRUSTED_SENDER;
    }
    const options = dialogOptionsFor(request);
    if (!options.ok) return options;
    const owner = BrowserWindow.fromWebContents(event.sender);
    const answer = owner === null ? await dialog.showOpenDialog(options.value) : await dialog.showOpenDialog(owner, options.value);
    const paths = chosenPaths(answer, (request as { kind: ChooseKind }).kind);
    // A sealed file the user chose may be shown in its folder later, like one dropped and inspected.
    for (const path of paths) allow(path);
    return { ok: true, value: paths };
  });
  return () => {
    for (const channel of IPC_CHANNEL_NAMES) ipcMain.removeHandler(channel);
    ipcMain.removeHandler(LAUNCH_TAKE);
    ipcMain.removeHandler(SHOW_IN_FOLDER);
    ipcMain.removeHandler(CHOOSE_PATHS);
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
