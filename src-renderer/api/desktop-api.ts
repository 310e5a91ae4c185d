// The api in the desktop app: `window.api` from the preload, as it is, plus the face and a
// pathForFile that says "unknown" as null rather than ''.
import type { RendererApi, WindowApi } from './api-types.ts';

/** The renderer api over the preload's `window.api`. */
export function desktopApi(windowApi: WindowApi): RendererApi {
  return {
    face: 'desktop',
    invoke: (channel, request) => windowApi.invoke(channel, request),
    on: (event, listener) => windowApi.on(event, listener),
    onLaunch: (listener) => windowApi.onLaunch(listener),
    pathForFile(file) {
      const path = windowApi.pathForFile(file);
      return path === '' ? null : path;
    },
    showInFolder: typeof windowApi.showInFolder === 'function' ? (path) => windowApi.showInFolder!(path) : null,
    choosePaths: typeof windowApi.choosePaths === 'function' ? (kind) => windowApi.choosePaths!(kind) : null,
  };
}
