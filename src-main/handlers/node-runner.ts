// A key server node run from the app (the Node screen): its key and configuration in
// `<dataDir>/node/`, the network profile the operator gives, one `sealdrop node run` process, and
// what the screen shows (status from the node's own API, storage used, recent problems it logged).
import { pathExists } from '../domain/seal/output-path.ts';
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { SealdropError, isSealdropError } from '../../src-shared/errors.ts';
import type { RequestOf } from '../../src-shared/ipc/contract.ts';
import type { nodeStatus } from '../../src-shared/ipc/node-channels.ts';
import { createKeyVault, type PassphraseProvider } from '../domain/identity/key-vault.ts';
import type { Keychain } from '../domain/identity/keychain.ts';
import type { ScryptOptions } from '../domain/identity/keystore-json.ts';
import { writePrivateFile } from '../domain/identity/private-file.ts';
import { nodeApi } from '../domain/secretstore/client/node-api.ts';
import { freePort, type DevnetLayout } from '../domain/secretstore/devnet/devnet-files.ts';
import { runDevnet, type RunningDevnet, type SpawnNode } from '../domain/secretstore/devnet/devnet-runner.ts';
import { loadNetworkProfile, writeNetworkProfile, type NetworkProfile } from '../domain/secretstore/network/profile.ts';
import { loadNodeConfig, nodeConfigJson, type NodeConfig } from '../domain/secretstore/node/node-config.ts';
import { addressFromPublic } from '../domain/secretstore/math/address.ts';
import { addressOf, hexOf } from './hex.ts';

/** What the Node screen shows. */
export type NodeStatusPayload = z.infer<typeof nodeStatus>;

/** Events a node logs (as JSON lines on stderr) that the screen lists as problems. */
const PROBLEM_EVENTS = new Set(['handler-error', 'stream-failed', 'peer-denied', 'request-invalid']);
const MAX_RECENT_ERRORS = 20;

/** The node of one data folder. */
export type NodeRunner = {
  status(): Promise<NodeStatusPayload>;
  setup(request: RequestOf<'node:setup'>): Promise<NodeStatusPayload>;
  /** Starts the node; `onChange` hears when it exits or logs a problem. */
  start(config: string | undefined, profile: NetworkProfile | null, onChange: () => void): Promise<NodeStatusPayload>;
  stop(): Promise<NodeStatusPayload>;
};

/** Options of the runner. */
export type NodeRunnerOptions = {
  dataDir: string;
  keychain: Keychain | null;
  passphrase: PassphraseProvider;
  spawnNode: SpawnNode;
  clock: () => number;
  scrypt?: ScryptOptions;
  requestTimeoutMs?: number;
};

