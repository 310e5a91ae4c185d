// The networks this computer knows: each with its size and threshold, its access list kind, a link
// to share it, and which one sealing uses by default; the local network (start, stop: its keys stay
// on this computer); adding one from a link or a file.
import { useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError } from '../../api/api-types.ts';
import type { Handoff } from '../../app/App.tsx';
import { useAppState, type NetworkSummary } from '../../app/app-state.tsx';
import { AddNetworkForm } from '../../components/AddNetworkForm.tsx';
import { CopyRow } from '../../components/CopyButton.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { thresholdWords } from '../../text/format.ts';

/** The networks card; `linkHandoff` prefills the add form with a link the OS handed over. */
export function NetworksSection({ linkHandoff }: { linkHandoff: Handoff | null }): ReactNode {
  const app = useAppState();
  return (
    <section className="card" aria-labelledby="networks-title" data-testid="networks">
      <h2 id="networks-title">Networks</h2>
      <LocalNetwork />
      {app.networks.length === 0 ? <p className="muted">No network yet.</p> : null}
      <ul className="network-list">
        {app.networks.map((network) => (
          <NetworkItem key={network.id} network={network} />
        ))}
      </ul>
      <h3>Add a network</h3>
      <AddNetworkForm key={linkHandoff?.round ?? 0} initial={linkHandoff?.value ?? ''} onAdded={() => void app.refresh()} />
    </section>
  );
}

function NetworkItem({ network }: { network: NetworkSummary }): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [link, setLink] = useState<string | null>(null);
  const [error, setError] = useState<IpcError | null>(null);

  const share = async (): Promise<void> => {
    const result = await api.invoke('network:share-link', { network: network.id });
    if (!result.ok) return setError(result.error);
    setLink(result.value.link);
  };
  const makeDefault = async (): Promise<void> => {
    const result = await api.invoke('settings:set', { defaultNetwork: network.id });
    if (!result.ok) return setError(result.error);
    await app.refresh();
  };

  return (
    <li className="network" data-testid="network" data-network-id={network.id}>
      <div className="network-summary">
        <div>
          <strong>{network.name}</strong> {network.isDefault ? <span className="badge accent">default</span> : null} {network.local ? <span className="badge">this computer</span> : null}
          <p className="muted small">
            {network.nodes} key holders, {thresholdWords(network.threshold, network.nodes)} by default · access lists{' '}
            {network.acl.type === 'owner-signed' ? 'signed by each owner' : `on chain ${network.acl.chainId}`}
          </p>
        </div>
        <div className="button-row">
          {network.isDefault ? null : (
            <button type="button" className="button small" onClick={() => void makeDefault()}>
              Make default
            </button>
          )}
          <button type="button" className="button small" onClick={() => void share()} aria-label={`Share a link to ${network.name}`}>
            Share link
          </button>
        </div>
      </div>
      {link === null ? null : (
        <div className="field">
          <span className="label">Link to this network</span>
          <CopyRow value={link} label="Copy the network link" testId="network-link" compact />
          <span className="hint">Whoever adds this link can seal to and open from this network. It holds no secret.</span>
        </div>
      )}
      {error === null ? null : <ErrorPanel error={error} />}
    </li>
  );
}

/** The local network: running or not, start and stop, and where its keys are. */
function LocalNetwork(): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const info = app.info;
  if (info === null) return null;

  const toggle = async (): Promise<void> => {
    setBusy(true);
    const result = info.localNetworkRunning ? await api.invoke('network:stop-local', {}) : await api.invoke('network:start-local', {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    await app.refresh();
  };

  return (
    <div className="local-network">
      <p>
        <span className={info.localNetworkRunning ? 'dot on' : 'dot off'} aria-hidden="true" />
        <strong>Local network</strong>: {info.localNetworkRunning ? 'running' : info.localNetworkConfigured ? 'stopped' : 'not set up yet'}. Three key holders on this computer; any two open a
        document. The keys stay on this computer.
      </p>
      <button type="button" className="button small" onClick={() => void toggle()} disabled={busy}>
        {busy ? 'Working…' : info.localNetworkRunning ? 'Stop the local network' : 'Start the local network'}
      </button>
      {error === null ? null : <ErrorPanel error={error} />}
    </div>
  );
}
