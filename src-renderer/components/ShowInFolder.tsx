// Where a file is: in the desktop app a "Show in folder" button (the file manager opens on it); in a
// browser, which cannot open the file manager, the folder's path with a Copy button.
import { useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import type { IpcError } from '../api/api-types.ts';
import { parentFolder } from '../text/paths.ts';
import { CopyRow } from './CopyButton.tsx';
import { ErrorPanel } from './ErrorPanel.tsx';

/** "Show in folder" for `file`, or its folder's path to copy. */
export function ShowInFolder({ file }: { file: string }): ReactNode {
  const api = useApi();
  const [error, setError] = useState<IpcError | null>(null);
  const show = api.showInFolder;
  if (show === null) {
    return (
      <div className="field">
        <span className="label">In the folder</span>
        <CopyRow value={parentFolder(file)} label="Copy the folder's path" testId="sealed-folder" />
      </div>
    );
  }
  const onClick = async (): Promise<void> => {
    const result = await show(file);
    setError(result.ok ? null : result.error);
  };
  return (
    <div className="field">
      <div className="button-row">
        <button type="button" className="button" onClick={() => void onClick()}>
          Show in folder
        </button>
      </div>
      {error === null ? null : <ErrorPanel error={error} />}
    </div>
  );
}
