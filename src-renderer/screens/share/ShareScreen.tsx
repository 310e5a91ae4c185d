// Share: drop files or folders (or name them), see what will be sealed, choose who may open it and
// how many key holders must agree, then seal with progress (cancellable) and get the file and a note
// to send with it.
import { useMemo, useState, type ReactNode } from 'react';
import { useApi } from '../../api/api-context.tsx';
import type { RequestOf } from '../../api/api-types.ts';
import { SetupCard } from '../../app/SetupCard.tsx';
import { DropZone } from '../../components/DropZone.tsx';
import { ErrorPanel } from '../../components/ErrorPanel.tsx';
import { ProgressPanel } from '../../components/ProgressPanel.tsx';
import { Screen } from '../../components/Screen.tsx';
import { useLoad } from '../../hooks/useLoad.ts';
import { baseName } from '../../text/paths.ts';
import { useOperation } from '../../hooks/useOperation.ts';
import { PlanSummary } from './PlanSummary.tsx';
import { SealForm } from './SealForm.tsx';
import { SealResult } from './SealResult.tsx';

/** The Share screen. */
export function ShareScreen({ active, onImport }: { active: boolean; onImport(): void }): ReactNode {
  const api = useApi();
  const [paths, setPaths] = useState<string[]>([]);
  const [formRound, setFormRound] = useState(0);
  const seal = useOperation('seal');
  const pathsKey = JSON.stringify(paths);
  const [plan] = useLoad(paths.length === 0 ? null : () => api.invoke('seal:plan', { paths }), pathsKey);
  const [documents] = useLoad(active ? () => api.invoke('documents:list', {}) : null, `documents-${active}-${seal.state.phase}`);
  const [settings] = useLoad(active ? () => api.invoke('settings:get', {}) : null, `settings-${active}`);

  // Addresses sealed for before, newest first.
  const recent = useMemo(() => {
    const list = [...(documents.value?.documents ?? [])].sort((a, b) => b.sealedAt.localeCompare(a.sealedAt));
    return [...new Set(list.flatMap((d) => d.recipients))];
  }, [documents.value]);

  const phase = seal.state.phase;
  const working = phase === 'starting' || phase === 'running';
  const addPaths = (more: string[]): void => setPaths((current) => [...new Set([...current, ...more])]);
  const startOver = (): void => {
    seal.reset();
    setPaths([]);
    setFormRound((n) => n + 1);
  };
  const onSeal = (request: RequestOf<'seal:start'>): void => void seal.start(() => api.invoke('seal:start', request));

  return (
    <Screen id="share" title="Share" intro="Seal files or folders into one file that only the people you choose can open." active={active}>
      <SetupCard onImport={onImport} />
      <div hidden={working || phase === 'succeeded'}>
        <DropZone
          title={paths.length === 0 ? 'Drop files or folders here' : 'Drop more here, or add another path'}
          pathLabel="Path of a file or folder to seal"
          folders
          multiple
          compact={paths.length > 0}
          onPaths={addPaths}
        />
        {paths.length === 0 ? null : (
          <>
            <PlanSummary paths={paths} plan={plan.state === 'ready' ? plan.value : null} onRemove={(path) => setPaths(paths.filter((p) => p !== path))} onClear={startOver} />
            {plan.state === 'failed' ? <ErrorPanel error={plan.error} /> : null}
            {phase === 'failed' ? <ErrorPanel error={seal.state.error} /> : null}
            <SealForm key={formRound} paths={paths} recent={recent} defaultThreshold={settings.value?.defaultThreshold ?? null} busy={working} onSeal={onSeal} />
          </>
        )}
      </div>
      {working || phase === 'succeeded' ? (
        <section className="card" aria-labelledby="sealing-title" data-testid="sealing">
          <h2 id="sealing-title">{phase === 'succeeded' ? 'Sealing finished' : 'Sealing…'}</h2>
          <p className="muted">{paths.map(baseName).join(', ')}</p>
          <ProgressPanel progress={seal.state.phase === 'running' || seal.state.phase === 'succeeded' ? seal.state.progress : null} label="Sealing" finished={phase === 'succeeded'} />
          {seal.state.phase === 'running' ? (
            <button type="button" className="button" onClick={seal.cancel} disabled={seal.state.cancelling}>
              {seal.state.cancelling ? 'Cancelling…' : 'Cancel'}
            </button>
          ) : null}
        </section>
      ) : null}
      {seal.state.phase === 'succeeded' ? <SealResult result={seal.state.result} onAgain={startOver} /> : null}
    </Screen>
  );
}
