// How to seal what was dropped: recipients, the network and how many of its key holders must agree
// ("any 2 of 3 key holders"), optional offline age1… recipients, and where to save the file.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError, RequestOf } from '../../api/api-types.ts';
import { useAppState, type NetworkSummary } from '../../app/app-state.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Field } from '../../components/Field.tsx';
import { FolderInput } from '../../components/FolderInput.tsx';
import { thresholdWords } from '../../text/format.ts';
import { baseName, isAbsolutePath, parentFolder } from '../../text/paths.ts';
import { RecipientsField } from './RecipientsField.tsx';

const AGE_RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;

type Props = {
  paths: string[];
  recent: string[];
  defaultThreshold: number | null;
  busy: boolean;
  onSeal(request: RequestOf<'seal:start'>): void;
};

/** The form; `onSeal` gets a complete, checked request. */
export function SealForm({ paths, recent, defaultThreshold, busy, onSeal }: Props): ReactNode {
  const app = useAppState();
  const [recipients, setRecipients] = useState<string[]>([]);
  const [networkId, setNetworkId] = useState<string | null>(null);
  const [threshold, setThreshold] = useState<number | null>(null);
  const [ageText, setAgeText] = useState('');
  const [folder, setFolder] = useState<string | null>(null);
  const [fileName, setFileName] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  const networkFieldId = useId();
  const thresholdFieldId = useId();

  const network: NetworkSummary | null = app.networks.find((n) => n.id === networkId) ?? app.networks.find((n) => n.isDefault) ?? app.networks[0] ?? null;
  const suggestedThreshold = network === null ? 0 : defaultThreshold !== null && defaultThreshold < network.nodes ? defaultThreshold : network.threshold;
  const chosenThreshold = network === null ? 0 : Math.min(threshold ?? suggestedThreshold, network.nodes - 1);
  const first = paths[0] ?? '';
  const outputFolder = folder ?? parentFolder(first);
  const ageRecipients = ageText.split(/\s+/).filter((line) => line !== '');
  const badAge = ageRecipients.filter((r) => !AGE_RECIPIENT.test(r));

  const seal = (): void => {
    if (network === null) return setProblem('Add a network first (see the set-up card above, or Identity & settings).');
    if (paths.length === 0) return setProblem('Drop or add what to seal first.');
    if (!isAbsolutePath(outputFolder)) return setProblem('Say where to save the file: the full path of a folder.');
    if (badAge.length > 0) return setProblem(`Not an age recipient: ${badAge[0]}.`);
    if (fileName.includes('/') || fileName.includes('\\')) return setProblem('The file name must be a name, not a path.');
    setProblem(null);
    onSeal({
      paths,
      recipients,
      network: network.id,
      threshold: chosenThreshold,
      outputFolder,
      ...(ageRecipients.length === 0 ? {} : { ageRecipients }),
      ...(fileName.trim() === '' ? {} : { fileName: fileName.trim().endsWith('.sealdrop') ? fileName.trim() : `${fileName.trim()}.sealdrop` }),
    });
  };

  return (
    <section className="card seal-form" aria-labelledby="seal-form-title">
      <h2 id="seal-form-title">Seal it</h2>
      <RecipientsField recipients={recipients} recent={recent} self={app.identity?.address ?? null} onChange={setRecipients} />

      <div className="two-columns">
        <div className="field">
          <label htmlFor={networkFieldId}>Network</label>
          <select id={networkFieldId} className="input" value={network?.id ?? ''} onChange={(event) => setNetworkId(event.currentTarget.value)} disabled={app.networks.length === 0}>
            {app.networks.length === 0 ? <option value="">No network yet</option> : null}
            {app.networks.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name}
                {n.local ? ' (this computer)' : ''}
              </option>
            ))}
          </select>
          {network?.local ? <span className="hint">The keys stay on this computer.</span> : null}
        </div>
        <div className="field">
          <label htmlFor={thresholdFieldId}>Who must agree to open it</label>
          <select id={thresholdFieldId} className="input" value={chosenThreshold} onChange={(event) => setThreshold(Number(event.currentTarget.value))} disabled={network === null}>
            {network === null
              ? <option value={0}>no network yet</option>
              : Array.from({ length: network.nodes }, (_, t) => (
                  <option key={t} value={t}>
                    {thresholdWords(t, network.nodes)}
                  </option>
                ))}
          </select>
          <span className="hint">Fewer than that learn nothing about the key.</span>
        </div>
      </div>
      <LocalNetworkNotice network={network} />

      <Field label="Save in" hint={`The sealed file is written to this folder as ${fileName.trim() === '' ? `${baseName(first) || 'sealed'}.sealdrop` : fileName.trim()}; nothing is ever overwritten.`}>
        {(ids) => <FolderInput ids={ids} value={outputFolder} onChange={setFolder} chooseLabel="Choose where the sealed file goes" />}
      </Field>

      <details className="more-options">
        <summary>More options: file name, offline age recipients</summary>
        <Field label="File name" hint="Leave empty to name it after what you dropped.">
          {({ id, describedBy }) => (
            <input id={id} className="input mono" value={fileName} onChange={(event) => setFileName(event.currentTarget.value)} placeholder={`${baseName(first) || 'sealed'}.sealdrop`} aria-describedby={describedBy} autoComplete="off" />
          )}
        </Field>
        <Field label="Offline age recipients (optional)" hint="age1… public keys, one per line. They can open the file with the age tool without asking any key holder, and cannot be revoked." error={badAge.length > 0 ? `Not an age recipient: ${badAge[0]}` : null}>
          {({ id, describedBy, invalid }) => (
            <textarea id={id} className="input mono" value={ageText} onChange={(event) => setAgeText(event.currentTarget.value)} aria-describedby={describedBy} aria-invalid={invalid} spellCheck={false} rows={3} />
          )}
        </Field>
      </details>

      {problem === null ? null : (
        <p className="field-error" role="alert">
          {problem}
        </p>
      )}
      <div className="button-row">
        {/* Not disabled without a network: it stays reachable by Tab, and a press says what is missing. */}
        <button type="button" className="button primary large" onClick={seal} disabled={busy} aria-disabled={network === null || paths.length === 0}>
          {busy ? 'Starting…' : 'Seal'}
        </button>
        <span className="muted">
          {recipients.length === 0 ? 'Only you will be able to open it.' : `You and ${recipients.length === 1 ? '1 person' : `${recipients.length} people`} will be able to open it.`}
        </span>
      </div>
    </section>
  );
}

/** The local network is the chosen one but not running: offer to start it. */
function LocalNetworkNotice({ network }: { network: NetworkSummary | null }): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [error, setError] = useState<IpcError | null>(null);
  const [busy, setBusy] = useState(false);
  useEffect(() => setError(null), [network?.id]);
  if (network === null || !network.local || app.info?.localNetworkRunning !== false) return null;
  const start = async (): Promise<void> => {
    setBusy(true);
    const result = await api.invoke('network:start-local', {});
    setBusy(false);
    if (!result.ok) return setError(result.error);
    await app.refresh();
  };
  return (
    <div className="message warn">
      <p>The local network is not running, so its key holders cannot make the key. Start it (the keys stay on this computer).</p>
      <button type="button" className="button" onClick={() => void start()} disabled={busy}>
        {busy ? 'Starting…' : 'Start the local network'}
      </button>
      {error === null ? null : <ErrorPanel error={error} />}
    </div>
  );
}
