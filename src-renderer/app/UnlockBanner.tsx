// Shown while the identity lives in an encrypted keystore file (no OS keychain) and is locked:
// sealing, opening and changing access need it unlocked for this session.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import type { IpcError } from '../api/api-types.ts';
import { ErrorPanel } from '../components/ErrorPanel.tsx';
import { useAppState } from './app-state.tsx';

/** The unlock form, when the identity is locked. */
export function UnlockBanner(): ReactNode {
  const api = useApi();
  const app = useAppState();
  const id = useId();
  const [passphrase, setPassphrase] = useState('');
  const [error, setError] = useState<IpcError | null>(null);
  if (app.identity === null || !app.identity.locked) return null;

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const result = await api.invoke('identity:unlock', { passphrase });
    setPassphrase('');
    if (!result.ok) return setError(result.error);
    setError(null);
    await app.refresh();
  };

  return (
    <div className="message warn">
      <h2>Your identity is locked</h2>
      <p>This computer has no keychain Sealdrop can use, so your key is kept in an encrypted file. Unlock it to seal, open or change access.</p>
      <form className="inline-form" onSubmit={(event) => void onSubmit(event)}>
        <label htmlFor={id} className="visually-hidden">
          Passphrase of your identity
        </label>
        <input id={id} className="input" type="password" autoComplete="current-password" value={passphrase} onChange={(event) => setPassphrase(event.currentTarget.value)} />
        <button type="submit" className="button primary">
          Unlock
        </button>
      </form>
      {error === null ? null : <ErrorPanel error={error} />}
    </div>
  );
}
