// What the screens talk to: one api with the shape of the Electron preload's `window.api`
// (src-main/preload/api-types.ts), whichever face the page runs in. Types only, from the IPC contract.
import type { EventPayloadOf, IpcChannel, IpcEventName, IpcResult, RequestOf, ResponseOf } from '../../src-shared/ipc/contract.ts';

export type { EventPayloadOf, IpcChannel, IpcError, IpcEventName, IpcResult, RequestOf, ResponseOf } from '../../src-shared/ipc/contract.ts';

/** What the operating system asks the desktop app to open (a `.sealdrop` file, a network link). */
export type LaunchIntent = { readonly kind: 'open-file'; readonly file: string } | { readonly kind: 'network-link'; readonly link: string };

/** `window.api` as the Electron preload exposes it (checked against the preload's type by test/browser/api-shape.test.ts). */
export interface WindowApi {
  invoke<C extends IpcChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends IpcEventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void;
  onLaunch(listener: (intent: LaunchIntent) => void): () => void;
  pathForFile(file: File): string;
  /** Shows a file in the system's file manager (a preload without it: the renderer offers the path to copy). */
  showInFolder?(path: string): Promise<IpcResult<null>>;
  /** The system's open dialog (a preload without it: the renderer uses file inputs and path fields). */
  choosePaths?(kind: ChooseKind): Promise<IpcResult<string[]>>;
}

/** What a system dialog chooses: files or a folder to seal, a sealed file to open, a destination folder. */
export type ChooseKind = 'files' | 'folder' | 'sealed-file' | 'destination';

/** The api the screens use, in the desktop app and in the browser alike. */
export interface RendererApi {
  /** 'desktop' when `window.api` came from the preload, 'browser' under `sealdrop ui`. */
  readonly face: 'desktop' | 'browser';
  /** Calls a channel; never rejects: failures are `{ ok: false, error: { code, message } }`. */
  invoke<C extends IpcChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** Listens to an event of the contract; returns the unsubscribe function. */
  on<E extends IpcEventName>(event: E, listener: (payload: EventPayloadOf<E>) => void): () => void;
  /** Hears what the OS asks the app to open (desktop only; the browser never calls the listener). */
  onLaunch(listener: (intent: LaunchIntent) => void): () => void;
  /** The local path of a dropped or picked File, or null where the page cannot know it (the browser). */
  pathForFile(file: File): string | null;
  /** Shows a file in the system's file manager: desktop only; null where the page cannot (the browser). */
  readonly showInFolder: ((path: string) => Promise<IpcResult<null>>) | null;
  /** The system's open dialog: desktop only; null where the page cannot (the browser). */
  readonly choosePaths: ((kind: ChooseKind) => Promise<IpcResult<string[]>>) | null;
}
