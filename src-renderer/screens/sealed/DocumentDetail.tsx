// One document's access and history: where its file was written, who may open it now (as the key
// holders say), adding and removing people, every attempt to open it, and re-sealing it under a new key.
import type { ReactNode } from 'react';
import { CopyRow } from '../../components/CopyButton.tsx';
import { ShowInFolder } from '../../components/ShowInFolder.tsx';
import { AccessList } from './AccessList.tsx';
import { AuditList } from './AuditList.tsx';
import { ResealPanel } from './ResealPanel.tsx';
import type { SealedDocument } from './SealedByMeScreen.tsx';

/** The detail panel of `document`. */
export function DocumentDetail({ document, onChanged }: { document: SealedDocument; onChanged(): void }): ReactNode {
  return (
    <div className="document-detail">
      <div className="field">
        <span className="label">The sealed file</span>
        <CopyRow value={document.output} label="Copy the file's path" />
      </div>
      <ShowInFolder file={document.output} />
      <AccessList documentId={document.documentId} recipients={document.recipients} onChanged={onChanged} />
      <AuditList documentId={document.documentId} />
      <ResealPanel document={document} onDone={onChanged} />
    </div>
  );
}
