// What opening made: the new folder (or file), its size, and which key holders released the key
// (and which were ignored, and why).
import type { ReactNode } from 'react';
import type { ResponseOf } from '../../api/api-types.ts';
import { CopyRow } from '../../components/CopyButton.tsx';
import { ShowInFolder } from '../../components/ShowInFolder.tsx';
import { formatBytes, plural } from '../../text/format.ts';

type OpenResultValue = NonNullable<ResponseOf<'operation:status'>['open']>;

/** The result card. */
export function OpenResult({ result, onAgain }: { result: OpenResultValue; onAgain(): void }): ReactNode {
  return (
    <section className="card result" aria-labelledby="open-result-title" data-testid="open-result">
      <h2 id="open-result-title">Opened</h2>
      <p>
        {result.kind === 'folder' ? `A folder with ${plural(result.files, 'file', 'files')}` : 'One file'}, {formatBytes(result.bytes)}, checked and written in {result.seconds.toFixed(1)} s.
      </p>
      <div className="field">
        <span className="label">{result.kind === 'folder' ? 'The folder' : 'The file'}</span>
        <CopyRow value={result.output} label="Copy the path" testId="opened-output" />
      </div>
      <ShowInFolder file={result.output} />
      {result.keyHolders === null ? null : (
        <div className="key-holders">
          <h3>Key holders</h3>
          <ul className="plain-list">
            {result.keyHolders.answered.map((node) => (
              <li key={node}>
                <span className="badge ok">released</span> <span className="mono">{node}</span>
              </li>
            ))}
            {result.keyHolders.ignored.map((failure) => (
              <li key={failure.node}>
                <span className="badge">ignored</span> <span className="mono">{failure.node}</span>: {failure.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <button type="button" className="button primary" onClick={onAgain}>
        Open another file
      </button>
    </section>
  );
}
