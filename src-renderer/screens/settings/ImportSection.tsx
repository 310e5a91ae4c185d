// Bringing in an identity: a backup (keystore file, read by the page) with its passphrase, a
// recovery phrase, or a private key. Replacing an existing identity must be asked for explicitly.
import { useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError, RequestOf } from '../../api/api-types.ts';
import { useAppState } from '../../app/app-state.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Field } from '../../components/Field.tsx';

type Kind = 'keystore' | 'mnemonic' | 'private-key';

/** The import card. */
export function ImportSection(): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [kind, setKind] = useState<Kind>('keystore');
  const [secret, setSecret] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [replace, setReplace] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const picker = useRef<HTMLInputElement>(null);
  const hasIdentity = app.identity !== null;

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (secret.trim() === '') return setError({ code: 'bad-argument', message: kind === 'keystore' ? 'Choose the backup file, or paste its contents.' : 'Paste it first.' });
    if (hasIdentity && !replace) return setError({ code: 'bad-argument', message: 'You already have an identity. Tick "Replace my identity" (after backing it up) to bring in another.' });
    const source: RequestOf<'identity:import'>['source'] =
      kind === 'keystore' ? { kind, json: secret, passphrase } : kind === 'mnemonic' ? { kind, phrase: secret.trim() } : { kind, text: secret.trim() };
    setBusy(true);
    const result = await api.invoke('identity:import', { source, ...(replace ? { replace: true } : {}) });
    setBusy(false);
    setSecret('');
    setPassphrase('');
    if (!result.ok) return setError(result.error);
    setError(null);
    setReplace(false);
    setDone(`Your identity is now ${result.value.address}.`);
    await app.refresh();
  };

  const onPicked = async (input: HTMLInputElement): Promise<void> => {
    const file = input.files?.[0];
    input.value = '';
    if (file !== undefined) setSecret(await file.text());
  };

  return (
    <details className="card collapsible" id="import-identity">
      <summary>
        <h2>Bring in an identity</h2>
      </summary>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <Field label="From">
          {({ id }) => (
            <select id={id} className="input" value={kind} onChange={(event) => setKind(event.currentTarget.value as Kind)}>
              <option value="keystore">a Sealdrop backup (keystore file)</option>
              <option value="mnemonic">a recovery phrase</option>
              <option value="private-key">a private key</option>
            </select>
          )}
        </Field>
        {kind === 'keystore' ? (
          <>
            <div className="field">
              <span className="label">The backup</span>
              <div className="button-row">
                <button type="button" className="button" onClick={() => picker.current?.click()}>
                  Choose the backup file…
                </button>
                <span className="muted small">{secret === '' ? 'none chosen' : 'read'}</span>
              </div>
              <input ref={picker} type="file" accept=".json,application/json" hidden onChange={(event) => void onPicked(event.currentTarget)} />
            </div>
            <Field label="Its passphrase">
              {({ id }) => <input id={id} className="input" type="password" autoComplete="off" value={passphrase} onChange={(event) => setPassphrase(event.currentTarget.value)} />}
            </Field>
          </>
        ) : (
          <Field label={kind === 'mnemonic' ? 'Recovery phrase' : 'Private key'} hint="It goes straight to the keychain; Sealdrop never shows it again.">
            {({ id, describedBy }) => (
              <textarea id={id} className="input mono" rows={2} value={secret} onChange={(event) => setSecret(event.currentTarget.value)} aria-describedby={describedBy} spellCheck={false} autoComplete="off" />
            )}
          </Field>
        )}
        {hasIdentity ? (
          <div className="checkbox">
            <input id="import-replace" type="checkbox" checked={replace} onChange={(event) => setReplace(event.currentTarget.checked)} />
            <label htmlFor="import-replace">Replace my identity. Without a backup of it, files sealed for my current address can no longer be opened here.</label>
          </div>
        ) : null}
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Bringing it in…' : 'Bring it in'}
        </button>
      </form>
      <p role="status" className="muted small">
        {done ?? ''}
      </p>
      {error === null ? null : <ErrorPanel error={error} />}
    </details>
  );
}
