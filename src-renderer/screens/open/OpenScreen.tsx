// Open: drop a .sealdrop file (or name it, or the OS hands it over), see who owns its key and which
// network holds it, then Open asks the key holders (each answer shown as it comes), decrypts with
// progress and says where the folder is. Refusals say why and what to do next.
import { useEffect, useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { Handoff } from '../../app/App.tsx';
import { useAppState } from '../../app/app-state.tsx';
import { AddNetworkForm } from '../../components/AddNetworkForm.tsx';
import { CopyButton } from '../../components/CopyButton.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { Field } from '../../components/Field.tsx';
import { FolderInput } from '../../components/FolderInput.tsx';
import { ProgressPanel } from '../../components/ProgressPanel.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { useOperation } from '../../hooks/useOperation.ts';
import { describeError } from '../../text/error-text.ts';
import { isAbsolutePath, parentFolder } from '../../text/paths.ts';
import { InspectCard } from './InspectCard.tsx';
import { OpenResult } from './OpenResult.tsx';

/** The Open screen; `handoff` is a file the OS asked the app to open. */
export function OpenScreen({ active, handoff }: { active: boolean; handoff: Handoff | null }): ReactNode {
  const api = useApi();
  const app = useAppState();
  const [file, setFile] = useState<string | null>(null);
  const [folder, setFolder] = useState<string | null>(null);
  const [passphrase, setPassphrase] = useState('');
  const [round, setRound] = useState(0);
  const operation = useOperation('open');
  const [inspection, reinspect] = useLoad(file === null ? null : () => api.invoke('open:inspect', { file }), `${file}-${round}`);

  useEffect(() => {
    // Only a new handoff (its round) counts.
    if (handoff !== null) choose(handoff.value);
  }, [handoff?.round]);

  function choose(path: string): void {
    operation.reset();
    setFile(path);
    setFolder(null);
    setPassphrase('');
    setRound((n) => n + 1);
  }

  const reset = (): void => {
    operation.reset();
    setFile(null);
    setFolder(null);
  };

  const info = inspection.state === 'ready' && inspection.value.file === file ? inspection.value : null;
  const outputFolder = folder ?? (file === null ? '' : parentFolder(file));
  const phase = operation.state.phase;
  const working = phase === 'starting' || phase === 'running';
  const unknownNetwork = info !== null && info.sealedToNetwork && info.network !== null && !info.network.known;
  const failure = operation.state.phase === 'failed' ? operation.state.error : null;
  const failureKind = failure === null ? null : describeError(failure).kind;

  const open = (): void => {
    if (file === null || !isAbsolutePath(outputFolder)) return;
    void operation.start(() => api.invoke('open:start', { file, outputFolder, ...(info?.needsPassphrase ? { passphrase } : {}) }));
  };

  return (
    <Screen id="open" title="Open" intro="Open a .sealdrop file someone sent you. The key holders check that it was meant for you." active={active}>
      {file === null || phase === 'idle' || phase === 'failed' ? (
        <DropZone
          title={file === null ? 'Drop a .sealdrop file here' : 'Drop another .sealdrop file here'}
          pathLabel="Path of the .sealdrop file to open"
          folders={false}
          multiple={false}
          compact={file !== null}
          onPaths={(paths) => paths.slice(0, 1).forEach(choose)}
        />
      ) : null}
      {file === null ? null : (
        <section className="card" aria-labelledby="open-file-title" data-testid="open-card">
          <div className="card-header">
            <h2 id="open-file-title">The file</h2>
            <button type="button" className="button link" onClick={reset} disabled={working}>
              Choose another
            </button>
          </div>
          {info === null ? <p className="mono small">{file}</p> : <InspectCard info={info} />}
          {inspection.state === 'loading' && info === null ? <p className="muted">Reading its header…</p> : null}
          {inspection.state === 'failed' ? <ErrorPanel error={inspection.error} /> : null}
          {unknownNetwork ? (
            <div className="message warn" data-error-kind="unknown-network">
              <h3>This computer does not know the network that holds its key</h3>
              <p>Add the network&rsquo;s profile (ask the sender for its link or file), then open the file.</p>
              <AddNetworkForm
                onAdded={() => {
                  void app.refresh();
                  reinspect();
                }}
              />
            </div>
          ) : null}
          {info !== null && !info.sealedToNetwork && !info.needsPassphrase ? (
            <div className="message warn">
              <p>This file is sealed only for offline age keys, not to a network of key holders. Open it with the age tool and your key file.</p>
            </div>
          ) : null}
          {info === null || (!info.sealedToNetwork && !info.needsPassphrase) || unknownNetwork || working || phase === 'succeeded' ? null : (
            <>
              {info.needsPassphrase ? (
                <Field label="Passphrase">
                  {({ id }) => <input id={id} className="input" type="password" value={passphrase} onChange={(event) => setPassphrase(event.currentTarget.value)} autoComplete="off" />}
                </Field>
              ) : null}
              <Field label="Open into" hint="A new folder is made in this folder; nothing is overwritten.">
                {(ids) => <FolderInput ids={ids} value={outputFolder} onChange={setFolder} chooseLabel="Choose where the opened folder goes" />}
              </Field>
              <button type="button" className="button primary large" onClick={open} disabled={!isAbsolutePath(outputFolder) || (info.needsPassphrase && passphrase === '')}>
                Open
              </button>
            </>
          )}
        </section>
      )}
      {working || phase === 'succeeded' ? (
        <section className="card" aria-labelledby="opening-title" data-testid="opening">
          <h2 id="opening-title">{phase === 'succeeded' ? 'Opening finished' : 'Opening…'}</h2>
          <ProgressPanel progress={operation.state.phase === 'running' || operation.state.phase === 'succeeded' ? operation.state.progress : null} label="Opening" finished={phase === 'succeeded'} />
          {operation.state.phase === 'running' ? (
            <button type="button" className="button" onClick={operation.cancel} disabled={operation.state.cancelling}>
              {operation.state.cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : null}
        </section>
      ) : null}
      {failure === null ? null : (
        <ErrorPanel error={failure} owner={info?.owner ?? null}>
          {failureKind === 'not-allowed' && (failure?.details?.owner ?? info?.owner) ? (
            <div className="button-row">
              <CopyButton text={String(failure?.details?.owner ?? info?.owner)} label="Copy the owner's address" />
            </div>
          ) : null}
          {failureKind === 'unknown-network' ? (
            <AddNetworkForm
              onAdded={() => {
                void app.refresh();
                reinspect();
              }}
            />
          ) : null}
        </ErrorPanel>
      )}
      {operation.state.phase === 'succeeded' ? <OpenResult result={operation.state.result} onAgain={reset} /> : null}
    </Screen>
  );
}
