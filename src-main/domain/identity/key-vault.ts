// Named secp256k1 keys (the user's identity, later each key server node's key): the secret in the OS
// keychain, or in an encrypted keystore file where no keychain is reachable; public metadata next to
// it. Never plaintext on disk (DESIGN §5).
import { readFile } from 'node:fs/promises';
import { SealdropError, isSealdropError } from '../../../src-shared/errors.ts';
import { toSealdropError } from '../seal/fs-errors.ts';
import { SECRET_LENGTH, bytesFromHex, hexFromBytes, randomScalar, secretFromScalar } from '../secretstore/math/encoding.ts';
import { identityKeyFromSecret, type IdentityKey, type KeyStorage } from './identity-key.ts';
import { KEYCHAIN_SERVICE, type Keychain } from './keychain.ts';
import { checkKeyName, keychainAccount, keystorePath, metadataPath, readMetadata, writeMetadata, type KeyMetadata } from './key-files.ts';
import { secretFromMnemonic, secretFromPrivateKeyHex } from './key-sources.ts';
import { decryptKeystore, encryptKeystore, type ScryptOptions } from './keystore-json.ts';
import { removeFile, writePrivateFile } from './private-file.ts';

/**
 * Why a passphrase is wanted: `unlock` a key kept in a keystore file, `protect` a key about to be
 * kept in one (a new passphrase), `import` the keystore being imported, `backup` a new passphrase
 * for an exported backup.
 */
export type PassphrasePurpose = 'unlock' | 'protect' | 'import' | 'backup';

/** What the vault tells the passphrase provider. */
export type PassphraseRequest = {
  readonly purpose: PassphrasePurpose;
  /** The key's name. */
  readonly name: string;
  /** The key's address when known. */
  readonly address: string | null;
};

/** Asks someone (a terminal, a dialog) for a passphrase; null when nobody can answer. */
export type PassphraseProvider = (request: PassphraseRequest) => Promise<string | null>;

/** What a key vault needs from the outside world. */
export type KeyVaultOptions = {
  /** Sealdrop's data folder; keys go to `<dataDir>/keys/`. */
  readonly dataDir: string;
  /** The OS keychain, or null where there is none (then every key is kept in a keystore file). */
  readonly keychain: Keychain | null;
  readonly passphrase: PassphraseProvider;
  /** The time recorded as a key's creation; defaults to the system clock. */
  readonly clock?: () => Date;
  /** scrypt cost of keystores written (fallback storage and backups); lower only for tests and devnets. */
  readonly scrypt?: ScryptOptions;
};

/** The public facts about a stored key. */
export type KeyInfo = KeyMetadata & {
  /** The metadata file. */
  readonly file: string;
  /** The encrypted keystore file, when that is where the secret is. */
  readonly keystoreFile: string | null;
  /** The keychain entry, when that is where the secret is. */
  readonly keychain: { readonly service: string; readonly account: string } | null;
};

/** Where to keep a new key and whether an existing one may be replaced. */
export type StoreOptions = {
  /** Replace a key that already has this name (its old secret is removed). */
  readonly force?: boolean;
  /** 'keystore' keeps the secret in an encrypted file even where a keychain is reachable. */
  readonly storage?: 'auto' | 'keystore';
};

/** A key the vault just stored. */
export type StoredKey = {
  readonly key: IdentityKey;
  readonly info: KeyInfo;
  /** Why the keychain was not used although storage was 'auto' (it was unreachable); null otherwise. */
  readonly keychainUnavailable: string | null;
};

/** Where an imported key comes from. `text`, `phrase` and `json` are the user's secret material. */
export type KeySource =
  | { readonly kind: 'private-key'; readonly text: string }
  | { readonly kind: 'mnemonic'; readonly phrase: string; readonly path?: string }
  | { readonly kind: 'keystore'; readonly json: string };

/** Named keys of one data folder. */
export interface KeyVault {
  /** The stored key's public facts, without unlocking it; 'identity-not-found' if there is none. */
  show(name: string): Promise<KeyInfo>;
  /** True when a key with this name exists. */
  exists(name: string): Promise<boolean>;
  /** Makes and stores a fresh random key; 'target-exists' if the name is taken and not `force`. */
  create(name: string, options?: StoreOptions): Promise<StoredKey>;
  /** Stores a key given as a private key, mnemonic or keystore; same rules as `create`. */
  import(name: string, source: KeySource, options?: StoreOptions): Promise<StoredKey>;
  /** Unlocks a stored key (from the keychain, or the keystore file with the 'unlock' passphrase). */
  load(name: string): Promise<IdentityKey>;
  /** An encrypted backup: keystore JSON under a new passphrase (asked for with purpose 'backup'). */
  exportBackup(name: string): Promise<string>;
  /** Removes a key's secret and files; false when there was no such key. */
  delete(name: string): Promise<boolean>;
}

