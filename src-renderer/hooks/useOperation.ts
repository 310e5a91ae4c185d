// A seal or open operation as a screen follows it: starting, running with its latest progress,
// then succeeded with the result, failed with the error, or cancelled. Cancel asks main to stop it.
import { useCallback, useEffect, useRef, useState } from 'react';
import type { IpcError, IpcResult, ResponseOf } from '../api/api-types.ts';
import { useApi } from '../api/api-context.tsx';
import { trackOperation, type ProgressEvent, type TrackedOperation } from '../api/operation-tracker.ts';

type Results = { seal: ResponseOf<'operation:status'>['seal']; open: ResponseOf<'operation:status'>['open'] };
type ResultOf<K extends 'seal' | 'open'> = NonNullable<Results[K]>;

/** Where an operation stands. */
export type OperationState<K extends 'seal' | 'open'> =
  | { phase: 'idle' }
  | { phase: 'starting' }
  | { phase: 'running'; operationId: string; progress: ProgressEvent | null; cancelling: boolean }
  | { phase: 'succeeded'; progress: ProgressEvent | null; result: ResultOf<K> }
  | { phase: 'failed'; progress: ProgressEvent | null; error: IpcError };

/** The operation of kind `kind` this screen runs (one at a time). */
export function useOperation<K extends 'seal' | 'open'>(
  kind: K,
): { state: OperationState<K>; start(call: () => Promise<IpcResult<{ operationId: string }>>): Promise<void>; cancel(): void; reset(): void } {
  const api = useApi();
  const [state, setState] = useState<OperationState<K>>({ phase: 'idle' });
  const tracked = useRef<TrackedOperation | null>(null);
  const progressRef = useRef<ProgressEvent | null>(null);
  const stateRef = useRef(state);
  stateRef.current = state;

  useEffect(() => () => tracked.current?.stop(), []);

  const start = useCallback(
    async (call: () => Promise<IpcResult<{ operationId: string }>>) => {
      tracked.current?.stop();
      progressRef.current = null;
      setState({ phase: 'starting' });
      const outcome = await trackOperation(api, call, {
        onProgress(progress) {
          progressRef.current = progress;
          setState((previous) => (previous.phase === 'running' ? { ...previous, progress } : previous));
        },
        onDone(end) {
          tracked.current = null;
          const progress = progressRef.current;
          if (end.result.ok) setState({ phase: 'succeeded', progress, result: end.result.value as ResultOf<K> });
          else setState({ phase: 'failed', progress, error: end.result.error });
        },
      });
      if (!outcome.ok) {
        setState({ phase: 'failed', progress: null, error: outcome.error });
        return;
      }
      tracked.current = outcome.operation;
      const operationId = outcome.operation.operationId;
      // The operation may already have ended (events can arrive before the start answer).
      setState((previous) => (previous.phase === 'starting' ? { phase: 'running', operationId, progress: progressRef.current, cancelling: false } : previous));
    },
    [api],
  );

  const cancel = useCallback(() => {
    const current = stateRef.current;
    if (current.phase !== 'running' || current.cancelling) return;
    void api.invoke(kind === 'seal' ? 'seal:cancel' : 'open:cancel', { operationId: current.operationId });
    setState((previous) => (previous.phase === 'running' ? { ...previous, cancelling: true } : previous));
  }, [api, kind]);

  const reset = useCallback(() => {
    tracked.current?.stop();
    tracked.current = null;
    setState({ phase: 'idle' });
  }, []);

  return { state, start, cancel, reset };
}
