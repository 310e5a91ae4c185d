// Who may talk to the main process over IPC (Electron security checklist: "validate the sender of
// all IPC messages"). Main owns the keys; a frame that is not our own page (an iframe, a page that
// got navigated away, a DevTools or foreign webContents) gets nothing, before any parsing happens.
import { isAppUrl } from './app-origin.ts';

/** What main knows about the frame that sent an IPC message. */
export type SenderFacts = {
  /** `event.senderFrame.url`; null when the frame is gone (navigated or destroyed meanwhile). */
  readonly frameUrl: string | null;
  /** The frame is its webContents' main frame (not an iframe). */
  readonly isMainFrame: boolean;
  /** The webContents belongs to one of the app's own windows. */
  readonly isOurWindow: boolean;
};

/** True only for the main frame of one of our windows showing an `app://sealdrop/` page. */
export function isTrustedSender(sender: SenderFacts): boolean {
  if (!sender.isOurWindow || !sender.isMainFrame) return false;
  if (sender.frameUrl === null) return false;
  return isAppUrl(sender.frameUrl);
}
