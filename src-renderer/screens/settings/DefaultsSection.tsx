// Defaults for new documents: how many key holders must agree, and, for networks whose access lists
// live on a chain, the chain's endpoint and how long grants last.
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { IpcError } from '../../api/api-types.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Field } from '../../components/Field.tsx';
import { useLoad } from '../../hooks/useLoad.ts';

/** The defaults card. */
export function DefaultsSection({ active }: { active: boolean }): ReactNode {
  const api = useApi();
  const [loaded] = useLoad(active ? () => api.invoke('settings:get', {}) : null, `settings-${active}`);
  const [threshold, setThreshold] = useState('');
  const [rpcUrl, setRpcUrl] = useState('');
  const [grantDays, setGrantDays] = useState('');
  const [error, setError] = useState<IpcError | null>(null);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    if (loaded.state !== 'ready') return;
    setThreshold(loaded.value.defaultThreshold === null ? '' : String(loaded.value.defaultThreshold));
    setRpcUrl(loaded.value.chain.rpcUrl ?? '');
    setGrantDays(loaded.value.chain.grantDays === null ? '' : String(loaded.value.chain.grantDays));
  }, [loaded]);

  const onSubmit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const days = grantDays.trim() === '' ? null : Number(grantDays);
    if (days !== null && (!Number.isInteger(days) || days < 1)) return setError({ code: 'bad-argument', message: 'Grants last a whole number of days (1 or more), or leave it empty for no end.' });
    const result = await api.invoke('settings:set', {
      defaultThreshold: threshold === '' ? null : Number(threshold),
      chain: { rpcUrl: rpcUrl.trim() === '' ? null : rpcUrl.trim(), grantDays: days },
    });
    if (!result.ok) {
      setSaved(false);
      return setError(result.error);
    }
    setError(null);
    setSaved(true);
  };

  return (
    <section className="card" aria-labelledby="defaults-title">
      <h2 id="defaults-title">Defaults</h2>
      <form onSubmit={(event) => void onSubmit(event)} noValidate>
        <Field label="Who must agree to open new documents" hint="Each network has its own default; this overrides it where the network is big enough.">
          {({ id, describedBy }) => (
            <select id={id} className="input" value={threshold} onChange={(event) => setThreshold(event.currentTarget.value)} aria-describedby={describedBy}>
              <option value="">the network&rsquo;s own default</option>
              {Array.from({ length: 10 }, (_, t) => (
                <option key={t} value={t}>
                  any {t + 1} key holder{t === 0 ? '' : 's'}
                </option>
              ))}
            </select>
          )}
        </Field>
        <h3>Access lists on a chain</h3>
        <p className="muted small">For networks whose access lists are kept in a permissioning contract on an EVM chain.</p>
        <div className="two-columns">
          <Field label="Chain endpoint (JSON-RPC)">
            {({ id }) => <input id={id} className="input mono" value={rpcUrl} onChange={(event) => setRpcUrl(event.currentTarget.value)} placeholder="https://…" spellCheck={false} autoComplete="off" />}
          </Field>
          <Field label="Grants last (days)" hint="Empty: until you remove them.">
            {({ id, describedBy }) => <input id={id} className="input" inputMode="numeric" value={grantDays} onChange={(event) => setGrantDays(event.currentTarget.value)} aria-describedby={describedBy} />}
          </Field>
        </div>
        <button type="submit" className="button">
          Save
        </button>
        <span role="status" className="muted small save-status">
          {saved ? 'Saved.' : ''}
        </span>
      </form>
      {error === null ? null : <ErrorPanel error={error} />}
    </section>
  );
}
