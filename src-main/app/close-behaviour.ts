// What closing the window does. Normally it closes (and, except on macOS, quits). When the user chose
// "keep the key server running" (settings.keepNodeRunning) and a key server started from the app is
// running, the window hides and the app stays in the tray, so the network keeps its key holder.

/** What main knows when the window is asked to close. */
export type CloseFacts = {
  /** The app is quitting (menu, tray "Quit", OS shutdown): nothing may hold it back. */
  readonly quitting: boolean;
  readonly keepNodeRunning: boolean;
  readonly nodeRunning: boolean;
};

/** 'hide-to-tray' or 'close'. */
export function closeAction(facts: CloseFacts): 'hide-to-tray' | 'close' {
  if (facts.quitting) return 'close';
  return facts.keepNodeRunning && facts.nodeRunning ? 'hide-to-tray' : 'close';
}

/** Whether the app quits when its last window closed (macOS apps stay in the dock). */
export function quitWhenAllWindowsClosed(platform: string, inTray: boolean): boolean {
  return platform !== 'darwin' && !inTray;
}
