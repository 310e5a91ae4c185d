// What several screens need to know about this Sealdrop: app:info (first run, keys stay here, the
// local network), the identity and the known networks. Loaded once, refreshed after any change that
// affects them (an identity made, a network added, the local network started or stopped).
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import type { IpcError, ResponseOf } from '../api/api-types.ts';

/** The facts of app:info. */
export type AppInfo = ResponseOf<'app:info'>;
/** The identity as identity:get describes it. */
export type IdentityInfo = NonNullable<ResponseOf<'identity:get'>['identity']>;
/** A network as network:list describes it. */
export type NetworkSummary = ResponseOf<'network:list'>['networks'][number];

/** The shared state. */
export type AppState = {
  info: AppInfo | null;
  identity: IdentityInfo | null;
  networks: NetworkSummary[];
  /** Why the first load failed (the service is down, the token is wrong); null when it worked. */
  problem: IpcError | null;
  loaded: boolean;
  refresh(): Promise<void>;
};

const AppStateContext = createContext<AppState | null>(null);

/** Loads the shared state and keeps it fresh. */
export function AppStateProvider({ children }: { children: ReactNode }): ReactNode {
  const api = useApi();
  const [state, setState] = useState<Omit<AppState, 'refresh'>>({ info: null, identity: null, networks: [], problem: null, loaded: false });

  const refresh = useCallback(async () => {
    const [info, identity, networks] = await Promise.all([api.invoke('app:info', {}), api.invoke('identity:get', {}), api.invoke('network:list', {})]);
    setState((previous) => ({
      info: info.ok ? info.value : previous.info,
      identity: identity.ok ? identity.value.identity : previous.identity,
      networks: networks.ok ? networks.value.networks : previous.networks,
      problem: info.ok ? null : info.error,
      loaded: true,
    }));
  }, [api]);

  useEffect(() => {
    void refresh();
    return api.on('network:local', () => void refresh());
  }, [api, refresh]);

  return <AppStateContext value={{ ...state, refresh }}>{children}</AppStateContext>;
}

/** The shared state. */
export function useAppState(): AppState {
  const state = useContext(AppStateContext);
  if (state === null) throw new Error('useAppState() outside <AppStateProvider>');
  return state;
}
