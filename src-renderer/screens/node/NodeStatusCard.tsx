// The key server of this computer once set up: its public key to give the network's operator,
// start (with the network's profile) and stop, and what it is doing.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError } from '../../api/api-types.ts';
import { useAppState } from '../../app/app-state.tsx';
import { networkSourceOf } from '../../components/AddNetworkForm.tsx';
import { Address } from '../../components/Address.tsx';
import { CopyRow } from '../../components/CopyButton.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { formatBytes, formatTime } from '../../text/format.ts';
import type { NodeStatus } from './NodeScreen.tsx';

/** The card of a node that is set up. */
export function NodeStatusCard({ status, onStatus }: { status: NodeStatus; onStatus(status: NodeStatus): void }): ReactNode {
  const api = useApi();
  const app = useAppState();
  const profileId = useId();
  const [profile, setProfile] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const start = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const source = profile.trim() === '' ? null : networkSourceOf(profile);
    if (profile.trim() !== '' && source === null) {
      setError({ code: 'bad-argument', message: 'Paste a sealdrop://network/… link, the full path of a profile file, or the profile itself.' });
      return;
    }
    setBusy(true);
    const result = await api.invoke('node:start', source === null ? {} : { network: source });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    onStatus(result.value);
  };

  const stop = async (): Promise<void> => {
    setBusy(true);
    const result = await api.invoke('node:stop', {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    onStatus(result.value);
  };

  return (
    <>
      <section className="card" aria-labelledby="node-title" data-testid="node-status">
        <div className="card-header">
          <h2 id="node-title">
            {status.name ?? 'Key server'} <span className={status.running ? 'badge ok' : 'badge'}>{status.running ? 'running' : 'stopped'}</span>
          </h2>
          {status.running ? (
            <button type="button" className="button" onClick={() => void stop()} disabled={busy}>
              Stop
            </button>
          ) : null}
        </div>
        {status.publicKey === null ? null : (
          <div className="field">
            <span className="label">Its public key</span>
            <CopyRow value={status.publicKey} label="Copy the node's public key" testId="node-public-key" />
            <span className="hint">Give this to whoever runs the network: they list it in the network&rsquo;s profile.</span>
          </div>
        )}
        <dl className="facts">
          {status.address === null ? null : (
            <>
              <dt>Address</dt>
              <dd>
                <Address address={status.address} />
              </dd>
            </>
          )}
          {status.running ? (
            <>
              <dt>API</dt>
              <dd className="mono">{status.http ?? 'unknown'}</dd>
              <dt>Peers</dt>
              <dd>{status.peers === null ? 'unknown' : `${status.peers.connected} of ${status.peers.total} connected`}</dd>
              <dt>Keys held</dt>
              <dd>{status.keysHeld === null ? 'unknown' : status.keysHeld.toLocaleString('en')}</dd>
              <dt>Requests</dt>
              <dd>{status.requests === null ? 'unknown' : `${status.requests.served.toLocaleString('en')} served, ${status.requests.refused.toLocaleString('en')} refused`}</dd>
            </>
          ) : null}
          <dt>Storage</dt>
          <dd>{status.storageBytes === null ? 'unknown' : formatBytes(status.storageBytes)}</dd>
          {status.startedAt === null ? null : (
            <>
              <dt>Running since</dt>
              <dd>{formatTime(status.startedAt)}</dd>
            </>
          )}
          {status.config === null ? null : (
            <>
              <dt>Configuration</dt>
              <dd className="mono small">{status.config}</dd>
            </>
          )}
        </dl>
        {status.running ? null : <p className="muted">Start it to see its peers, the keys it holds and the requests it serves.</p>}
        {status.running ? null : (
          <form onSubmit={(event) => void start(event)} noValidate>
            <div className="field">
              <label htmlFor={profileId}>The network&rsquo;s profile</label>
              <input
                id={profileId}
                className="input mono"
                value={profile}
                onChange={(event) => setProfile(event.currentTarget.value)}
                placeholder="sealdrop://network/…  or  /path/to/network.json"
                aria-describedby={`${profileId}-hint`}
                spellCheck={false}
                autoComplete="off"
              />
              <span className="hint" id={`${profileId}-hint`}>
                Needed the first time, and whenever the network changes. It must list this node&rsquo;s public key.
              </span>
            </div>
            <button type="submit" className="button primary" disabled={busy}>
              {busy ? 'Starting…' : 'Start the key server'}
            </button>
          </form>
        )}
        {error === null ? null : <ErrorPanel error={error} />}
        {app.info?.face === 'desktop' ? <KeepRunning /> : null}
      </section>
      <section className="card" aria-labelledby="node-errors-title">
        <h2 id="node-errors-title">Recent problems</h2>
        {status.recentErrors.length === 0 ? (
          <p className="muted">None.</p>
        ) : (
          <ul className="plain-list">
            {[...status.recentErrors].reverse().map((problem) => (
              <li key={`${problem.time}-${problem.event}`}>
                <span className="muted small">{formatTime(problem.time)}</span> <span className="mono small">{problem.event}</span>: {problem.message}
              </li>
            ))}
          </ul>
        )}
      </section>
    </>
  );
}

/** Desktop only: keep the node running in the tray when the window closes. */
function KeepRunning(): ReactNode {
  const api = useApi();
  const id = useId();
  const [loaded] = useLoad(() => api.invoke('settings:get', {}), 'keep-node-running');
  const [chosen, setChosen] = useState<boolean | null>(null);
  const checked = chosen ?? loaded.value?.keepNodeRunning ?? null;
  const change = async (value: boolean): Promise<void> => {
    setChosen(value);
    const result = await api.invoke('settings:set', { keepNodeRunning: value });
    if (result.ok) setChosen(result.value.keepNodeRunning);
  };
  return (
    <div className="checkbox">
      <input id={id} type="checkbox" checked={checked ?? false} disabled={checked === null} onChange={(event) => void change(event.currentTarget.checked)} />
      <label htmlFor={id}>Keep the key server running in the tray when the window closes</label>
    </div>
  );
}
