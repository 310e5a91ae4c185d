// The types of the handler table: what it needs from its host (Electron's main process, the
// browser-mode server, tests), what a call is given, and the shape of one handler per channel.
import type { EventPayloadOf, IpcChannel, IpcEventName, IpcResult, RequestOf, ResponseOf } from '../../src-shared/ipc/contract.ts';
import type { PassphraseProvider } from '../domain/identity/key-vault.ts';
import type { Keychain } from '../domain/identity/keychain.ts';
import type { ScryptOptions } from '../domain/identity/keystore-json.ts';
import type { SpawnNode } from '../domain/secretstore/devnet/devnet-runner.ts';

/** A structured log line; never handed secrets (handlers log codes, paths and counts). */
export type HandlerLogger = (event: string, details?: Record<string, unknown>) => void;

/** What the handler table needs from the outside world (DESIGN §1: dependencies come in as arguments). */
export type HandlerDeps = {
  /** Sealdrop's data folder (identity, known networks, the local network, settings, documents). */
  readonly dataDir: string;
  /** The OS keychain, or null where there is none (keys then go to keystore files). */
  readonly keychain: Keychain | null;
  /** Asked for passphrases a request did not carry (unlocking a keystore identity, node keys). */
  readonly passphrase: PassphraseProvider;
  /** Starts one key server node process (`sealdrop node run --config <file>`), for the local network and `node:start`. */
  readonly spawnNode: SpawnNode;
  /** Milliseconds clock; defaults to Date.now. */
  readonly clock?: () => number;
  readonly logger?: HandlerLogger;
  /** Reported by `app:info`. */
  readonly version?: string;
  /** 'desktop' in Electron, 'browser' under `sealdrop ui`. */
  readonly face?: 'desktop' | 'browser';
  /** Size of the local network made on first use (default 3 nodes, t = 1). */
  readonly localNetwork?: { readonly nodes: number; readonly threshold: number };
  /** Check every answer against the contract's response schema (tests turn it on). */
  readonly checkResponses?: boolean;
  /** scrypt cost of keystores written (lower only in tests). */
  readonly scrypt?: ScryptOptions;
  /** Time limit of each request to a key server (default 10 s). */
  readonly requestTimeoutMs?: number;
};

/** What one call is given: how to send events to its window, and cancellation of the call itself. */
export type InvokeContext = {
  emit<E extends IpcEventName>(event: E, payload: EventPayloadOf<E>): void;
  readonly signal?: AbortSignal;
};

/** The handler table as hosts see it. */
export type HandlerTable = {
  /** Validates `channel` and `request` against the contract, runs the handler, answers an IpcResult. */
  invoke(channel: string, request: unknown, context: InvokeContext): Promise<IpcResult<unknown>>;
  /** Cancels running operations and stops what the table started (the local network, a node). */
  close(): Promise<void>;
};

/** One handler: the parsed request in, the answer out; throws SealdropErrors. */
export type Handler<C extends IpcChannel> = (request: RequestOf<C>, context: InvokeContext) => Promise<ResponseOf<C>>;

/** Handlers for some channels. */
export type HandlerGroup<C extends IpcChannel> = { [K in C]: Handler<K> };
