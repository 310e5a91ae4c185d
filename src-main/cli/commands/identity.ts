import { readFile } from 'node:fs/promises';
import { pathExists } from '../../domain/seal/output-path.ts';
import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { SealdropError } from '../../../src-shared/errors.ts';
import { defaultDataDir } from '../../domain/identity/data-dir.ts';
import { IDENTITY_KEY_NAME } from '../../domain/identity/key-files.ts';
import { createKeyVault, type KeyInfo, type KeySource, type KeyVault, type PassphraseProvider, type PassphraseRequest, type StoredKey } from '../../domain/identity/key-vault.ts';
import { DEFAULT_MNEMONIC_PATH } from '../../domain/identity/key-sources.ts';
import { osKeychain } from '../../domain/identity/os-keychain.ts';
import { writePrivateFile } from '../../domain/identity/private-file.ts';
import { toSealdropError } from '../../domain/seal/fs-errors.ts';
import { parse, UsageError } from '../args.ts';
import { readPassphrase } from '../terminal.ts';
import type { Console } from '../terminal.ts';

export const IDENTITY_HELP = `Usage: sealdrop identity <new|show|import|export> [options]

Your identity is a secp256k1 key; its Ethereum address is who you are to key servers and senders.
Its secret is kept in the OS keychain (Secret Service, macOS Keychain, Windows Credential Manager);
where none is reachable, in an encrypted keystore file unlocked by a passphrase. Never in clear on
disk. Public details go to <data dir>/keys/identity.json.

  sealdrop identity new [--keystore] [--force]
  sealdrop identity show
  sealdrop identity import --private-key-file <file> | --mnemonic-file <file> | --keystore <file>
  sealdrop identity export -o <file>

  --data-dir <dir>          where keys live (default: $SEALDROP_HOME, else $XDG_CONFIG_HOME/sealdrop,
                            else ~/.config/sealdrop)
  --keystore                (new) keep the key in an encrypted keystore file, not the OS keychain
  --no-keychain             (new, import) the same
  --force                   (new, import) replace an existing identity; its old secret is removed
  --private-key-file <file> (import) a file holding the private key as 64 hex characters
  --mnemonic-file <file>    (import) a file holding a BIP-39 mnemonic
  --mnemonic-path <path>    (import) derivation path (default ${DEFAULT_MNEMONIC_PATH})
  --keystore <file>         (import) an Ethereum JSON keystore; asks for its passphrase
  -o, --output <file>       (export) where the encrypted backup (a JSON keystore) goes; never
                            overwritten
  --json                    print the result as JSON

Passphrases (a keystore's, a backup's) are asked on the terminal, or taken from SEALDROP_PASSPHRASE.`;

const DATA_DIR = { 'data-dir': { type: 'string' } } as const;
const STORE = { force: { type: 'boolean' }, 'no-keychain': { type: 'boolean' } } as const;

/** `sealdrop identity`: make, show, import and back up the user's key. */
export async function runIdentity(argv: readonly string[], console: Console): Promise<number> {
  const [action, ...rest] = argv;
  switch (action) {
    case 'new':
      return identityNew(rest, console);
    case 'show':
      return identityShow(rest, console);
    case 'import':
      return identityImport(rest, console);
    case 'export':
      return identityExport(rest, console);
    default:
      throw new UsageError(action === undefined || action.startsWith('-') ? 'say what to do: new, show, import or export' : `unknown action "${action}"`);
  }
}

async function identityNew(argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, { ...DATA_DIR, ...STORE, keystore: { type: 'boolean' } });
  noPositionals('new', positionals);
  const { vault, dataDir } = openVault(values['data-dir'], console);
  await refuseToReplace(vault, values.force === true);
  const stored = await vault.create(IDENTITY_KEY_NAME, { force: values.force === true, storage: values.keystore || values['no-keychain'] ? 'keystore' : 'auto' });
  reportStored(console, stored, values.json === true, dataDir, 'Your new identity');
  return 0;
}

