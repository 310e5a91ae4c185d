// The embedded default (DESIGN §6): the local network of key server nodes on this computer, made on
// first use in `<dataDir>/devnet` (3 nodes, any 2 open a document) and run as node processes for as
// long as the app wants it. Reuses the devnet code of `sealdrop devnet`.
import { join } from 'node:path';
import type { PassphraseProvider } from '../domain/identity/key-vault.ts';
import { createKeyVault } from '../domain/identity/key-vault.ts';
import type { Keychain } from '../domain/identity/keychain.ts';
import type { ScryptOptions } from '../domain/identity/keystore-json.ts';
import { prepareDevnet } from '../domain/secretstore/devnet/devnet-files.ts';
import { runDevnet, type RunningDevnet, type SpawnNode } from '../domain/secretstore/devnet/devnet-runner.ts';
import type { NetworkProfile } from '../domain/secretstore/network/profile.ts';

/** What starting the local network gives. */
export type LocalNetworkStart = { profile: NetworkProfile; created: boolean; nodes: string[] };

/** The local network of one data folder. */
export type LocalNetwork = {
  /** True while this app runs it and at least one of its nodes is alive. */
  running(): boolean;
  /** Starts it (making it on first use); a second call while running answers the same. */
  start(): Promise<LocalNetworkStart>;
  /** Stops the nodes this app started; false when none were running. */
  stop(): Promise<boolean>;
};

/** Options: where, how to reach the keychain and passphrases, how to spawn a node, its size. */
export type LocalNetworkOptions = {
  dataDir: string;
  keychain: Keychain | null;
  passphrase: PassphraseProvider;
  spawnNode: SpawnNode;
  nodes: number;
  threshold: number;
  scrypt?: ScryptOptions;
};

/** The manager of the local network (nothing runs until `start`). */
export function localNetwork(options: LocalNetworkOptions): LocalNetwork {
  const dir = join(options.dataDir, 'devnet');
  let devnet: { running: RunningDevnet; start: LocalNetworkStart } | null = null;
  let starting: Promise<LocalNetworkStart> | null = null;

  const alive = (): boolean => devnet !== null && devnet.running.nodes.some((n) => n.process.exitCode === null && n.process.signalCode === null);

  async function startNow(): Promise<LocalNetworkStart> {
    const vault = createKeyVault({ dataDir: dir, keychain: options.keychain, passphrase: options.passphrase, scrypt: options.scrypt });
    const layout = await prepareDevnet({ dir, nodes: options.nodes, threshold: options.threshold, vault });
    // Unlock each node key once here, so a missing key or wrong passphrase fails now, not in n processes.
    for (let i = 0; i < layout.nodeConfigs.length; i++) await vault.load(`node-devnet-${i + 1}`);
    if (devnet !== null) await devnet.running.stop();
    const running = await runDevnet(layout, options.spawnNode);
    const start = { profile: layout.profile, created: layout.created, nodes: running.nodes.map((n) => n.http) };
    devnet = { running, start };
    return start;
  }

  return {
    running: alive,
    start() {
      if (alive() && devnet !== null) return Promise.resolve(devnet.start);
      starting ??= startNow().finally(() => {
        starting = null;
      });
      return starting;
    },
    async stop() {
      if (starting !== null) await starting.catch(() => undefined); // a failed start leaves nothing to stop
      if (devnet === null) return false;
      const wasAlive = alive();
      await devnet.running.stop();
      devnet = null;
      return wasAlive;
    },
  };
}
