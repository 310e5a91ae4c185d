// The embedded default (DESIGN §6): when the app starts and no network other than this computer's own
// is configured, it makes the identity (in the OS keychain) if there is none and starts the local
// network, so a first start needs no set-up and the keys stay on this computer. Where there is no
// keychain the identity needs a passphrase, which only the window can ask for: that step is left to
// the set-up card. Run by the desktop app and by `sealdrop ui` once their handler table exists.
import type { HandlerTable, InvokeContext } from './handler-types.ts';

/** What the start did. */
export type EmbeddedDefaultOutcome = {
  /** The identity: made now, already there, or left to the window (no keychain) or failed. */
  readonly identity: 'created' | 'present' | 'left-to-window';
  /** The local network: started now, or not needed (another network is configured), or why it did not start. */
  readonly localNetwork: 'started' | 'not-needed' | 'failed';
  /** The address in use, when there is one. */
  readonly address: string | null;
  /** Where an identity made now is kept ('keychain', or 'keystore' where SEALDROP_PASSPHRASE protects a file); null otherwise. */
  readonly storage: 'keychain' | 'keystore' | null;
  /** Why a step was left or failed, in words. */
  readonly problems: readonly string[];
};

type Info = { identity: string | null };
type Networks = { networks: { local: boolean }[] };

/** Runs the embedded default through `table`; never throws (each step reports its own failure). */
export async function startEmbeddedDefault(table: Pick<HandlerTable, 'invoke'>, context: InvokeContext = { emit: () => {} }): Promise<EmbeddedDefaultOutcome> {
  const problems: string[] = [];
  const call = async <T>(channel: string, request: unknown): Promise<{ ok: true; value: T } | { ok: false; code: string; message: string }> => {
    const result = await table.invoke(channel, request, context);
    return result.ok ? { ok: true, value: result.value as T } : { ok: false, code: result.error.code, message: result.error.message };
  };
  const networks = await call<Networks>('network:list', {});
  if (!networks.ok) {
    // Not knowing what is configured, start nothing: the window shows the state and offers the steps.
    return { identity: 'left-to-window', localNetwork: 'failed', address: null, storage: null, problems: [`The configured networks could not be read: ${networks.message}`] };
  }
  if (networks.value.networks.some((network) => !network.local)) {
    const info = await call<Info>('app:info', {});
    return { identity: info.ok && info.value.identity !== null ? 'present' : 'left-to-window', localNetwork: 'not-needed', address: info.ok ? info.value.identity : null, storage: null, problems };
  }
  let identity: EmbeddedDefaultOutcome['identity'] = 'present';
  const info = await call<Info>('app:info', {});
  let address = info.ok ? info.value.identity : null;
  let storage: EmbeddedDefaultOutcome['storage'] = null;
  if (address === null) {
    const made = await call<{ address: string; storage: 'keychain' | 'keystore' }>('identity:create', {});
    if (made.ok) {
      identity = 'created';
      address = made.value.address;
      storage = made.value.storage;
    } else {
      identity = 'left-to-window';
      problems.push(`Your identity was not made: ${made.message}`);
    }
  }
  const started = await call<unknown>('network:start-local', {});
  if (!started.ok) problems.push(`The local network did not start: ${started.message}`);
  return { identity, localNetwork: started.ok ? 'started' : 'failed', address, storage, problems };
}