/** A key vault over a data folder, keychain and passphrase provider. Keeps no state of its own. */
export function createKeyVault(options: KeyVaultOptions): KeyVault {
  const { dataDir, keychain, passphrase } = options;
  const clock = options.clock ?? (() => new Date());

  async function requirePassphrase(purpose: PassphrasePurpose, name: string, address: string | null): Promise<string> {
    const value = await passphrase({ purpose, name, address });
    if (value === null) throw new SealdropError('bad-argument', `A passphrase is needed to ${purposeText(purpose, name)}.`, { purpose });
    // A new passphrase must protect something; an existing keystore may have an empty one.
    if (value === '' && (purpose === 'protect' || purpose === 'backup')) {
      throw new SealdropError('bad-argument', 'An empty passphrase would not protect the key; choose one.', { purpose });
    }
    return value;
  }

  function infoOf(metadata: KeyMetadata): KeyInfo {
    const inKeychain = metadata.storage === 'keychain';
    return {
      ...metadata,
      file: metadataPath(dataDir, metadata.name),
      keystoreFile: inKeychain ? null : keystorePath(dataDir, metadata.name),
      keychain: inKeychain ? { service: KEYCHAIN_SERVICE, account: keychainAccount(metadata.name, metadata.address) } : null,
    };
  }

  async function show(name: string): Promise<KeyInfo> {
    const metadata = await readMetadata(dataDir, checkKeyName(name));
    if (metadata === null) throw notFound(name, dataDir);
    return infoOf(metadata);
  }

  async function store(name: string, secret: Uint8Array, storeOptions: StoreOptions): Promise<StoredKey> {
    checkKeyName(name);
    const previous = await readMetadata(dataDir, name);
    if (previous !== null && storeOptions.force !== true) {
      throw new SealdropError('target-exists', `A key named "${name}" already exists (${previous.address}); it is kept.`, { name, address: previous.address });
    }
    const key = identityKeyFromSecret(name, secret, 'keychain');
    let storage: KeyStorage = 'keystore';
    let keychainUnavailable: string | null = null;
    if (keychain !== null && storeOptions.storage !== 'keystore') {
      try {
        await keychain.set(KEYCHAIN_SERVICE, keychainAccount(name, key.address), hexFromBytes(secret));
        storage = 'keychain';
      } catch (error) {
        // Only a keychain that cannot be reached sends the key to a file; any other failure stops here.
        if (!isSealdropError(error, 'keychain-unavailable')) throw error;
        keychainUnavailable = error.message;
      }
    }
    if (storage === 'keystore') {
      const protect = await requirePassphrase('protect', name, key.address);
      const json = await encryptKeystore(secret, protect, options.scrypt);
      await writePrivateFile(keystorePath(dataDir, name), json, { overwrite: true });
    }
    const metadata: KeyMetadata = {
      sealdropKey: 1,
      name,
      address: key.address,
      publicKey: `0x${hexFromBytes(key.publicKey)}`,
      storage,
      createdAt: clock().toISOString(),
    };
    await writeMetadata(dataDir, metadata);
    if (previous !== null) await removeReplaced(previous, metadata);
    return { key: identityKeyFromSecret(name, secret, storage), info: infoOf(metadata), keychainUnavailable };
  }

  /** Removes the old secret of a replaced key, unless the new key took its very place. */
  async function removeReplaced(previous: KeyMetadata, current: KeyMetadata): Promise<void> {
    if (previous.storage === 'keystore' && current.storage !== 'keystore') await removeFile(keystorePath(dataDir, previous.name));
    if (previous.storage !== 'keychain' || (current.storage === 'keychain' && current.address === previous.address)) return;
    try {
      if (keychain === null) throw new SealdropError('keychain-unavailable', 'No OS keychain is available.');
      await keychain.delete(KEYCHAIN_SERVICE, keychainAccount(previous.name, previous.address));
    } catch (error) {
      const code = isSealdropError(error) ? error.code : 'internal';
      throw new SealdropError(code, `The new key is stored, but the old key ${previous.address} could not be removed from the OS keychain (${(error as Error).message}).`, { address: previous.address }, { cause: error });
    }
  }

  /** Stores a secret, then overwrites this copy of it (the returned key holds its own). */
  async function storeAndWipe(name: string, secret: Uint8Array, storeOptions: StoreOptions): Promise<StoredKey> {
    try {
      return await store(name, secret, storeOptions);
    } finally {
      secret.fill(0);
    }
  }

  async function sourceSecret(name: string, source: KeySource): Promise<Uint8Array> {
    switch (source.kind) {
      case 'private-key':
        return secretFromPrivateKeyHex(source.text);
      case 'mnemonic':
        return secretFromMnemonic(source.phrase, source.path);
      case 'keystore':
        return decryptKeystore(source.json, await requirePassphrase('import', name, null));
    }
  }

  async function load(name: string): Promise<IdentityKey> {
    const metadata = await readMetadata(dataDir, checkKeyName(name));
    if (metadata === null) throw notFound(name, dataDir);
    const secret = metadata.storage === 'keychain' ? await secretFromKeychain(metadata) : await secretFromKeystore(metadata);
    try {
      const key = identityKeyFromSecret(name, secret, metadata.storage);
      // The metadata names the key; a secret that does not match it was swapped or corrupted.
      if (`0x${hexFromBytes(key.publicKey)}` !== metadata.publicKey.toLowerCase()) {
        throw new SealdropError('storage-tampered', `The stored secret of "${name}" does not belong to ${metadata.address}.`, { name });
      }
      return key;
    } finally {
      secret.fill(0);
    }
  }

  async function secretFromKeychain(metadata: KeyMetadata): Promise<Uint8Array> {
    if (keychain === null) {
      throw new SealdropError('keychain-unavailable', `The key "${metadata.name}" is kept in the OS keychain, which is not available here.`, { name: metadata.name });
    }
    const stored = await keychain.get(KEYCHAIN_SERVICE, keychainAccount(metadata.name, metadata.address));
    if (stored === null) {
      throw new SealdropError('identity-not-found', `The secret of "${metadata.name}" (${metadata.address}) is missing from the OS keychain.`, { name: metadata.name });
    }
    try {
      return bytesFromHex(stored, SECRET_LENGTH, 'The stored secret');
    } catch (cause) {
      throw new SealdropError('storage-tampered', `The OS keychain entry of "${metadata.name}" is not a key.`, { name: metadata.name }, { cause });
    }
  }

  async function secretFromKeystore(metadata: KeyMetadata): Promise<Uint8Array> {
    const file = keystorePath(dataDir, metadata.name);
    let json: string;
    try {
      json = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new SealdropError('identity-not-found', `The keystore file of "${metadata.name}" is missing: ${file}`, { name: metadata.name, path: file });
      }
      throw toSealdropError(error, `reading ${file}`);
    }
    return decryptKeystore(json, await requirePassphrase('unlock', metadata.name, metadata.address));
  }

  return {
    show,
    async exists(name) {
      return (await readMetadata(dataDir, checkKeyName(name))) !== null;
    },
    create: (name, storeOptions = {}) => storeAndWipe(name, randomSecret(), storeOptions),
    import: async (name, source, storeOptions = {}) => storeAndWipe(name, await sourceSecret(checkKeyName(name), source), storeOptions),
    load,
    async exportBackup(name) {
      const key = await load(name);
      const backup = await requirePassphrase('backup', name, key.address);
      const secret = key.exportSecret();
      try {
        return await encryptKeystore(secret, backup, options.scrypt);
      } finally {
        secret.fill(0);
      }
    },
    async delete(name) {
      const metadata = await readMetadata(dataDir, checkKeyName(name));
      if (metadata === null) return false;
      if (metadata.storage === 'keychain') {
        if (keychain === null) throw new SealdropError('keychain-unavailable', `The key "${name}" is kept in the OS keychain, which is not available here.`, { name });
        await keychain.delete(KEYCHAIN_SERVICE, keychainAccount(name, metadata.address));
      }
      await removeFile(keystorePath(dataDir, name));
      await removeFile(metadataPath(dataDir, name));
      return true;
    },
  };
}

/** What the passphrase is for, in words, for the error when nobody can give one. */
function purposeText(purpose: PassphrasePurpose, name: string): string {
  switch (purpose) {
    case 'unlock':
      return `unlock the key "${name}" (it is kept in an encrypted keystore file)`;
    case 'protect':
      return `keep the key "${name}" in an encrypted keystore file (no OS keychain is used)`;
    case 'import':
      return 'decrypt the keystore being imported';
    case 'backup':
      return `encrypt the backup of "${name}"`;
  }
}

function notFound(name: string, dataDir: string): SealdropError {
  return new SealdropError('identity-not-found', `There is no key "${name}" in ${dataDir}.`, { name });
}

/** A fresh secret from the OS random source, in [1, n-1]. */
function randomSecret(): Uint8Array {
  return secretFromScalar(randomScalar());
}
