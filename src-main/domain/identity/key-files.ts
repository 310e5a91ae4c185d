// Where a named key lives on disk: `<dataDir>/keys/<name>.json` (public metadata, always) and
// `<dataDir>/keys/<name>.keystore.json` (the encrypted secret, when no keychain holds it).
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SealdropError } from '../../../src-shared/errors.ts';
import { toSealdropError } from '../seal/fs-errors.ts';
import type { KeyStorage } from './identity-key.ts';
import { writePrivateFile } from './private-file.ts';

/** The user's own key. */
export const IDENTITY_KEY_NAME = 'identity';

// Names become file names and keychain accounts: lowercase letters, digits and dashes only, so no
// name can reach outside the keys folder.
const KEY_NAME = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;

/** The vault name of a key server node's key. */
export function nodeKeyName(node: string): string {
  return checkKeyName(`node-${node}`);
}

/** Returns `name` if it is a valid key name, else throws 'bad-argument'. */
export function checkKeyName(name: string): string {
  if (!KEY_NAME.test(name)) throw new SealdropError('bad-argument', `"${name}" is not a key name: use lowercase letters, digits and dashes (at most 64).`);
  return name;
}

/** The folder holding every key file of a data dir. */
export function keysDir(dataDir: string): string {
  return join(dataDir, 'keys');
}

/** Path of a key's metadata file. */
export function metadataPath(dataDir: string, name: string): string {
  return join(keysDir(dataDir), `${checkKeyName(name)}.json`);
}

/** Path of a key's encrypted keystore file (used when the secret is not in the keychain). */
export function keystorePath(dataDir: string, name: string): string {
  return join(keysDir(dataDir), `${checkKeyName(name)}.keystore.json`);
}

/** The keychain account a key's secret is filed under: "<name>:<address>". */
export function keychainAccount(name: string, address: string): string {
  return `${checkKeyName(name)}:${address}`;
}

const hex = (bytes: number) => z.string().regex(new RegExp(`^0x[0-9a-fA-F]{${bytes * 2}}$`));

const metadataSchema = z.strictObject({
  sealdropKey: z.literal(1),
  name: z.string().regex(KEY_NAME),
  address: hex(20),
  publicKey: hex(64),
  storage: z.enum(['keychain', 'keystore']),
  createdAt: z.iso.datetime(),
});

/** The public facts about a stored key, as kept in `<name>.json`. Never contains the secret. */
export type KeyMetadata = {
  /** File format version. */
  sealdropKey: 1;
  name: string;
  /** EIP-55 address. */
  address: string;
  /** `0x` + 128 hex: X‖Y. */
  publicKey: string;
  /** Where the secret is. */
  storage: KeyStorage;
  /** ISO 8601 time the key was created or imported. */
  createdAt: string;
};

/** Reads a key's metadata; null when the key does not exist; 'storage-tampered' when malformed. */
export async function readMetadata(dataDir: string, name: string): Promise<KeyMetadata | null> {
  const file = metadataPath(dataDir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw toSealdropError(error, `reading ${file}`);
  }
  let parsed;
  try {
    parsed = metadataSchema.safeParse(JSON.parse(text));
  } catch (cause) {
    throw new SealdropError('storage-tampered', `${file} is not valid JSON.`, { path: file }, { cause });
  }
  if (!parsed.success || parsed.data.name !== name) {
    throw new SealdropError('storage-tampered', `${file} is not a Sealdrop key file.`, { path: file });
  }
  return parsed.data;
}

/** Writes a key's metadata atomically (mode 600). */
export async function writeMetadata(dataDir: string, metadata: KeyMetadata): Promise<void> {
  await writePrivateFile(metadataPath(dataDir, metadata.name), `${JSON.stringify(metadata, null, 2)}\n`, { overwrite: true });
}
