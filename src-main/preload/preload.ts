// The preload of every window (bundled to dist/preload/preload.js, run sandboxed and context-
// isolated): it exposes `window.api` and nothing else. No ipcRenderer, no Node, no Electron object
// reaches the page; see api.ts for what window.api does and api-types.ts for its shape.
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createApi, type ContractNames } from './api.ts';

// The contract's channel and event names, written in by scripts/build.ts (esbuild `define`), so the
// preload carries the names without zod and every schema.
declare const SEALDROP_CONTRACT_NAMES: ContractNames;

const api = createApi(
  {
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    on(name, handler) {
      const forward = (_event: IpcRendererEvent, payload: unknown): void => handler(payload);
      ipcRenderer.on(name, forward);
      return () => {
        ipcRenderer.removeListener(name, forward);
      };
    },
    // Electron ≥ 32 has no File.path; only files the user dropped or picked have one.
    pathForFile: (file) => webUtils.getPathForFile(file),
  },
  SEALDROP_CONTRACT_NAMES,
  (message) => console.error(message),
);

contextBridge.exposeInMainWorld('api', api);
