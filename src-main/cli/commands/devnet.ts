import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { defaultDataDir } from '../../domain/identity/data-dir.ts';
import { createKeyVault } from '../../domain/identity/key-vault.ts';
import { osKeychain } from '../../domain/identity/os-keychain.ts';
import { prepareDevnet } from '../../domain/secretstore/devnet/devnet-files.ts';
import { runDevnet } from '../../domain/secretstore/devnet/devnet-runner.ts';
import { networkId } from '../../domain/secretstore/network/profile.ts';
import { homedir } from 'node:os';
import type { PassphraseProvider } from '../../domain/identity/key-vault.ts';
import { parse, UsageError } from '../args.ts';
import { readPassphrase, type Console } from '../terminal.ts';

export const DEVNET_HELP = `Usage: sealdrop devnet [--nodes <n>] [--threshold <t>] [--dir <folder>] [--json]

Starts a local network of key server nodes on this computer (127.0.0.1), each a separate process
with its own key and database, and writes the network profile for clients. Any t+1 of the n nodes
open a document (default: 3 nodes, t = 1). The keys stay on this computer.

The network lives in --dir (default: <data dir>/devnet) and is reused on the next start, so
documents sealed to it stay openable. Node keys are kept in the OS keychain (or, without one, in
keystore files unlocked with SEALDROP_NODE_PASSPHRASE). Stop with Ctrl-C.`;

function integerOption(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d{1,3}$/.test(value)) throw new UsageError(`--${name} must be a small whole number`);
  return Number(value);
}

/**
 * Node keys go to the OS keychain; where there is none they are kept in keystore files under one
 * passphrase, from SEALDROP_NODE_PASSPHRASE or asked once on the terminal, and handed to the node
 * processes in their environment (never on a command line, never on disk).
 */
function devnetPassphrases(console: Console): { provider: PassphraseProvider; given: () => string | undefined } {
  let passphrase = console.env.SEALDROP_NODE_PASSPHRASE;
  return {
    provider: async () => {
      if (passphrase === undefined) {
        const typed = await readPassphrase(console, 'No OS keychain here: passphrase for the local network\'s node keys: ');
        if (typed === null || typed === '') {
          throw new UsageError('no OS keychain is reachable here: set SEALDROP_NODE_PASSPHRASE (or run in a terminal) to keep the node keys in encrypted files');
        }
        passphrase = typed;
      }
      return passphrase;
    },
    given: () => passphrase,
  };
}

/** Starts (creating on first use) the local network in `dir` and keeps it running until stopped. */
export async function runLocalNetwork(options: { dir: string; nodes: number; threshold: number; json: boolean; console: Console; signal: AbortSignal }): Promise<number> {
  const { console, signal } = options;
  const passphrases = devnetPassphrases(console);
  const vault = createKeyVault({ dataDir: options.dir, keychain: osKeychain(), passphrase: passphrases.provider });
  const layout = await prepareDevnet({ dir: options.dir, nodes: options.nodes, threshold: options.threshold, vault });
  // Unlock every node key once here, so a wrong passphrase fails now and not in n child processes.
  for (let i = 0; i < layout.nodeConfigs.length; i++) await vault.load(`node-devnet-${i + 1}`);
  const entry = process.argv[1] ?? '';
  const given = passphrases.given();
  const env = given === undefined ? process.env : { ...process.env, SEALDROP_NODE_PASSPHRASE: given };
  const devnet = await runDevnet(layout, (config) =>
    spawn(process.execPath, [...process.execArgv, entry, 'node', 'run', '--config', config, '--json'], { stdio: ['ignore', 'ignore', 'pipe'], env }),
  );
  const summary = {
    event: 'ready',
    profile: layout.profilePath,
    network: `0x${Buffer.from(networkId(layout.profile)).toString('hex')}`,
    threshold: layout.profile.threshold,
    created: layout.created,
    nodes: devnet.nodes.map((n) => ({ config: n.config, http: n.http, pid: n.process.pid })),
  };
  if (options.json) console.out.write(`${JSON.stringify(summary)}\n`);
  else {
    console.out.write(`Local network ${layout.created ? 'created' : 'started'}: any ${layout.profile.threshold + 1} of ${layout.profile.nodes.length} key holders open a document.\n`);
    console.out.write(`The keys stay on this computer.\n  profile: ${layout.profilePath}\n`);
    for (const node of devnet.nodes) console.out.write(`  node: ${node.http} (pid ${node.process.pid})\n`);
    console.out.write('Press Ctrl-C to stop.\n');
  }
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGTERM', () => resolve());
  });
  await devnet.stop();
  return 0;
}

/** `sealdrop devnet`: a local network in the foreground until Ctrl-C. */
export async function runDevnetCommand(argv: readonly string[], console: Console, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parse(argv, {
    nodes: { type: 'string', short: 'n' },
    threshold: { type: 'string', short: 't' },
    dir: { type: 'string' },
    'data-dir': { type: 'string' },
  });
  if (positionals.length > 0) throw new UsageError(`devnet takes no arguments (got "${positionals[0]}")`);
  const nodes = integerOption(values.nodes, 'nodes', 3);
  const threshold = integerOption(values.threshold, 'threshold', Math.min(1, nodes - 1));
  const dataDir = values['data-dir'] ?? defaultDataDir(console.env, homedir());
  const dir = values.dir ?? join(dataDir, 'devnet');
  return runLocalNetwork({ dir, nodes, threshold, json: values.json === true, console, signal });
}
