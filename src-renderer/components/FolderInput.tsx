// A folder path field ("Save in", "Open into"); in the desktop app with a "Choose…" button beside it
// that opens the system's folder dialog. In a browser the path is typed.
import { useState, type ReactNode } from 'react';
import { useApi } from '../api/api-context.tsx';
import type { FieldIds } from './Field.tsx';

/** The field for `value`, tied to its Field's label and hint by `ids`. */
export function FolderInput({ ids, value, onChange, chooseLabel }: { ids: FieldIds; value: string; onChange(value: string): void; chooseLabel: string }): ReactNode {
  const api = useApi();
  const [problem, setProblem] = useState<string | null>(null);
  const input = (
    <input
      id={ids.id}
      className="input mono"
      value={value}
      onChange={(event) => {
        setProblem(null);
        onChange(event.currentTarget.value);
      }}
      aria-describedby={ids.describedBy}
      spellCheck={false}
      autoComplete="off"
    />
  );
  const choosePaths = api.choosePaths;
  if (choosePaths === null) return input;
  const choose = async (): Promise<void> => {
    const chosen = await choosePaths('destination');
    if (!chosen.ok) return setProblem(chosen.error.message);
    setProblem(null);
    const folder = chosen.value[0];
    if (folder !== undefined) onChange(folder);
  };
  return (
    <>
      <div className="inline-form">
        {input}
        <button type="button" className="button" onClick={() => void choose()} aria-label={chooseLabel}>
          Choose…
        </button>
      </div>
      {problem === null ? null : (
        <span className="field-error" role="alert">
          {problem}
        </span>
      )}
    </>
  );
}
