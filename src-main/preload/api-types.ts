// The shape of `window.api`, the only thing a Sealdrop page can reach (DESIGN §6). Typed from the
// contract: `invoke` takes a channel's request and answers its response (or an error with a stable
// code); `on` hears the contract's events. The renderer declares `window.api` with this type.
import type { EventPayloadOf, IpcChannel, IpcEventName, IpcResult, RequestOf, ResponseOf } from '../../src-shared/ipc/contract.ts';
import type { ChooseKind } from '../app/choose-paths.ts';
import type { LaunchIntent } from '../app/launch-intent.ts';

export type { LaunchIntent } from '../app/launch-intent.ts';
export type { ChooseKind } from '../app/choose-paths.ts';

/** window.api. */
export interface SealdropApi {
  /** Calls a channel of the contract. Never rejects: failures are `{ ok: false, error: { code, message } }`. */
  invoke<C extends IpcChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** Listens to an event of the contract (progress, operation:done, node:status, network:local); returns the unsubscribe function. */
  on<E extends IpcEventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void;
  /**
   * Desktop only: hears what the operating system asks the app to open (a `.sealdrop` file → the
   * Open screen; a `sealdrop://network/…` link → adding a network, after the user confirms). Requests
   * made before the page listened are delivered at once. Returns the unsubscribe function.
   */
  onLaunch(listener: (intent: LaunchIntent) => void): () => void;
  /** Desktop only: the path of a File the user dropped or picked ('' for any other File). */
  pathForFile(file: File): string;
  /**
   * Desktop only: shows `path` in the system's file manager. Main shows only an existing file named
   * by an absolute path that this app wrote or the user chose (a sealed file, a file inspected to open).
   */
  showInFolder(path: string): Promise<IpcResult<null>>;
  /**
   * Desktop only: the system's open dialog for files or a folder to seal, a sealed file to open, or a
   * destination folder. Answers the chosen absolute paths (none when the user cancels).
   */
  choosePaths(kind: ChooseKind): Promise<IpcResult<string[]>>;
}
