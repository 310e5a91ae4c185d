// The handler table's dependencies in the desktop app: the data folder (as the CLI finds it), the OS
// keychain, passphrases from the environment only (a window asks for the ones a request needs and
// sends them with it), key server nodes in utility processes, and a JSON-lines log on stderr.
import { resolve } from 'node:path';
import { defaultDataDir } from '../domain/identity/data-dir.ts';
import { osKeychain } from '../domain/identity/os-keychain.ts';
import type { SpawnNode } from '../domain/secretstore/devnet/devnet-runner.ts';
import type { HandlerDeps, HandlerLogger } from '../handlers/handler-types.ts';
import { SEALDROP_VERSION } from '../cli/version.ts';

/** The data folder the desktop app uses: SEALDROP_HOME, else the XDG config folder, else ~/.config/sealdrop. */
export function desktopDataDir(env: NodeJS.ProcessEnv, homeDir: string): string {
  return resolve(defaultDataDir(env, homeDir));
}

/** A logger writing one JSON object per line (handlers never pass secrets to it). */
export function jsonLineLogger(write: (line: string) => void, clock: () => number = Date.now): HandlerLogger {
  return (event, details = {}) => write(`${JSON.stringify({ time: new Date(clock()).toISOString(), event, ...details })}\n`);
}

/** The dependencies of the desktop app's handler table. */
export function desktopHandlerDeps(options: { dataDir: string; env: NodeJS.ProcessEnv; spawnNode: SpawnNode; logger: HandlerLogger }): HandlerDeps {
  const { env } = options;
  return {
    dataDir: options.dataDir,
    keychain: osKeychain(),
    // There is no terminal behind a desktop app: a keystore's passphrase comes with the request that
    // needs it, or (for scripted set-ups) from the same variables the CLI reads.
    passphrase: async (request) => (request.name === 'identity' ? (env.SEALDROP_PASSPHRASE ?? null) : (env.SEALDROP_NODE_PASSPHRASE ?? null)),
    spawnNode: options.spawnNode,
    logger: options.logger,
    version: SEALDROP_VERSION,
    face: 'desktop',
  };
}
