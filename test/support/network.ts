// A real local network for integration tests: n key server nodes, each its own `sealdrop node run`
// process on 127.0.0.1 with its key in the (test session's) OS keychain, started through the same
// devnet code the `sealdrop devnet` command uses. Nodes can be stopped, killed and restarted alone.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createKeyVault } from '../../src-main/domain/identity/key-vault.ts';
import { osKeychain } from '../../src-main/domain/identity/os-keychain.ts';
import { prepareDevnet, type DevnetLayout } from '../../src-main/domain/secretstore/devnet/devnet-files.ts';
import type { AclBackend } from '../../src-main/domain/secretstore/network/profile.ts';
import { runDevnet, stopProcess } from '../../src-main/domain/secretstore/devnet/devnet-runner.ts';
import { CLI_ENTRY, tempFolder } from './cli.ts';

/** A running test network. */
export type TestNetwork = {
  dir: string;
  layout: DevnetLayout;
  profilePath: string;
  /** Each node's HTTP base URL, in profile order. */
  urls: string[];
  /** Gracefully stops node i (SIGTERM). */
  stopNode(index: number): Promise<void>;
  /** Kills node i without warning (SIGKILL). */
  killNode(index: number): Promise<void>;
  /** Starts node i again with its configuration, and waits until it answers. */
  startNode(index: number): Promise<void>;
  /** Stops everything and removes the folder. */
  close(): Promise<void>;
};

/** Options: node count, threshold, per-node faults (written into the node's config), extra env. */
export type TestNetworkOptions = {
  nodes: number;
  threshold: number;
  faults?: Record<number, { corruptDeals?: boolean; wrongPartial?: boolean }>;
  /** Who may retrieve: the owner-signed list (default) or a permissioning contract on a chain. */
  acl?: AclBackend;
};

function spawnNode(config: string): ChildProcess {
  return spawn(process.execPath, [CLI_ENTRY, 'node', 'run', '--config', config, '--json'], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, SEALDROP_TEST_FAULTS: '1' },
  });
}

/** Starts a fresh network in a temporary folder. */
export async function startTestNetwork(options: TestNetworkOptions): Promise<TestNetwork> {
  const folder = await tempFolder('sealdrop-net-');
  const dir = join(folder.path, 'devnet');
  const vault = createKeyVault({ dataDir: dir, keychain: osKeychain(), passphrase: async () => null });
  const layout = await prepareDevnet({ dir, nodes: options.nodes, threshold: options.threshold, vault, acl: options.acl });
  if (options.faults !== undefined) await writeFaults(layout, options.faults);
  const running = await runDevnet(layout, spawnNode);
  const processes = running.nodes.map((n) => n.process);
  const urls = layout.profile.nodes.map((n) => n.http);
  const one = async (index: number): Promise<void> => {
    const config = layout.nodeConfigs[index] ?? '';
    const restarted = await runDevnet({ ...layout, nodeConfigs: [config], profile: { ...layout.profile, nodes: [layout.profile.nodes[index] ?? layout.profile.nodes[0]!] } }, spawnNode);
    processes[index] = restarted.nodes[0]?.process ?? processes[index]!;
  };
  return {
    dir,
    layout,
    profilePath: layout.profilePath,
    urls,
    stopNode: (index) => stopProcess(processes[index]!),
    killNode: async (index) => {
      const child = processes[index]!;
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGKILL');
      await exited;
    },
    startNode: one,
    close: async () => {
      await Promise.all(processes.map((p) => stopProcess(p)));
      await Promise.all(layout.profile.nodes.map((_, i) => vault.delete(`node-devnet-${i + 1}`).catch(() => false)));
      await folder.cleanup();
    },
  };
}

async function writeFaults(layout: DevnetLayout, faults: NonNullable<TestNetworkOptions['faults']>): Promise<void> {
  const { readFile, writeFile } = await import('node:fs/promises');
  for (const [index, fault] of Object.entries(faults)) {
    const file = layout.nodeConfigs[Number(index)];
    if (file === undefined) continue;
    const config = JSON.parse(await readFile(file, 'utf8'));
    await writeFile(file, `${JSON.stringify({ ...config, faults: fault }, null, 2)}\n`);
  }
}
