// Who may open a document, as its key holders (or the chain) say now, with add and remove. Removal
// is said plainly: it stops future opens; a copy someone already opened cannot be taken back.
import { useId, useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError, ResponseOf } from '../../api/api-types.ts';
import { useAppState } from '../../app/app-state.tsx';
import { Address } from '../../components/Address.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { formatTime } from '../../text/format.ts';
import { parseAddresses } from '../share/RecipientsField.tsx';

type Change = ResponseOf<'access:grant'>;

/**
 * The access list of `documentId`; `onChanged` hears every successful change. `recipients` is who
 * "Sealed by me" thinks may open it: when that changes elsewhere (a re-seal stopping the old file),
 * the key holders are asked again.
 */
export function AccessList({ documentId, recipients, onChanged }: { documentId: string; recipients: readonly string[]; onChanged(): void }): ReactNode {
  const api = useApi();
  const app = useAppState();
  const fieldId = useId();
  const [round, setRound] = useState(0);
  const [access] = useLoad(() => api.invoke('access:list', { documentId }), `${documentId}-${round}-${recipients.join(',')}`);
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<IpcError | null>(null);
  const [outcome, setOutcome] = useState<string | null>(null);

  const change = async (kind: 'grant' | 'revoke', addresses: string[]): Promise<void> => {
    setBusy(true);
    setError(null);
    setOutcome(null);
    const result = await api.invoke(kind === 'grant' ? 'access:grant' : 'access:revoke', { documentId, addresses });
    setBusy(false);
    if (!result.ok) return setError(result.error);
    setOutcome(describeChange(kind, result.value));
    setRound((n) => n + 1);
    onChanged();
  };

  const onAdd = (event: FormEvent): void => {
    event.preventDefault();
    const { addresses, rejected } = parseAddresses(text);
    if (addresses.length === 0 || rejected.length > 0) {
      setError({ code: 'bad-argument', message: `Not an address: ${rejected[0] ?? text}. An address is 0x followed by 40 hex digits.` });
      return;
    }
    setText('');
    void change('grant', addresses);
  };

  const readers = access.value?.readers ?? [];
  return (
    <section className="access" aria-label="Who may open it">
      <h3>Who may open it</h3>
      <p className="muted small">Removing someone stops their future opens. It cannot take back a copy they have already opened.</p>
      {access.state === 'failed' ? <ErrorPanel error={access.error} /> : null}
      {access.value === null ? (
        <p className="muted">Asking the key holders…</p>
      ) : (
        <ul className="access-list" data-testid="access-list">
          <li>
            <span>
              {access.value.owner === null || access.value.owner.toLowerCase() === app.identity?.address.toLowerCase() ? 'You' : <Address address={access.value.owner} />}
              <span className="badge accent">owner</span>
            </span>
          </li>
          {readers.map((reader) => (
            <li key={reader.address}>
              <span>
                <Address address={reader.address} />
                {reader.until === null ? null : <span className={reader.expired ? 'badge' : 'badge ok'}>{reader.expired ? 'expired' : `until ${formatTime(reader.until)}`}</span>}
              </span>
              <button type="button" className="button danger small" disabled={busy} onClick={() => void change('revoke', [reader.address])} aria-label={`Remove ${reader.address}`}>
                Remove
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="inline-form" onSubmit={onAdd} noValidate>
        <label htmlFor={fieldId} className="visually-hidden">
          Address to give access to
        </label>
        <input id={fieldId} className="input mono" value={text} onChange={(event) => setText(event.currentTarget.value)} placeholder="0x… to give access to" spellCheck={false} autoComplete="off" />
        <button type="submit" className="button" disabled={busy}>
          Give access
        </button>
      </form>
      <p className="access-outcome" role="status">
        {outcome ?? ''}
      </p>
      {error === null ? null : <ErrorPanel error={error} />}
    </section>
  );
}

/** A change in words: who, and whether it is in force yet. */
function describeChange(kind: 'grant' | 'revoke', change: Change): string {
  const who = change.addresses.length === 1 ? change.addresses[0] : `${change.addresses.length} people`;
  const verb = kind === 'grant' ? `${who} may open it` : `${who} can no longer open it`;
  const held = change.acknowledged !== null && change.total !== null ? ` (${change.acknowledged} of ${change.total} key holders have the change)` : change.transactions.length > 0 ? ' (on the chain)' : '';
  if (change.effective) return `Done: ${verb}${held}.`;
  return `Not in force yet: too few key holders have the change${held}. Try again when more are online.`;
}
