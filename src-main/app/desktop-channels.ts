// The two IPC messages of the desktop app that are not in the contract (src-shared/ipc), because the
// browser mode has nothing like them: the operating system asking the app to open a file or a link.
// The preload turns them into `window.api.onLaunch`. Both directions are sender-checked in main.

/** Main → window, no payload: there are launch intents to take. */
export const LAUNCH_AVAILABLE = 'desktop:launch-available';
/** Window → main (invoke, no request): takes the pending launch intents, oldest first. */
export const LAUNCH_TAKE = 'desktop:launch-take';
/**
 * Window → main (invoke, request `{ path }`): shows a file in the system's file manager
 * (`shell.showItemInFolder`), after show-in-folder.ts has checked the path. Answers an IpcResult
 * (`{ ok: true, value: null }` or an error with a stable code). The browser mode has no such thing:
 * a page there shows the folder's path with a Copy button instead.
 */
export const SHOW_IN_FOLDER = 'desktop:show-in-folder';
