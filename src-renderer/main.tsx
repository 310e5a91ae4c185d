// The renderer's entry: picks the api for this face (window.api in the desktop app, the browser-mode
// HTTP client otherwise) and renders the app.
import { createRoot } from 'react-dom/client';
import { ApiProvider } from './api/api-context.tsx';
import type { WindowApi } from './api/api-types.ts';
import { chooseApi } from './api/choose-api.ts';
import { App } from './app/App.tsx';
import { AppStateProvider } from './app/app-state.tsx';
import './styles/app.css';

const root = document.getElementById('root');
if (root === null) throw new Error('index.html has no #root');
const api = chooseApi(window as Window & { api?: WindowApi });
createRoot(root).render(
  <ApiProvider api={api}>
    <AppStateProvider>
      <App />
    </AppStateProvider>
  </ApiProvider>,
);