async function identityShow(argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, DATA_DIR);
  noPositionals('show', positionals);
  const { vault, dataDir } = openVault(values['data-dir'], console);
  const info = await existingIdentity(vault, dataDir);
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, ...info })}\n`);
    return 0;
  }
  console.out.write(`Identity:   ${info.address}\nPublic key: ${info.publicKey}\nKept in:    ${whereKept(info)}\nCreated:    ${info.createdAt}\n`);
  return 0;
}

async function identityImport(argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, {
    ...DATA_DIR,
    ...STORE,
    'private-key-file': { type: 'string' },
    'mnemonic-file': { type: 'string' },
    'mnemonic-path': { type: 'string' },
    keystore: { type: 'string' },
  });
  noPositionals('import', positionals);
  const given = (['private-key-file', 'mnemonic-file', 'keystore'] as const).filter((name) => values[name] !== undefined);
  if (given.length !== 1) throw new UsageError('name exactly one of --private-key-file, --mnemonic-file or --keystore');
  if (values['mnemonic-path'] !== undefined && values['mnemonic-file'] === undefined) throw new UsageError('--mnemonic-path goes with --mnemonic-file');
  const { vault, dataDir } = openVault(values['data-dir'], console);
  await refuseToReplace(vault, values.force === true);
  const source = await readSource(values);
  const stored = await vault.import(IDENTITY_KEY_NAME, source, { force: values.force === true, storage: values['no-keychain'] ? 'keystore' : 'auto' });
  reportStored(console, stored, values.json === true, dataDir, 'Imported your identity');
  return 0;
}

async function identityExport(argv: readonly string[], console: Console): Promise<number> {
  const { values, positionals } = parse(argv, { ...DATA_DIR, output: { type: 'string', short: 'o' } });
  noPositionals('export', positionals);
  if (values.output === undefined) throw new UsageError('say where the backup goes: -o <file>');
  const output = resolve(values.output);
  const { vault, dataDir } = openVault(values['data-dir'], console);
  const info = await existingIdentity(vault, dataDir);
  // Checked before any passphrase is asked; writePrivateFile refuses again, race-free.
  if (await pathExists(output)) throw new SealdropError('target-exists', `"${output}" already exists; it is left alone`, { path: output });
  const backup = await vault.exportBackup(IDENTITY_KEY_NAME);
  await writePrivateFile(output, `${backup}\n`, { overwrite: false });
  if (values.json) {
    console.out.write(`${JSON.stringify({ ok: true, address: info.address, file: output })}\n`);
  } else {
    console.out.write(`Wrote an encrypted backup of ${info.address} to ${output}\nKeep its passphrase safe: without it the backup cannot be opened.\n`);
  }
  return 0;
}

/** The vault of the chosen data folder, over the OS keychain and the terminal's passphrases. */
export function openVault(dataDirOption: string | undefined, console: Console): { vault: KeyVault; dataDir: string } {
  const dataDir = resolve(dataDirOption ?? defaultDataDir(console.env, homedir()));
  return { vault: createKeyVault({ dataDir, keychain: osKeychain(), passphrase: terminalPassphrases(console) }), dataDir };
}

/** Reads the file the key is imported from. */
async function readSource(values: { 'private-key-file'?: string; 'mnemonic-file'?: string; 'mnemonic-path'?: string; keystore?: string }): Promise<KeySource> {
  if (values['private-key-file'] !== undefined) return { kind: 'private-key', text: await readInput(values['private-key-file']) };
  if (values['mnemonic-file'] !== undefined) {
    return { kind: 'mnemonic', phrase: await readInput(values['mnemonic-file']), path: values['mnemonic-path'] ?? DEFAULT_MNEMONIC_PATH };
  }
  return { kind: 'keystore', json: await readInput(values.keystore as string) };
}

async function readInput(file: string): Promise<string> {
  try {
    return await readFile(resolve(file), 'utf8');
  } catch (error) {
    throw toSealdropError(error, `reading ${file}`);
  }
}

/** Stops before any passphrase is asked when an identity exists and --force was not given. */
async function refuseToReplace(vault: KeyVault, force: boolean): Promise<void> {
  if (force || !(await vault.exists(IDENTITY_KEY_NAME))) return;
  const info = await vault.show(IDENTITY_KEY_NAME);
  throw new SealdropError(
    'target-exists',
    `you already have an identity (${info.address}); to replace it, back it up ("sealdrop identity export -o <file>") and pass --force`,
    { address: info.address },
  );
}

/** The identity's public facts, or a hint on how to make one. */
async function existingIdentity(vault: KeyVault, dataDir: string): Promise<KeyInfo> {
  if (!(await vault.exists(IDENTITY_KEY_NAME))) {
    throw new SealdropError('identity-not-found', `no identity yet in ${dataDir}: make one with "sealdrop identity new" or bring one with "sealdrop identity import"`);
  }
  return vault.show(IDENTITY_KEY_NAME);
}

function reportStored(console: Console, stored: StoredKey, json: boolean, dataDir: string, title: string): void {
  if (json) {
    console.out.write(`${JSON.stringify({ ok: true, ...stored.info, keychainUnavailable: stored.keychainUnavailable })}\n`);
    return;
  }
  if (stored.keychainUnavailable !== null) {
    console.err.write(`Note: ${stored.keychainUnavailable} The key is kept in an encrypted keystore file instead.\n`);
  }
  const { info } = stored;
  console.out.write(`${title}: ${info.address}\nPublic key: ${info.publicKey}\nKept in:    ${whereKept(info)}\nData:       ${dataDir}\n`);
  console.out.write('Back it up with: sealdrop identity export -o <file>\n');
}

function whereKept(info: KeyInfo): string {
  if (info.keychain !== null) return `the OS keychain (service "${info.keychain.service}", account "${info.keychain.account}")`;
  return `an encrypted keystore file, ${info.keystoreFile}`;
}

function noPositionals(action: string, positionals: readonly string[]): void {
  if (positionals.length > 0) throw new UsageError(`identity ${action} takes no further arguments (got "${positionals[0]}")`);
}

const PROMPTS: Readonly<Record<PassphraseRequest['purpose'], string>> = {
  unlock: 'Passphrase of your keystore file: ',
  protect: 'New passphrase for the keystore file: ',
  import: 'Passphrase of the keystore being imported: ',
  backup: 'New passphrase for the backup: ',
};

const NEEDED_FOR: Readonly<Record<PassphraseRequest['purpose'], string>> = {
  unlock: 'your identity is kept in an encrypted keystore file',
  protect: 'the key goes in an encrypted keystore file',
  import: 'the keystore being imported is encrypted',
  backup: 'the backup is encrypted',
};

/**
 * Passphrases from SEALDROP_PASSPHRASE or the terminal. A new one (a keystore's, a backup's) is asked
 * twice on a terminal, since a typo would lock the user out of their own key.
 */
function terminalPassphrases(console: Console): PassphraseProvider {
  return async ({ purpose }) => {
    const first = await ask(console, PROMPTS[purpose]);
    if (first === null) throw new UsageError(`a passphrase is needed (${NEEDED_FOR[purpose]}): run in a terminal, or set SEALDROP_PASSPHRASE`);
    const fresh = purpose === 'protect' || purpose === 'backup';
    const fromEnvironment = console.env.SEALDROP_PASSPHRASE !== undefined && console.env.SEALDROP_PASSPHRASE !== '';
    if (fresh && !fromEnvironment && (await ask(console, 'Repeat it: ')) !== first) throw new UsageError('the two passphrases differ');
    return first;
  };
}

async function ask(console: Console, prompt: string): Promise<string | null> {
  try {
    return await readPassphrase(console, prompt);
  } catch (error) {
    // readPassphrase rejects with an AbortError on Ctrl-C.
    if ((error as Error).name === 'AbortError') throw new SealdropError('cancelled', 'cancelled', {}, { cause: error });
    throw error;
  }
}
