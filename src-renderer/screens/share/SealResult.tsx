// What sealing made: the file, a short text to send along with it, who can open it, and anything
// that was left out. The file can go by any channel: only the key holders can let someone open it.
import type { ReactNode } from 'react';
import type { ResponseOf } from '../../api/api-types.ts';
import { useAppState } from '../../app/app-state.tsx';
import { Address } from '../../components/Address.tsx';
import { CopyRow } from '../../components/CopyButton.tsx';
import { NoteToSend } from '../../components/NoteToSend.tsx';
import { ShowInFolder } from '../../components/ShowInFolder.tsx';
import { formatBytes, plural, thresholdWords } from '../../text/format.ts';

type SealResultValue = NonNullable<ResponseOf<'operation:status'>['seal']>;

/** The result card. */
export function SealResult({ result, onAgain }: { result: SealResultValue; onAgain(): void }): ReactNode {
  const app = useAppState();
  const network = result.document === null ? null : app.networks.find((n) => n.id === result.document?.network);
  return (
    <section className="card result" aria-labelledby="seal-result-title" data-testid="seal-result">
      <h2 id="seal-result-title">Sealed</h2>
      <p>
        {plural(result.files, 'file', 'files')}, {formatBytes(result.bytesIn)} sealed into {formatBytes(result.bytesOut)} in {result.seconds.toFixed(1)} s. Send the file any way
        you like: email, a chat, a USB stick.
      </p>
      <div className="field">
        <span className="label">The file</span>
        <CopyRow value={result.file} label="Copy the file's path" testId="sealed-file" />
      </div>
      <ShowInFolder file={result.file} />
      <NoteToSend message={result.message} testId="seal-message" />
      {result.document === null ? null : (
        <dl className="facts">
          <dt>Who may open it</dt>
          <dd>
            {result.document.recipients.length === 0 ? (
              'Only you'
            ) : (
              <ul className="plain-list">
                <li>You</li>
                {result.document.recipients.map((address) => (
                  <li key={address}>
                    <Address address={address} />
                  </li>
                ))}
              </ul>
            )}
          </dd>
          <dt>Key holders</dt>
          <dd>
            {network?.name ?? 'the network'}: {thresholdWords(result.document.threshold, network?.nodes ?? null)} must agree
          </dd>
        </dl>
      )}
      {result.skipped.length === 0 ? null : (
        <div className="message warn">
          <h3>Left out: {plural(result.skipped.length, 'item', 'items')}</h3>
          <ul>
            {result.skipped.slice(0, 20).map((skipped) => (
              <li key={skipped.name}>
                <span className="mono">{skipped.name}</span>: {skipped.reason}
              </li>
            ))}
          </ul>
        </div>
      )}
      <div className="button-row">
        <button type="button" className="button primary" onClick={onAgain}>
          Seal something else
        </button>
      </div>
    </section>
  );
}
