import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defaultDataDir } from '../../domain/identity/data-dir.ts';
import type { PassphraseProvider } from '../../domain/identity/key-vault.ts';
import { osKeychain } from '../../domain/identity/os-keychain.ts';
import { startEmbeddedDefault, type EmbeddedDefaultOutcome } from '../../handlers/embedded-default.ts';
import { createHandlerTable } from '../../handlers/handler-table.ts';
import { startHost } from '../../host/host-server.ts';
import { parse, UsageError } from '../args.ts';
import type { Console } from '../terminal.ts';
import { SEALDROP_VERSION } from '../version.ts';

/** The help text of `sealdrop ui`. */
export const UI_HELP = `Usage: sealdrop ui [--port <n>] [--data-dir <folder>] [--renderer <folder>] [--no-local-network] [--json]

Runs Sealdrop's app in your browser: a server on 127.0.0.1 only, for you alone, serving the same
screens and the same actions as the desktop app. It prints the address to open; the address holds a
random session token, so keep it to yourself. When no other network is configured it makes your
identity (in the OS keychain) if you have none and starts the local network on this computer: 3 key
holders, any 2 open a document, and the keys stay on this computer. Stop with Ctrl-C (the local
network stops with it).

  --port <n>            the port on 127.0.0.1 (default: any free one)
  --data-dir <folder>   where your identity, networks and documents live (default: SEALDROP_HOME
                        or ~/.config/sealdrop)
  --renderer <folder>   the UI build to serve (default: dist/renderer of this installation)
  --no-local-network    do not make an identity or start the local network at start-up (the app
                        still offers both)

Where no OS keychain exists keys are kept in keystore files: the page asks for your identity's
passphrase when it is needed (or set SEALDROP_PASSPHRASE); node keys take SEALDROP_NODE_PASSPHRASE.`;

/** The folder of this installation (the nearest one up holding package.json). */
function installationRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
  return dir;
}

/**
 * Keystore passphrases from the environment only, as in the desktop app: a request that needs a
 * locked identity fails with a code the page answers with its unlock banner, instead of waiting for
 * someone to type at a terminal they may not be looking at.
 */
function passphrases(console: Console): PassphraseProvider {
  return async (request) => {
    const value = request.name.startsWith('node-') ? console.env.SEALDROP_NODE_PASSPHRASE : console.env.SEALDROP_PASSPHRASE;
    return value === undefined || value === '' ? null : value;
  };
}

/** `sealdrop ui`: the browser mode until Ctrl-C. */
export async function runUi(argv: readonly string[], console: Console, signal: AbortSignal): Promise<number> {
  const { values, positionals } = parse(argv, { port: { type: 'string' }, 'data-dir': { type: 'string' }, renderer: { type: 'string' }, 'no-local-network': { type: 'boolean' } });
  if (positionals.length > 0) throw new UsageError(`ui takes no arguments (got "${positionals[0]}")`);
  if (values.port !== undefined && (!/^\d{1,5}$/.test(values.port) || Number(values.port) > 65535)) throw new UsageError('--port must be a port number (0-65535)');
  const dataDir = resolve(values['data-dir'] ?? defaultDataDir(console.env, homedir()));
  const entry = process.argv[1] ?? '';
  const nodePassphrase = console.env.SEALDROP_NODE_PASSPHRASE;
  const table = createHandlerTable({
    dataDir,
    keychain: osKeychain(),
    passphrase: passphrases(console),
    // Each key server node is its own `sealdrop node run` process, as with `sealdrop devnet`.
    spawnNode: (config) =>
      spawn(process.execPath, [...process.execArgv, entry, 'node', 'run', '--config', config, '--json'], {
        stdio: ['ignore', 'ignore', 'pipe'],
        env: nodePassphrase === undefined ? process.env : { ...process.env, SEALDROP_NODE_PASSPHRASE: nodePassphrase },
      }),
    version: SEALDROP_VERSION,
    face: 'browser',
    logger: (event, details) => console.err.write(`${JSON.stringify({ event, ...details })}\n`),
  });
  const staticDir = resolve(values.renderer ?? join(installationRoot(), 'dist', 'renderer'));
  const host = await startHost({ table, staticDir, port: values.port === undefined ? 0 : Number(values.port) });
  if (values.json) {
    console.out.write(`${JSON.stringify({ event: 'ready', url: host.url, origin: host.origin, port: host.port, dataDir, renderer: staticDir, built: existsSync(staticDir) })}\n`);
  } else {
    console.out.write(`Sealdrop is running for you in your browser at:\n\n  ${host.url}\n\n`);
    if (!existsSync(staticDir)) console.out.write(`(The UI bundle is not built: ${staticDir} is missing; the page says so.)\n`);
    console.out.write('The address holds a session token: keep it to yourself. Press Ctrl-C to stop.\n');
  }
  // Listening for the end first: a stop while the local network starts waits for it, then stops it.
  const stopped = new Promise<void>((done) => {
    if (signal.aborted) done();
    signal.addEventListener('abort', () => done(), { once: true });
    process.once('SIGTERM', () => done());
  });
  let starting: Promise<unknown> = Promise.resolve();
  if (!values['no-local-network']) {
    const start = startEmbeddedDefault(table, { emit: host.emit });
    starting = start;
    const embedded = await Promise.race([start, stopped.then(() => null)]);
    // null: stopped while starting (the stop below waits for it).
    if (embedded !== null) describeEmbeddedDefault(embedded, values.json === true, console);
  }
  await stopped;
  await starting;
  await host.close();
  return 0;
}

/** What the start-up did, for the person at the terminal (or as one JSON line). */
function describeEmbeddedDefault(embedded: EmbeddedDefaultOutcome, json: boolean, console: Console): void {
  if (json) {
    console.out.write(`${JSON.stringify({ event: 'embedded-default', ...embedded })}\n`);
    return;
  }
  if (embedded.identity === 'created') {
    const where = embedded.storage === 'keystore' ? 'an encrypted keystore file (no OS keychain here)' : 'the OS keychain';
    console.out.write(`\nYour identity was made and kept in ${where}: ${embedded.address}\n`);
  }
  if (embedded.localNetwork === 'started') console.out.write('The local network is running: 3 key holders on this computer, any 2 open a document. The keys stay on this computer.\n');
  for (const problem of embedded.problems) console.out.write(`${problem}\n`);
}
