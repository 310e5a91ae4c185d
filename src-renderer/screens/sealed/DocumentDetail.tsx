// One document's access and history: where its file was written, who may open it now (as the key
// holders say), adding and removing people, and every attempt to open it.
import type { ReactNode } from 'react';
import { CopyRow } from '../../components/CopyButton.tsx';
import { AccessList } from './AccessList.tsx';
import { AuditList } from './AuditList.tsx';
import type { SealedDocument } from './SealedByMeScreen.tsx';

/** The detail panel of `document`. */
export function DocumentDetail({ document, onChanged }: { document: SealedDocument; onChanged(): void }): ReactNode {
  return (
    <div className="document-detail">
      <div className="field">
        <span className="label">The sealed file</span>
        <CopyRow value={document.output} label="Copy the file's path" />
      </div>
      <AccessList documentId={document.documentId} onChanged={onChanged} />
      <AuditList documentId={document.documentId} />
    </div>
  );
}
