import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { defaultDataDir } from '../domain/identity/data-dir.ts';
import type { ParseArgsConfig } from 'node:util';
import { SealdropError } from '../../src-shared/errors.ts';

/** A mistake in how the command was called; the CLI prints usage and exits with 2. */
export class UsageError extends SealdropError {
  constructor(message: string) {
    super('bad-argument', message);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** Options every command takes. */
export const COMMON_OPTIONS = {
  json: { type: 'boolean' },
  quiet: { type: 'boolean', short: 'q' },
  help: { type: 'boolean', short: 'h' },
} as const satisfies Options;

/** parseArgs with strict checking, turning its errors into a UsageError a person can read. */
export function parse<T extends Options>(argv: readonly string[], options: T) {
  try {
    return parseArgs({ args: [...argv], options: { ...COMMON_OPTIONS, ...options }, allowPositionals: true, strict: true });
  } catch (error) {
    // Node's messages are already plain ("Unknown option '--x'"); drop its internal error code prefix.
    throw new UsageError((error as Error).message.replace(/^.*?: /, ''));
  }
}

/** Reads `--if-exists`, defaulting to `fallback`. */
export function ifExistsOption<T extends string>(value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--if-exists must be one of: ${allowed.join(', ')}`);
}

/** Options of every network-aware command. */
export const NETWORK_OPTIONS = {
  network: { type: 'string' },
  'data-dir': { type: 'string' },
} as const;

/** The data folder: --data-dir, else SEALDROP_HOME / XDG default. */
export function dataDirOf(option: string | undefined, console: { env: NodeJS.ProcessEnv }): string {
  return resolve(option ?? defaultDataDir(console.env, homedir()));
}
