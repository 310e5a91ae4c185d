// The IPC messages of the desktop app that are not in the contract (src-shared/ipc), because the
// browser mode has nothing like them: the operating system asking the app to open a file or a link
// (the preload turns them into `window.api.onLaunch`), showing a file in the file manager, and the
// system's file dialogs. Every one is sender-checked in main.

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
/**
 * Window → main (invoke, request `{ kind }`, see choose-paths.ts): shows the system's open dialog for
 * that kind of choice, attached to the asking window, and answers `{ ok: true, value: paths }` (empty
 * when the user cancels) or an error with a stable code. The browser mode has the path fields instead.
 */
export const CHOOSE_PATHS = 'desktop:choose-paths';
