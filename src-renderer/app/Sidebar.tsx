// The navigation and, at its foot, where this Sealdrop stands: who you are and which network holds
// the keys (and, for the local network, that the keys stay on this computer).
import type { ReactNode } from 'react';
import { Address } from '../components/Address.tsx';
import { useAppState } from './app-state.tsx';
import { SCREENS, type ScreenId } from './screens.ts';

/** The sidebar; `onChoose` switches screens. */
export function Sidebar({ current, onChoose }: { current: ScreenId; onChoose(screen: ScreenId): void }): ReactNode {
  const app = useAppState();
  const defaultNetwork = app.networks.find((network) => network.isDefault) ?? null;
  return (
    <aside className="sidebar">
      <div className="sidebar-inner">
      <div className="brand">
        <img src="icon.svg" alt="" />
        <span>Sealdrop</span>
      </div>
      <nav className="nav" aria-label="Screens">
        <ul>
          {SCREENS.map((screen) => (
            <li key={screen.id}>
              <button type="button" aria-current={screen.id === current ? 'page' : undefined} onClick={() => onChoose(screen.id)}>
                {screen.name}
              </button>
            </li>
          ))}
        </ul>
      </nav>
      <div className="sidebar-status" aria-label="Status">
        {app.identity === null ? <span>No identity yet</span> : <span>You: <Address address={app.identity.address} short /></span>}
        {defaultNetwork === null ? (
          <span>No network yet</span>
        ) : (
          <span>
            <span className={defaultNetwork.local && !(app.info?.localNetworkRunning ?? false) ? 'dot off' : 'dot on'} aria-hidden="true" />
            {defaultNetwork.name}
            {defaultNetwork.local ? (app.info?.localNetworkRunning ? ' (running)' : ' (stopped)') : ''}
          </span>
        )}
        {app.info?.keysStayOnThisComputer && defaultNetwork?.local ? <span>The keys stay on this computer.</span> : null}
        {app.info === null ? null : <span>{app.info.face === 'browser' ? 'Browser mode' : 'Desktop'} · v{app.info.version}</span>}
      </div>
      </div>
    </aside>
  );
}
