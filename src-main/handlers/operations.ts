// Long operations (sealing, opening): each gets an id at once, runs in the background, streams
// `progress` events to the window that started it, ends with an `operation:done` event, and can be
// cancelled. Finished operations are kept (a bounded number) so a reloaded window can ask.
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import { SealdropError, isSealdropError } from '../../src-shared/errors.ts';
import type { IpcError, ResponseOf } from '../../src-shared/ipc/contract.ts';
import type { openResult, progress, sealResult } from '../../src-shared/ipc/operation-channels.ts';
import type { InvokeContext } from './handler-types.ts';

/** A progress payload. */
export type ProgressPayload = z.infer<typeof progress>;
/** What a finished seal gives. */
export type SealOutcome = z.infer<typeof sealResult>;
/** What a finished open gives. */
export type OpenOutcome = z.infer<typeof openResult>;

type Kinds = { seal: SealOutcome; open: OpenOutcome };
type Kind = keyof Kinds;

/** What a running operation may report: anything of the progress payload but its id and kind. */
export type ProgressUpdate = Partial<Omit<ProgressPayload, 'operationId' | 'kind'>>;

/** What the work of an operation is given. */
export type OperationControl = {
  readonly signal: AbortSignal;
  /** Merges an update into the current progress and sends it to the window. */
  report(update: ProgressUpdate): void;
};

type Entry = {
  id: string;
  kind: Kind;
  controller: AbortController;
  state: 'running' | 'succeeded' | 'failed' | 'cancelled';
  progress: ProgressPayload;
  result: SealOutcome | OpenOutcome | null;
  error: IpcError | null;
  done: Promise<void>;
};

/** Most finished operations remembered for `operation:status`. */
const KEEP_FINISHED = 100;

/** The operations of one handler table. */
export type Operations = {
  start<K extends Kind>(kind: K, context: InvokeContext, work: (control: OperationControl) => Promise<Kinds[K]>): string;
  /** Asks a running operation of `kind` to stop; false when there is none by that id (or it ended). */
  cancel(kind: Kind, id: string): boolean;
  status(id: string): ResponseOf<'operation:status'>;
  /** Cancels every running operation and waits for them to clean up. */
  closeAll(): Promise<void>;
};

/** Runs operations; `toError` turns a failure into the IPC error the window sees. */
export function operations(toError: (error: unknown) => IpcError): Operations {
  const entries = new Map<string, Entry>();

  function forget(): void {
    const finished = [...entries.values()].filter((entry) => entry.state !== 'running');
    for (const entry of finished.slice(0, Math.max(0, finished.length - KEEP_FINISHED))) entries.delete(entry.id);
  }

  return {
    start(kind, context, work) {
      const id = randomBytes(16).toString('hex');
      const controller = new AbortController();
      const entry: Entry = {
        id,
        kind,
        controller,
        state: 'running',
        progress: { operationId: id, kind, step: 'starting', bytesDone: 0, bytesTotal: null, rate: null, eta: null, entriesDone: 0, entriesTotal: null, keyHolders: null },
        result: null,
        error: null,
        done: Promise.resolve(),
      };
      const report = (update: ProgressUpdate): void => {
        if (entry.state !== 'running') return;
        entry.progress = { ...entry.progress, ...update };
        context.emit('progress', entry.progress);
      };
      entries.set(id, entry);
      // Started on the next turn, so the caller has the id before the first event can be sent.
      const started = new Promise<void>((resolve) => setImmediate(resolve));
      entry.done = started.then(() => work({ signal: controller.signal, report })).then(
        (result) => {
          entry.state = 'succeeded';
          entry.result = result;
          const done = kind === 'seal' ? { operationId: id, kind: 'seal' as const, result: { ok: true as const, value: result as SealOutcome } } : { operationId: id, kind: 'open' as const, result: { ok: true as const, value: result as OpenOutcome } };
          context.emit('operation:done', done);
        },
        (error: unknown) => {
          // Once cancelled, whatever the work failed with (an aborted request, a closed file) is the cancel.
          const cancelled = controller.signal.aborted || isSealdropError(error, 'cancelled');
          const failure = cancelled ? toError(new SealdropError('cancelled', 'Cancelled; nothing was kept.')) : toError(error);
          entry.state = cancelled ? 'cancelled' : 'failed';
          entry.error = failure;
          context.emit('operation:done', { operationId: id, kind, result: { ok: false, error: failure } });
        },
      );
      forget();
      return id;
    },
    cancel(kind, id) {
      const entry = entries.get(id);
      if (entry === undefined || entry.kind !== kind || entry.state !== 'running') return false;
      entry.controller.abort();
      return true;
    },
    status(id) {
      const entry = entries.get(id);
      if (entry === undefined) throw new SealdropError('bad-argument', 'There is no operation with this id (it may have ended long ago).');
      return {
        operationId: id,
        kind: entry.kind,
        state: entry.state,
        progress: entry.progress,
        seal: entry.kind === 'seal' ? (entry.result as SealOutcome | null) : null,
        open: entry.kind === 'open' ? (entry.result as OpenOutcome | null) : null,
        error: entry.error,
      };
    },
    async closeAll() {
      const running = [...entries.values()].filter((entry) => entry.state === 'running');
      for (const entry of running) entry.controller.abort();
      await Promise.all(running.map((entry) => entry.done));
    },
  };
}
