// The api as React context: every screen asks `useApi()` rather than reaching for a global.
import { createContext, useContext, type ReactNode } from 'react';
import type { RendererApi } from './api-types.ts';

const ApiContext = createContext<RendererApi | null>(null);

/** Makes `api` available to everything below. */
export function ApiProvider({ api, children }: { api: RendererApi; children: ReactNode }): ReactNode {
  return <ApiContext value={api}>{children}</ApiContext>;
}

/** The api of this window. */
export function useApi(): RendererApi {
  const api = useContext(ApiContext);
  if (api === null) throw new Error('useApi() outside <ApiProvider>');
  return api;
}
