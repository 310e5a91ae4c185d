// Sealed by me: every document sealed from this computer, newest first, each with who may open it
// (add, remove) and the record of every attempt to open it.
import { useId, useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { ResponseOf } from '../../api/api-types.ts';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { formatBytes, formatIsoTime, plural, thresholdWords } from '../../text/format.ts';
import { useAppState } from '../../app/app-state.tsx';
import { DocumentDetail } from './DocumentDetail.tsx';

/** One document of documents:list. */
export type SealedDocument = ResponseOf<'documents:list'>['documents'][number];

/** The Sealed by me screen. */
export function SealedByMeScreen({ active }: { active: boolean }): ReactNode {
  const api = useApi();
  const [round, setRound] = useState(0);
  const [documents] = useLoad(active ? () => api.invoke('documents:list', {}) : null, `${active}-${round}`);
  const list = [...(documents.value?.documents ?? [])].sort((a, b) => b.sealedAt.localeCompare(a.sealedAt));
  return (
    <Screen id="sealed" title="Sealed by me" intro="Everything sealed from this computer: who may open it, and who has tried." active={active}>
      {documents.state === 'failed' ? <ErrorPanel error={documents.error} /> : null}
      {documents.state !== 'loading' && list.length === 0 ? (
        <div className="card empty">
          <p>Nothing sealed from this computer yet. What you seal on the Share screen appears here.</p>
        </div>
      ) : null}
      <ul className="document-list" aria-label="Sealed documents">
        {list.map((document) => (
          <DocumentItem key={document.documentId} document={document} onChanged={() => setRound((n) => n + 1)} />
        ))}
      </ul>
    </Screen>
  );
}

function DocumentItem({ document, onChanged }: { document: SealedDocument; onChanged(): void }): ReactNode {
  const app = useAppState();
  const [open, setOpen] = useState(false);
  // Once opened the detail stays mounted (only hidden), so a re-seal running in it keeps its progress.
  const [opened, setOpened] = useState(false);
  const detailId = useId();
  const network = app.networks.find((n) => n.id === document.network);
  return (
    <li className="card document" data-testid="document" data-document-id={document.documentId}>
      <div className="document-summary">
        <div>
          <h2>
            {document.name}
            {document.replacedBy === undefined ? null : <span className="badge">re-sealed</span>}
          </h2>
          <p className="muted small">
            {formatBytes(document.size)} · sealed {formatIsoTime(document.sealedAt)} · {document.networkName ?? 'unknown network'} ·{' '}
            {thresholdWords(document.threshold, network?.nodes ?? null)}
          </p>
          <p className="small">{document.recipients.length === 0 ? 'Only you may open it.' : `You and ${plural(document.recipients.length, 'other person', 'other people')} may open it.`}</p>
        </div>
        <button type="button" className="button" aria-expanded={open} aria-controls={detailId} onClick={() => {
            setOpen(!open);
            setOpened(true);
          }}>
          {open ? 'Close' : 'Access and history'}
        </button>
      </div>
      <div id={detailId} hidden={!open}>
        {opened ? <DocumentDetail document={document} onChanged={onChanged} /> : null}
      </div>
    </li>
  );
}
