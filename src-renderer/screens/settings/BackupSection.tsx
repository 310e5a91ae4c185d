// An encrypted backup of your identity (an Ethereum JSON keystore under a new passphrase): saved to
// a path you name, or, in the browser, downloaded. Without it, losing this computer loses every
// document sealed to you.
import { useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError } from '../../api/api-types.ts';
import { useAppState } from '../../app/app-state.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Field } from '../../components/Field.tsx';
import { isAbsolutePath } from '../../text/paths.ts';

/** The backup card (only with an identity). */
export function BackupSection(): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [passphrase, setPassphrase] = useState('');
  const [repeat, setRepeat] = useState('');
  const [output, setOutput] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [done, setDone] = useState<string | null>(null);
  if (app.identity === null) return null;
  const browser = app.info?.face === 'browser';

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (passphrase.length < 8) return setError({ code: 'bad-argument', message: 'Choose a passphrase of at least 8 characters.' });
    if (passphrase !== repeat) return setError({ code: 'bad-argument', message: 'The two passphrases differ.' });
    if (output !== '' && !isAbsolutePath(output)) return setError({ code: 'bad-argument', message: 'Save it to a full path, e.g. /home/you/sealdrop-backup.json.' });
    if (output === '' && !browser) return setError({ code: 'bad-argument', message: 'Say where to save the backup: a full path.' });
    setBusy(true);
    const result = await api.invoke('identity:export-backup', { passphrase, ...(output === '' ? {} : { output }) });
    setBusy(false);
    setPassphrase('');
    setRepeat('');
    if (!result.ok) return setError(result.error);
    setError(null);
    if (result.value.backup !== null) download(result.value.backup, `sealdrop-identity-${result.value.address.slice(2, 10)}.json`);
    setDone(result.value.file === null ? 'The backup was downloaded. Keep it and its passphrase apart.' : `The backup is saved in ${result.value.file}. Keep it and its passphrase apart.`);
  };

  return (
    <details className="card collapsible">
      <summary>
        <h2>Back up your identity</h2>
      </summary>
      <p>If this computer is lost, the backup and its passphrase let you open what was sealed for you. Keep them apart.</p>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <div className="two-columns">
          <Field label="New passphrase for the backup">
            {({ id }) => <input id={id} className="input" type="password" autoComplete="new-password" value={passphrase} onChange={(event) => setPassphrase(event.currentTarget.value)} />}
          </Field>
          <Field label="The same again">
            {({ id }) => <input id={id} className="input" type="password" autoComplete="new-password" value={repeat} onChange={(event) => setRepeat(event.currentTarget.value)} />}
          </Field>
        </div>
        <Field label="Save to" hint={browser ? 'A full path on this computer, or leave empty to download it.' : 'A full path on this computer; an existing file is never replaced.'}>
          {({ id, describedBy }) => <input id={id} className="input mono" value={output} onChange={(event) => setOutput(event.currentTarget.value)} placeholder="/home/you/sealdrop-backup.json" aria-describedby={describedBy} spellCheck={false} autoComplete="off" />}
        </Field>
        <button type="submit" className="button" disabled={busy}>
          {busy ? 'Encrypting…' : 'Make the backup'}
        </button>
      </form>
      <p role="status" className="muted small">
        {done ?? ''}
      </p>
      {error === null ? null : <ErrorPanel error={error} />}
    </details>
  );
}

/** Offers `text` as a file download (the browser mode has no save dialog of ours). */
function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
