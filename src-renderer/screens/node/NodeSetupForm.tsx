// Setting up the key server of this computer: its name and where it listens (its API for clients,
// its peer port for the other key holders). Its key is made and kept in the OS keychain.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError } from '../../api/api-types.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Field } from '../../components/Field.tsx';
import type { NodeStatus } from './NodeScreen.tsx';

/** The form; `onStatus` gets the node's status once it is set up. */
export function NodeSetupForm({ onStatus }: { onStatus(status: NodeStatus): void }): ReactNode {
  const api = useApi();
  const [name, setName] = useState('my-node');
  const [host, setHost] = useState('127.0.0.1');
  const [httpPort, setHttpPort] = useState('0');
  const [peerPort, setPeerPort] = useState('0');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    setBusy(true);
    const result = await api.invoke('node:setup', { name, http: { host, port: Number(httpPort) }, peer: { host, port: Number(peerPort) } });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setError(null);
    onStatus(result.value);
  };

  return (
    <section className="card" aria-labelledby="node-setup-title">
      <h2 id="node-setup-title">Set up a key server</h2>
      <p>This computer gets its own node key (kept in the keychain) and a configuration. Nothing runs until you start it.</p>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <Field label="Name" hint="Lowercase letters, digits and dashes.">
          {({ id, describedBy }) => <input id={id} className="input" value={name} onChange={(event) => setName(event.currentTarget.value)} aria-describedby={describedBy} autoComplete="off" />}
        </Field>
        <div className="three-columns">
          <Field label="Listen on" hint="127.0.0.1: this computer only. 0.0.0.0: every network it is on.">
            {({ id, describedBy }) => <input id={id} className="input mono" value={host} onChange={(event) => setHost(event.currentTarget.value)} aria-describedby={describedBy} autoComplete="off" />}
          </Field>
          <Field label="API port" hint="0 picks a free one.">
            {({ id, describedBy }) => <input id={id} className="input mono" inputMode="numeric" value={httpPort} onChange={(event) => setHttpPort(event.currentTarget.value)} aria-describedby={describedBy} />}
          </Field>
          <Field label="Peer port" hint="For the other key holders.">
            {({ id, describedBy }) => <input id={id} className="input mono" inputMode="numeric" value={peerPort} onChange={(event) => setPeerPort(event.currentTarget.value)} aria-describedby={describedBy} />}
          </Field>
        </div>
        <button type="submit" className="button primary" disabled={busy}>
          {busy ? 'Setting up…' : 'Set up the key server'}
        </button>
      </form>
      {error === null ? null : <ErrorPanel error={error} />}
    </section>
  );
}
