// The first start: no identity and no network yet. Two steps, each one button: make the identity
// (kept in the OS keychain, or an encrypted file under a passphrase where there is none), and start
// the local network on this computer (the embedded default: its keys stay on this computer) or add
// the network someone else runs.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import type { IpcError } from '../api/api-types.ts';
import { AddNetworkForm } from '../components/AddNetworkForm.tsx';
import { Address } from '../components/Address.tsx';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { thresholdWords } from '../text/format.ts';
import { useAppState } from './app-state.tsx';

/** The set-up card, while something is missing; nothing once both steps are done. */
export function SetupCard({ onImport }: { onImport(): void }): ReactNode {
  const app = useAppState();
  if (!app.loaded || (app.identity !== null && app.networks.length > 0)) return null;
  return (
    <section className="card setup" aria-labelledby="setup-title" data-testid="setup">
      <h2 id="setup-title">Welcome to Sealdrop</h2>
      <p>Two things are needed before you seal your first file: your identity, and a network of key holders that keeps the keys.</p>
      <ol className="steps">
        <li className={app.identity === null ? 'step' : 'step done'}>
          <IdentityStep onImport={onImport} />
        </li>
        <li className={app.networks.length === 0 ? 'step' : 'step done'}>
          <NetworkStep />
        </li>
      </ol>
    </section>
  );
}

function IdentityStep({ onImport }: { onImport(): void }): ReactNode {
  const api = useApi();
  const app = useAppState();
  const id = useId();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [needsPassphrase, setNeedsPassphrase] = useState(false);
  const [passphrase, setPassphrase] = useState('');

  if (app.identity !== null) {
    return (
      <>
        <h3>Your identity</h3>
        <p>
          Ready: <Address address={app.identity.address} />
        </p>
      </>
    );
  }

  const create = async (event?: FormEvent): Promise<void> => {
    event?.preventDefault();
    setBusy(true);
    const result = await api.invoke('identity:create', needsPassphrase ? { storage: 'keystore', passphrase } : {});
    setBusy(false);
    if (!result.ok) {
      // No keychain here: the key goes to an encrypted file, which needs a passphrase.
      if (result.error.code === 'keychain-unavailable' || (result.error.code === 'bad-argument' && result.error.details?.purpose === 'protect')) {
        setNeedsPassphrase(true);
        setError(null);
        return;
      }
      // Made meanwhile (the app makes it at start-up when nothing is configured): show it.
      if (result.error.code === 'target-exists') return void (await app.refresh());
      return setError(result.error);
    }
    setError(null);
    await app.refresh();
  };

  return (
    <>
      <h3>1. Your identity</h3>
      <p>A key that proves to the key holders who you are. Its address is what others give access to. It stays in this computer&rsquo;s keychain.</p>
      {needsPassphrase ? (
        <form onSubmit={(event) => void create(event)}>
          <div className="field">
            <label htmlFor={id}>Passphrase for your key</label>
            <input id={id} className="input" type="password" autoComplete="new-password" value={passphrase} onChange={(event) => setPassphrase(event.currentTarget.value)} aria-describedby={`${id}-hint`} />
            <span className="hint" id={`${id}-hint`}>
              This computer has no keychain Sealdrop can use, so your key is kept in a file encrypted with this passphrase.
            </span>
          </div>
          <button type="submit" className="button primary" disabled={busy || passphrase === ''}>
            Create my identity
          </button>
        </form>
      ) : (
        <div className="button-row">
          <button type="button" className="button primary" onClick={() => void create()} disabled={busy}>
            {busy ? 'Creating…' : 'Create my identity'}
          </button>
          <button type="button" className="button" onClick={onImport}>
            I have a backup
          </button>
        </div>
      )}
      {error === null ? null : <ErrorPanel error={error} />}
    </>
  );
}

function NetworkStep(): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [adding, setAdding] = useState(false);
  const first = app.networks[0];

  if (first !== undefined) {
    return (
      <>
        <h3>A network of key holders</h3>
        <p>
          Ready: {first.name} ({thresholdWords(first.threshold, first.nodes)} open a document).
        </p>
      </>
    );
  }

  const startLocal = async (): Promise<void> => {
    setBusy(true);
    const result = await api.invoke('network:start-local', {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    await app.refresh();
  };

  return (
    <>
      <h3>2. A network of key holders</h3>
      <p>
        The key that opens a sealed file is split across several key holders; no single one can open it. Start the local network on this computer (3 key holders, any 2 open a
        document) &mdash; <strong>the keys stay on this computer</strong> &mdash; or add the network someone else runs.
      </p>
      <div className="button-row">
        <button type="button" className="button primary" onClick={() => void startLocal()} disabled={busy}>
          {busy ? 'Starting the local network…' : 'Start the local network'}
        </button>
        <button type="button" className="button" onClick={() => setAdding(!adding)} aria-expanded={adding}>
          Add a network…
        </button>
      </div>
      {adding ? <AddNetworkForm onAdded={() => void app.refresh()} /> : null}
      {error === null ? null : <ErrorPanel error={error} />}
    </>
  );
}
