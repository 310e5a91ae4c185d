// Re-sealing a document under a new key: a new file with a new key for the people who may open this
// one, made from the old file without the contents ever being written out in the clear. Optionally
// the old file is stopped (everyone revoked on it), for when a copy went where it should not.
import { useEffect, useId, useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { ResponseOf } from '../../api/api-types.ts';
import { CopyRow } from '../../components/CopyButton.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { ProgressPanel } from '../../components/ProgressPanel.tsx';
import { NoteToSend } from '../../components/NoteToSend.tsx';
import { ShowInFolder } from '../../components/ShowInFolder.tsx';
import { useOperation } from '../../hooks/useOperation.ts';
import { plural } from '../../text/format.ts';
import type { SealedDocument } from './SealedByMeScreen.tsx';

type SealResultValue = NonNullable<ResponseOf<'operation:status'>['seal']>;

/** The re-seal section of `document`'s detail; `onDone` hears a finished re-seal. */
export function ResealPanel({ document, onDone }: { document: SealedDocument; onDone(): void }): ReactNode {
  const api = useApi();
  const reseal = useOperation('seal');
  const stopId = useId();
  const [stopOld, setStopOld] = useState(false);
  const phase = reseal.state.phase;
  const working = phase === 'starting' || phase === 'running';
  const who = document.recipients.length === 0 ? 'you alone' : `you and ${plural(document.recipients.length, 'other person', 'other people')}`;

  const onReseal = async (): Promise<void> => {
    await reseal.start(() => api.invoke('seal:reseal', { documentId: document.documentId, stopOldFile: stopOld }));
  };
  const finished = reseal.state.phase === 'succeeded' ? reseal.state.result : null;
  // The list reloads once the new document exists (it shows it, and this one as replaced).
  useEffect(() => {
    if (finished !== null) onDone();
  }, [finished]); // once per result: onDone is a fresh function on every render of the list

  return (
    <section className="reseal" aria-label="Re-seal under a new key" data-testid="reseal">
      <h3>Re-seal under a new key</h3>
      {phase === 'succeeded' ? null : (
        <>
          {document.replacedBy === undefined ? null : <p className="message info small">This document was already re-sealed once; the newer copy is listed above.</p>}
          <p className="muted small">
            Makes a new file, under a new key, that {who} may open, next to this one. Send the new file to them. The contents are decrypted and encrypted again on
            this computer and never written out in the clear. Offline age1… recipients of the old file are not carried over.
          </p>
          <div className="checkbox">
            <input id={stopId} type="checkbox" checked={stopOld} disabled={working} onChange={(event) => setStopOld(event.currentTarget.checked)} />
            <label htmlFor={stopId}>Also stop the old file: nobody else can open it through the key holders any more. Copies already opened cannot be taken back.</label>
          </div>
          <div className="button-row">
            <button type="button" className="button" disabled={working} onClick={() => void onReseal()}>
              {working ? 'Re-sealing…' : 'Re-seal'}
            </button>
            {reseal.state.phase === 'running' ? (
              <button type="button" className="button" onClick={reseal.cancel} disabled={reseal.state.cancelling}>
                {reseal.state.cancelling ? 'Cancelling…' : 'Cancel'}
              </button>
            ) : null}
          </div>
        </>
      )}
      {working ? <ProgressPanel progress={reseal.state.phase === 'running' ? reseal.state.progress : null} label="Re-sealing" /> : null}
      {reseal.state.phase === 'failed' ? <ErrorPanel error={reseal.state.error} /> : null}
      {reseal.state.phase === 'succeeded' ? <ResealResult result={reseal.state.result} /> : null}
    </section>
  );
}

function ResealResult({ result }: { result: SealResultValue }): ReactNode {
  const stopped = result.resealed?.oldFileStopped ?? false;
  const problems = result.resealed?.problems ?? [];
  return (
    <div className={problems.length === 0 ? 'message ok' : 'message warn'} data-testid="reseal-result" role="status">
      <p>
        <strong>Re-sealed</strong> under a new key.{' '}
        {stopped ? 'Nobody but you can open the old file through the key holders any more.' : 'The old file still opens for whoever may open it now.'}
      </p>
      {problems.length === 0 ? null : (
        <ul data-testid="reseal-problems">
          {problems.map((problem) => (
            <li key={problem}>{problem}</li>
          ))}
        </ul>
      )}
      <div className="field">
        <span className="label">The new file</span>
        <CopyRow value={result.file} label="Copy the new file's path" testId="resealed-file" />
      </div>
      <ShowInFolder file={result.file} />
      <NoteToSend message={result.message} />
    </div>
  );
}
