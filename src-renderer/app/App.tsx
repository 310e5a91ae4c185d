// The window: navigation on the side, the chosen screen on the right. Every screen stays mounted
// while hidden, so a seal in progress or a half-filled form survives a look at another screen.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import { NodeScreen } from '../screens/node/NodeScreen.tsx';
import { OpenScreen } from '../screens/open/OpenScreen.tsx';
import { SealedByMeScreen } from '../screens/sealed/SealedByMeScreen.tsx';
import { SettingsScreen } from '../screens/settings/SettingsScreen.tsx';
import { ShareScreen } from '../screens/share/ShareScreen.tsx';
import { useAppState } from './app-state.tsx';
import type { ScreenId } from './screens.ts';
import { Sidebar } from './Sidebar.tsx';
import { UnlockBanner } from './UnlockBanner.tsx';

/** A request from elsewhere to show something on a screen (a file to open, a link to add). */
export type Handoff = { readonly value: string; readonly round: number };

/** The whole app. */
export function App(): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [screen, setScreen] = useState<ScreenId>('share');
  const [fileToOpen, setFileToOpen] = useState<Handoff | null>(null);
  const [linkToAdd, setLinkToAdd] = useState<Handoff | null>(null);
  const main = useRef<HTMLElement>(null);
  const round = useRef(0);

  // The OS asked the desktop app to open a file or a link: route it, never act on it unasked.
  useEffect(
    () =>
      api.onLaunch((intent) => {
        round.current++;
        if (intent.kind === 'open-file') {
          setFileToOpen({ value: intent.file, round: round.current });
          setScreen('open');
        } else {
          setLinkToAdd({ value: intent.link, round: round.current });
          setScreen('settings');
        }
      }),
    [api],
  );

  // A file dropped outside a drop zone must not replace the page with the file.
  useEffect(() => {
    const stop = (event: DragEvent): void => event.preventDefault();
    window.addEventListener('dragover', stop);
    window.addEventListener('drop', stop);
    return () => {
      window.removeEventListener('dragover', stop);
      window.removeEventListener('drop', stop);
    };
  }, []);

  if (app.loaded && app.info === null && app.problem !== null) {
    return (
      <main className="main" id="main">
        <div className="screen">
          <h1>Sealdrop</h1>
          <div className="message error" role="alert" data-error-code={app.problem.code}>
            <h2>This page cannot reach Sealdrop</h2>
            <p>{app.problem.message}</p>
          </div>
          <button type="button" className="button" onClick={() => void app.refresh()}>
            Try again
          </button>
        </div>
      </main>
    );
  }

  return (
    <div className="app">
      <button type="button" className="skip-link" onClick={() => (document.getElementById(`screen-${screen}-title`) ?? main.current)?.focus()}>
        Skip to the screen
      </button>
      <Sidebar current={screen} onChoose={setScreen} />
      <main className="main" id="main" ref={main} tabIndex={-1}>
        <div className="banner-stack">
          <UnlockBanner />
        </div>
        <ShareScreen active={screen === 'share'} onImport={() => setScreen('settings')} />
        <SealedByMeScreen active={screen === 'sealed'} />
        <OpenScreen active={screen === 'open'} handoff={fileToOpen} />
        <NodeScreen active={screen === 'node'} />
        <SettingsScreen active={screen === 'settings'} linkHandoff={linkToAdd} />
      </main>
    </div>
  );
}
