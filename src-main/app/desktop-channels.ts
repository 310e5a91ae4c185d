// The two IPC messages of the desktop app that are not in the contract (src-shared/ipc), because the
// browser mode has nothing like them: the operating system asking the app to open a file or a link.
// The preload turns them into `window.api.onLaunch`. Both directions are sender-checked in main.

/** Main → window, no payload: there are launch intents to take. */
export const LAUNCH_AVAILABLE = 'desktop:launch-available';
/** Window → main (invoke, no request): takes the pending launch intents, oldest first. */
export const LAUNCH_TAKE = 'desktop:launch-take';
