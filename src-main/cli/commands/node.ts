import { hostname } from 'node:os';
import { createKeyVault, type PassphraseProvider } from '../../domain/identity/key-vault.ts';
import { osKeychain } from '../../domain/identity/os-keychain.ts';
import { loadNetworkProfile } from '../../domain/secretstore/network/profile.ts';
import { loadNodeConfig } from '../../domain/secretstore/node/node-config.ts';
import { startKeyServerNode } from '../../domain/secretstore/node/key-server-node.ts';
import { addressFromPublic, formatAddress } from '../../domain/secretstore/math/address.ts';
import { SEALDROP_VERSION } from '../version.ts';
import { parse, UsageError } from '../args.ts';
import type { Console } from '../terminal.ts';

export const NODE_HELP = `Usage: sealdrop node run --config <node.json> [--json]

Runs a key server node: its HTTP API for clients and its peer transport for the other nodes of its
network. It holds one share of every server key generated on the network, encrypted at rest, and
answers only requesters the document's owner allows.

The configuration names the node, its data folder, the network profile and the addresses to listen
on; \`sealdrop devnet\` writes such files for a local network. The node's key is read from the OS
keychain, or from an encrypted keystore file unlocked with SEALDROP_NODE_PASSPHRASE on a headless
server. Stop it with Ctrl-C (SIGINT) or SIGTERM.`;

/** Passphrases for a headless node come from the environment; a node never prompts. */
export function nodePassphrases(env: NodeJS.ProcessEnv): PassphraseProvider {
  return async () => env.SEALDROP_NODE_PASSPHRASE ?? null;
}

/** `sealdrop node run`: one key server node in the foreground until a signal stops it. */
export async function runNode(argv: readonly string[], console: Console, signal: AbortSignal): Promise<number> {
  const [action, ...rest] = argv;
  if (action !== 'run') throw new UsageError(action === undefined ? 'node needs an action: run' : `unknown node action "${action}"`);
  const { values, positionals } = parse(rest, { config: { type: 'string', short: 'c' } });
  if (positionals.length > 0) throw new UsageError(`node run takes no arguments (got "${positionals[0]}")`);
  if (values.config === undefined) throw new UsageError('node run needs --config <node.json>');
  const config = await loadNodeConfig(values.config);
  const profile = await loadNetworkProfile(config.network);
  const vault = createKeyVault({ dataDir: config.keyDir, keychain: osKeychain(), passphrase: nodePassphrases(process.env) });
  const key = await vault.load(`node-${config.name}`);
  const faultsEnabled = process.env.SEALDROP_TEST_FAULTS === '1';
  const node = await startKeyServerNode({
    nodeSecret: key.exportSecret(),
    profile,
    dataDir: config.dataDir,
    http: config.http,
    peer: config.peer,
    requestTimeoutMs: config.requestTimeoutMs,
    faults: faultsEnabled ? config.faults : undefined,
    version: SEALDROP_VERSION,
    log: (event, details) => {
      if (values.json) console.err.write(`${JSON.stringify({ event, ...details })}\n`);
    },
  });
  const address = formatAddress(addressFromPublic(node.publicKey));
  if (values.json) {
    console.out.write(`${JSON.stringify({ event: 'ready', name: config.name, http: node.httpUrl, peer: node.peerAddress, address, host: hostname() })}\n`);
  } else {
    console.out.write(`Key server ${config.name} (${address}) is running.\n  HTTP: ${node.httpUrl}\n  peers: ${node.peerAddress}\nPress Ctrl-C to stop.\n`);
  }
  await new Promise<void>((resolve) => {
    if (signal.aborted) resolve();
    signal.addEventListener('abort', () => resolve(), { once: true });
    process.once('SIGTERM', () => resolve());
  });
  await node.stop();
  if (!values.json) console.out.write(`Key server ${config.name} stopped.\n`);
  return 0;
}
