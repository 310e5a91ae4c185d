// Builds window.api over a transport (ipcRenderer in the preload, a fake in tests). It passes only
// the contract's channels and events, gives listeners the payload alone (never Electron's event
// object, whose `sender` is ipcRenderer itself), and turns transport failures into IpcResults.
import type { IpcResult } from '../../src-shared/ipc/contract.ts';
import { CHOOSE_PATHS, LAUNCH_AVAILABLE, LAUNCH_TAKE, SHOW_IN_FOLDER } from '../app/desktop-channels.ts';
import type { LaunchIntent } from '../app/launch-intent.ts';
import type { SealdropApi } from './api-types.ts';

/** What the api needs from the IPC layer. */
export type ApiTransport = {
  invoke(channel: string, request: unknown): Promise<unknown>;
  /** Subscribes `handler` to messages named `name` (payload only); returns the unsubscribe function. */
  on(name: string, handler: (payload: unknown) => void): () => void;
  pathForFile(file: File): string;
};

/** The contract's channel and event names (the preload gets them at build time, without the schemas). */
export type ContractNames = { readonly channels: readonly string[]; readonly events: readonly string[] };

/** window.api over `transport`; `report` hears failures that have no caller to answer. */
export function createApi(transport: ApiTransport, names: ContractNames, report: (message: string) => void = () => {}): SealdropApi {
  const channels = new Set(names.channels);
  const events = new Set(names.events);
  const api: SealdropApi = {
    invoke(channel, request) {
      // Main refuses unknown channels too; checking here keeps the one list of what the UI may ask for.
      if (typeof channel !== 'string' || !channels.has(channel)) {
        return Promise.resolve(failure('request-invalid', `unknown channel ${JSON.stringify(String(channel).slice(0, 100))}`));
      }
      return transport.invoke(channel, request).then(
        (result) => result as IpcResult<never>,
        // Only reached if main has no handler or the message could not be cloned: a bug, not a refusal.
        (error: unknown) => failure('internal', `Sealdrop could not deliver the request: ${error instanceof Error ? error.message : String(error)}`),
      );
    },
    on(event, listener) {
      // Only the contract's events: a page cannot listen in on any other message sent to the window.
      if (typeof event !== 'string' || !events.has(event)) throw new TypeError(`window.api.on: unknown event ${JSON.stringify(String(event).slice(0, 100))}`);
      if (typeof listener !== 'function') throw new TypeError('window.api.on: the listener must be a function');
      return once(transport.on(event, (payload) => listener(payload as never)));
    },
    onLaunch(listener) {
      if (typeof listener !== 'function') throw new TypeError('window.api.onLaunch: the listener must be a function');
      const take = (): void => {
        transport.invoke(LAUNCH_TAKE, undefined).then(
          (intents) => {
            if (!Array.isArray(intents)) return;
            for (const intent of intents as LaunchIntent[]) listener(intent);
          },
          (error: unknown) => report(`window.api.onLaunch: ${String(error)}`),
        );
      };
      const off = transport.on(LAUNCH_AVAILABLE, take);
      // Whatever the OS asked for before this page listened (the file the app was started with).
      take();
      return once(off);
    },
    pathForFile(file) {
      return transport.pathForFile(file);
    },
    showInFolder(path) {
      if (typeof path !== 'string') return Promise.resolve(failure('request-invalid', 'window.api.showInFolder: the path must be a string'));
      return transport.invoke(SHOW_IN_FOLDER, { path }).then(
        (result) => result as IpcResult<null>,
        (error: unknown) => failure('internal', `Sealdrop could not deliver the request: ${error instanceof Error ? error.message : String(error)}`),
      );
    },
    choosePaths(kind) {
      if (typeof kind !== 'string') return Promise.resolve(failure('request-invalid', 'window.api.choosePaths: the kind must be a string'));
      return transport.invoke(CHOOSE_PATHS, { kind }).then(
        (result) => result as IpcResult<string[]>,
        (error: unknown) => failure('internal', `Sealdrop could not deliver the request: ${error instanceof Error ? error.message : String(error)}`),
      );
    },
  };
  return Object.freeze(api);
}

function failure(code: 'request-invalid' | 'internal', message: string): IpcResult<never> {
  return { ok: false, error: { code, message } };
}

/** An unsubscribe function that works once (calling it again does nothing). */
function once(off: () => void): () => void {
  let done = false;
  return () => {
    if (done) return;
    done = true;
    off();
  };
}