/** The runner (nothing runs until `start`). */
export function nodeRunner(options: NodeRunnerOptions): NodeRunner {
  const folder = join(options.dataDir, 'node');
  const defaultConfig = join(folder, 'node.json');
  const vaultOf = (keyDir: string) => createKeyVault({ dataDir: keyDir, keychain: options.keychain, passphrase: options.passphrase, scrypt: options.scrypt });
  let running: { devnet: RunningDevnet; config: NodeConfig; http: string } | null = null;
  let lastConfig: string = defaultConfig;
  const recentErrors: NodeStatusPayload['recentErrors'] = [];

  const alive = (): boolean => running !== null && running.devnet.nodes.every((n) => n.process.exitCode === null && n.process.signalCode === null);

  async function configOrNull(file: string): Promise<NodeConfig | null> {
    try {
      return await loadNodeConfig(file);
    } catch (error) {
      // No configuration yet is a state the screen shows ("set up a node"), not a failure.
      if (isSealdropError(error, 'profile-invalid') && !(await pathExists(file))) return null;
      throw error;
    }
  }

  async function status(): Promise<NodeStatusPayload> {
    const config = running?.config ?? (await configOrNull(lastConfig));
    const base: NodeStatusPayload = {
      configured: config !== null,
      running: alive(),
      name: config?.name ?? null,
      publicKey: null,
      address: null,
      http: null,
      peer: null,
      config: config?.file ?? null,
      peers: null,
      keysHeld: null,
      requests: null,
      storageBytes: null,
      startedAt: null,
      recentErrors: [...recentErrors],
    };
    if (config === null) return base;
    const vault = vaultOf(config.keyDir);
    const keyName = `node-${config.name}`;
    if (await vault.exists(keyName)) {
      const info = await vault.show(keyName);
      base.publicKey = info.publicKey.toLowerCase();
      base.address = info.address;
    }
    base.storageBytes = await folderSize(join(config.dataDir, 'store'));
    if (!base.running || running === null) return base;
    base.http = running.http;
    base.peer = `/ip4/${config.peer.host}/tcp/${config.peer.port}`;
    try {
      const live = await nodeApi(running.http, { timeoutMs: options.requestTimeoutMs ?? 5000 }).status();
      base.publicKey = hexOf(live.node);
      base.address = addressOf(addressFromPublic(live.node));
      base.peers = live.peers;
      base.keysHeld = live.keysHeld;
      base.requests = live.requests;
      base.startedAt = live.startedAt;
    } catch (error) {
      // Why: a node that does not answer its status is shown as such, with the reason, not as a failure.
      note('status-failed', isSealdropError(error) ? error.message : 'the node did not answer its status request');
    }
    return base;
  }

  function note(event: string, message: string): void {
    recentErrors.push({ time: options.clock(), event, message: message.slice(0, 1000) });
    recentErrors.splice(0, Math.max(0, recentErrors.length - MAX_RECENT_ERRORS));
  }

  async function setup(request: RequestOf<'node:setup'>): Promise<NodeStatusPayload> {
    if (running !== null && alive()) throw new SealdropError('bad-argument', 'Stop the node before setting it up again.');
    const existing = await configOrNull(defaultConfig);
    if (existing !== null && request.replace !== true) {
      throw new SealdropError('target-exists', `A node "${existing.name}" is already set up in ${folder}; it is kept.`, { path: existing.file });
    }
    const vault = vaultOf(folder);
    await vault.create(`node-${request.name}`, { force: request.replace === true });
    const httpPort = request.http.port === 0 ? await freePort(request.http.host) : request.http.port;
    const peerPort = request.peer.port === 0 ? await freePort(request.peer.host) : request.peer.port;
    await writePrivateFile(
      defaultConfig,
      nodeConfigJson({ name: request.name, dataDir: '.', keyDir: '.', network: 'network.json', http: { host: request.http.host, port: httpPort }, peer: { host: request.peer.host, port: peerPort } }),
      { overwrite: true },
    );
    lastConfig = defaultConfig;
    return status();
  }

  async function start(configFile: string | undefined, profile: NetworkProfile | null, onChange: () => void): Promise<NodeStatusPayload> {
    if (alive()) throw new SealdropError('bad-argument', 'The node is already running.');
    const file = configFile ?? defaultConfig;
    const config = await configOrNull(file);
    if (config === null) throw new SealdropError('bad-argument', 'No node is set up yet: set one up first (its key and where it listens).');
    if (profile !== null) await writeNetworkProfile(config.network, profile);
    if (!(await pathExists(config.network))) {
      throw new SealdropError('profile-invalid', "The node has no network profile yet: give it the network's profile (it must list this node's public key).");
    }
    const network = await loadNetworkProfile(config.network);
    const key = await vaultOf(config.keyDir).load(`node-${config.name}`);
    const listed = network.nodes.find((node) => hexOf(node.publicKey) === hexOf(key.publicKey));
    if (listed === undefined) {
      throw new SealdropError('profile-invalid', `The network profile does not list this node's public key (${hexOf(key.publicKey).slice(0, 14)}…): give the operator the key first.`);
    }
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
    const http = `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}`;
    // runDevnet starts and waits for any set of nodes; here the set is this one node.
    const layout: DevnetLayout = { dir: folder, profilePath: config.network, nodeConfigs: [config.file], profile: { ...network, nodes: [{ ...listed, http }] }, created: false };
    const devnet = await runDevnet(layout, options.spawnNode);
    lastConfig = config.file;
    running = { devnet, config, http };
    watch(devnet, onChange);
    return status();
  }

  /** Keeps the problems the node logs, and says when it exits. */
  function watch(devnet: RunningDevnet, onChange: () => void): void {
    const child = devnet.nodes[0]?.process;
    if (child === undefined) return;
    let partial = '';
    child.stderr?.on('data', (chunk: Buffer) => {
      const lines = `${partial}${chunk.toString('utf8')}`.split('\n');
      partial = (lines.pop() ?? '').slice(-10_000);
      for (const line of lines) {
        const problem = problemOf(line);
        if (problem === null) continue;
        note(problem.event, problem.message);
        onChange();
      }
    });
    child.once('exit', (code, signal) => {
      if (running?.devnet === devnet && signal !== 'SIGTERM') note('exited', `The node stopped (${signal ?? `exit code ${code}`}).`);
      onChange();
    });
  }

  return {
    status,
    setup,
    start,
    async stop() {
      if (running !== null) {
        const { devnet } = running;
        running = null;
        await devnet.stop();
      }
      return status();
    },
  };
}

/** A logged line the screen should list, or null. Lines are the node's `--json` log (event + details). */
function problemOf(line: string): { event: string; message: string } | null {
  const text = line.trim();
  if (text === '') return null;
  let entry: unknown;
  try {
    entry = JSON.parse(text);
  } catch {
    // Not JSON: the node printed a failure before its logger ran (a crash); that is a problem to show.
    return { event: 'output', message: text.slice(0, 1000) };
  }
  if (typeof entry !== 'object' || entry === null) return null;
  const record = entry as Record<string, unknown>;
  const event = typeof record.event === 'string' ? record.event : '';
  if (!PROBLEM_EVENTS.has(event)) return null;
  const message = [record.message, record.reason, record.error, record.code].find((value) => typeof value === 'string') as string | undefined;
  return { event: event.slice(0, 100), message: (message ?? event).slice(0, 1000) };
}

/** Bytes of the files under `dir` (0 when it does not exist yet). */
async function folderSize(dir: string): Promise<number> {
  let total = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    // No database yet.
    return 0;
  }
  for (const name of names) {
    const info = await stat(join(dir, name)).catch(() => null);
    if (info === null) continue;
    total += info.isDirectory() ? await folderSize(join(dir, name)) : info.size;
  }
  return total;
}
