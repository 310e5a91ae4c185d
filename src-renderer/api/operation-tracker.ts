// Follows one long operation (seal, open) from its start call to its end. Events travel apart from
// answers and may arrive before the start call's answer (the contract says so), so they are kept by
// operation id from before the call is made. If the event stream drops meanwhile, `operation:status`
// is asked now and then, so the screen still learns how it ended.
import type { EventPayloadOf, IpcError, IpcResult, RendererApi, ResponseOf } from './api-types.ts';

/** A progress event. */
export type ProgressEvent = EventPayloadOf<'progress'>;
/** How an operation ended. */
export type OperationEnd = EventPayloadOf<'operation:done'>;

/** What the tracker tells its owner. */
export type OperationListener = {
  onProgress(progress: ProgressEvent): void;
  onDone(end: OperationEnd): void;
};

/** A started operation. */
export type TrackedOperation = { readonly operationId: string; stop(): void };

/** How often the status is asked as a fallback for a lost event stream. */
const POLL_MS = 2000;

/** Calls `start`, then follows the operation it returns; the error when it could not start. */
export async function trackOperation(
  api: RendererApi,
  start: () => Promise<IpcResult<{ operationId: string }>>,
  listener: OperationListener,
): Promise<{ ok: true; operation: TrackedOperation } | { ok: false; error: IpcError }> {
  let operationId: string | null = null;
  let finished = false;
  const early: Array<{ kind: 'progress'; payload: ProgressEvent } | { kind: 'done'; payload: OperationEnd }> = [];

  const finish = (end: OperationEnd): void => {
    if (finished) return;
    finished = true;
    stop();
    listener.onDone(end);
  };
  const offProgress = api.on('progress', (payload) => {
    if (operationId === null) early.push({ kind: 'progress', payload });
    else if (payload.operationId === operationId && !finished) listener.onProgress(payload);
  });
  const offDone = api.on('operation:done', (payload) => {
    if (operationId === null) early.push({ kind: 'done', payload });
    else if (payload.operationId === operationId) finish(payload);
  });
  let timer: ReturnType<typeof setInterval> | null = null;
  function stop(): void {
    offProgress();
    offDone();
    if (timer !== null) clearInterval(timer);
    timer = null;
  }

  const started = await start();
  if (!started.ok) {
    stop();
    return started;
  }
  const id = started.value.operationId;
  operationId = id;
  for (const event of early) {
    if (event.payload.operationId !== id) continue;
    if (event.kind === 'progress') listener.onProgress(event.payload);
    else finish(event.payload);
  }
  if (!finished) {
    timer = setInterval(() => {
      void api.invoke('operation:status', { operationId: id }).then((status) => {
        if (finished || !status.ok) return;
        const value = status.value;
        if (value.state === 'running') return;
        if (value.progress !== null) listener.onProgress(value.progress);
        finish(endFromStatus(value));
      });
    }, POLL_MS);
  }
  return {
    ok: true,
    operation: {
      operationId: id,
      stop() {
        finished = true;
        stop();
      },
    },
  };
}

/** The end event an `operation:status` answer stands for. */
function endFromStatus(status: ResponseOf<'operation:status'>): OperationEnd {
  const error: IpcError = status.error ?? { code: 'internal', message: 'The operation ended without a result.' };
  if (status.kind === 'seal') {
    return { operationId: status.operationId, kind: 'seal', result: status.seal !== null && status.state === 'succeeded' ? { ok: true, value: status.seal } : { ok: false, error } };
  }
  return { operationId: status.operationId, kind: 'open', result: status.open !== null && status.state === 'succeeded' ? { ok: true, value: status.open } : { ok: false, error } };
}
