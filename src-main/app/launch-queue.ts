// Launch intents wait here until a window takes them. The OS can ask before any window has loaded
// (macOS sends `open-file` before `ready`; a file double-clicked starts the app with it on the command
// line), so main keeps them and tells the window they exist; the window pulls them when it listens.
// Nothing is lost to a window that subscribes late, and nothing is delivered twice.
import type { LaunchIntent } from './launch-intent.ts';

/** Most intents kept: a burst of links from a hostile page cannot grow memory without bound. */
export const MAX_PENDING_INTENTS = 20;

/** Pending launch intents, oldest first. */
export class LaunchQueue {
  #pending: LaunchIntent[] = [];

  /** Adds an intent (dropping the oldest beyond the limit; an identical pending one is not repeated). */
  push(intent: LaunchIntent): void {
    const key = intentKey(intent);
    if (this.#pending.some((other) => intentKey(other) === key)) return;
    this.#pending.push(intent);
    if (this.#pending.length > MAX_PENDING_INTENTS) this.#pending.shift();
  }

  /** Removes and returns every pending intent. */
  take(): LaunchIntent[] {
    const taken = this.#pending;
    this.#pending = [];
    return taken;
  }

  get size(): number {
    return this.#pending.length;
  }
}

function intentKey(intent: LaunchIntent): string {
  return intent.kind === 'open-file' ? `file:${intent.file}` : `link:${intent.link}`;
}
