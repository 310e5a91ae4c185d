// A handler table for tests: a temporary data folder, an in-memory keychain (or the real one),
// node processes spawned from the real CLI, every answer checked against the contract's response
// schema, and every event recorded so tests can wait for progress and results.
import { spawn, type ChildProcess } from 'node:child_process';
import type { Keychain } from '../../src-main/domain/identity/keychain.ts';
import { createHandlerTable } from '../../src-main/handlers/handler-table.ts';
import type { HandlerDeps, HandlerTable, InvokeContext } from '../../src-main/handlers/handler-types.ts';
import { IPC_EVENTS, type EventPayloadOf, type IpcChannel, type IpcEventName, type IpcResult, type RequestOf, type ResponseOf } from '../../src-shared/ipc/contract.ts';
import { CLI_ENTRY, tempFolder } from './cli.ts';
import { MemoryKeychain } from './memory-keychain.ts';

/** An event as a test saw it. */
export type RecordedEvent = { event: IpcEventName; payload: unknown };

/** A handler table over a fresh data folder, with its recorded events. */
export type TestTable = {
  table: HandlerTable;
  dataDir: string;
  root: string;
  keychain: Keychain;
  events: RecordedEvent[];
  context: InvokeContext;
  /** A typed call: the IpcResult of `channel`. */
  call<C extends IpcChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  /** A typed call that must succeed; throws with the error otherwise. */
  value<C extends IpcChannel>(channel: C, request: RequestOf<C>): Promise<ResponseOf<C>>;
  /** Resolves with the `operation:done` payload of `operationId`. */
  done(operationId: string, timeoutMs?: number): Promise<EventPayloadOf<'operation:done'>>;
  close(): Promise<void>;
};

/** Spawns a key server node from the CLI under test (the bundle, or the source with SEALDROP_TEST_SOURCE=1). */
export function spawnTestNode(config: string): ChildProcess {
  return spawn(process.execPath, [CLI_ENTRY, 'node', 'run', '--config', config, '--json'], { stdio: ['ignore', 'ignore', 'pipe'], env: process.env });
}

/** A fresh table; `keychain` defaults to an in-memory one. */
export async function testTable(options: Partial<HandlerDeps> = {}): Promise<TestTable> {
  const folder = await tempFolder('sealdrop-handlers-');
  const dataDir = options.dataDir ?? `${folder.path}/data`;
  const keychain = options.keychain === undefined ? new MemoryKeychain() : options.keychain;
  const events: RecordedEvent[] = [];
  const waiters = new Set<() => void>();
  const invalidEvents: string[] = [];
  const context: InvokeContext = {
    emit(event, payload) {
      // Every event must match the contract's payload schema; close() reports any that did not.
      const checked = IPC_EVENTS[event].safeParse(payload);
      if (!checked.success) invalidEvents.push(`${event}: ${JSON.stringify(checked.error.issues[0])}`);
      events.push({ event, payload });
      for (const wake of waiters) wake();
    },
  };
  const table = createHandlerTable({
    passphrase: async () => null,
    spawnNode: spawnTestNode,
    checkResponses: true,
    scrypt: { N: 1024 },
    version: '0.1.0-test',
    ...options,
    dataDir,
    keychain: keychain as Keychain,
  });
  const call = async <C extends IpcChannel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>> =>
    (await table.invoke(channel, request, context)) as IpcResult<ResponseOf<C>>;
  return {
    table,
    dataDir,
    root: folder.path,
    keychain: keychain as Keychain,
    events,
    context,
    call,
    async value(channel, request) {
      const result = await call(channel, request);
      if (!result.ok) throw new Error(`${channel} failed: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    done(operationId, timeoutMs = 120_000) {
      const find = (): EventPayloadOf<'operation:done'> | undefined =>
        events.find((e) => e.event === 'operation:done' && (e.payload as { operationId: string }).operationId === operationId)?.payload as EventPayloadOf<'operation:done'> | undefined;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(`operation ${operationId} did not finish within ${timeoutMs} ms`));
        }, timeoutMs);
        function check(): void {
          const found = find();
          if (found === undefined) return;
          clearTimeout(timer);
          waiters.delete(check);
          resolve(found);
        }
        waiters.add(check);
        check();
      });
    },
    async close() {
      await table.close();
      await folder.cleanup();
      if (invalidEvents.length > 0) throw new Error(`events that do not match the contract: ${invalidEvents.join('; ')}`);
    },
  };
}
