// Every attempt to open a document, merged across its key holders (only the owner may read it):
// "Opened by 0xB0b…1234 at 14:02 (3 of 3 nodes agree)".
import { useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import { Address } from '../../components/Address.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { formatTime } from '../../text/format.ts';

/** The history of `documentId`, newest first, with a refresh button. */
export function AuditList({ documentId }: { documentId: string }): ReactNode {
  const api = useApi();
  const [round, setRound] = useState(0);
  const [audit] = useLoad(() => api.invoke('access:audit', { documentId }), `${documentId}-${round}`);
  const events = [...(audit.value?.events ?? [])].sort((a, b) => b.time - a.time);
  return (
    <section className="audit" aria-label="Who has opened it">
      <div className="card-header">
        <h3>Who has opened it</h3>
        <button type="button" className="button link small" onClick={() => setRound((n) => n + 1)}>
          Refresh
        </button>
      </div>
      {audit.state === 'failed' ? <ErrorPanel error={audit.error} /> : null}
      {audit.value === null ? (
        <p className="muted">Asking the key holders…</p>
      ) : events.length === 0 ? (
        <p className="muted">Nobody has tried to open it yet.</p>
      ) : (
        <ul className="audit-list" data-testid="audit-list">
          {events.map((event) => (
            <li key={`${event.requester}-${event.time}-${event.allowed}`} className={event.allowed ? 'allowed' : 'refused'}>
              <span className="mark" aria-hidden="true">
                {event.allowed ? '\u2713' : '\u2715'}
              </span>
              {event.allowed ? 'Opened by ' : 'Refused '}
              <Address address={event.requester} short /> at {formatTime(event.time)} ({event.agreement})
              {event.allowed || event.reasons.length === 0 ? null : <span className="muted small">: {event.reasons.join('; ')}</span>}
            </li>
          ))}
        </ul>
      )}
      {audit.value !== null && audit.value.failures.length > 0 ? (
        <p className="muted small">
          {audit.value.failures.length} key holder{audit.value.failures.length === 1 ? '' : 's'} did not answer; this history may be incomplete.
        </p>
      ) : null}
    </section>
  );
}
