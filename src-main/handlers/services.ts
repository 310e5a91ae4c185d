// What the handlers share: the key vault of the user's identity, the settings, the index of sealed
// documents, the known networks, the local network, the node run from here, the long operations,
// and clients for a network. Built once per handler table from its dependencies.
import { SealdropError, isSealdropError } from '../../src-shared/errors.ts';
import type { IpcError } from '../../src-shared/ipc/contract.ts';
import { sealedDocuments, type SealedDocuments } from '../domain/documents/sealed-documents.ts';
import type { IdentityKey } from '../domain/identity/identity-key.ts';
import { IDENTITY_KEY_NAME } from '../domain/identity/key-files.ts';
import { createKeyVault, type KeyVault, type PassphrasePurpose } from '../domain/identity/key-vault.ts';
import { createSecretStoreClient, type ClientContext, type SecretStoreClient, type Signer } from '../domain/secretstore/client/secret-store-client.ts';
import type { NetworkProfile } from '../domain/secretstore/network/profile.ts';
import { toIpcError } from './error-result.ts';
import type { HandlerDeps } from './handler-types.ts';
import { localNetwork, type LocalNetwork } from './local-network.ts';
import { networkDirectory, type NetworkDirectory } from './network-directory.ts';
import { nodeRunner, type NodeRunner } from './node-runner.ts';
import { operations, type Operations } from './operations.ts';
import { settingsStore, type SettingsStore } from './settings-store.ts';

/** Passphrases a request carried, by what they are for. */
export type RequestPassphrases = Partial<Record<PassphrasePurpose, string>>;

/** Everything the handlers of one table share. */
export type Services = {
  readonly deps: HandlerDeps;
  readonly clock: () => number;
  /** The identity's vault; passphrases the request carried are used before asking `deps.passphrase`. */
  vault(passphrases?: RequestPassphrases): KeyVault;
  /** The user's identity, unlocked; 'identity-not-found' with the next step when there is none. */
  identity(): Promise<IdentityKey>;
  /** Keeps `key` unlocked for this session (a keystore identity), or forgets it (null). */
  keepUnlocked(key: IdentityKey | null): void;
  /** True when the identity `address` lives in a keystore and is not unlocked in this session. */
  isLocked(info: { address: string; storage: 'keychain' | 'keystore' }): boolean;
  /** The client context of `profile` acting as `signer` (or, for public reads, as nobody). */
  context(profile: NetworkProfile, signer: Signer | null, signal?: AbortSignal): ClientContext;
  /** A client of `profile` acting as `signer` (or, for public reads, as nobody). */
  client(profile: NetworkProfile, signer: Signer | null, signal?: AbortSignal): SecretStoreClient;
  toError(error: unknown, where: string): IpcError;
  readonly settings: SettingsStore;
  readonly documents: SealedDocuments;
  readonly networks: NetworkDirectory;
  readonly local: LocalNetwork;
  readonly node: NodeRunner;
  readonly operations: Operations;
  close(): Promise<void>;
};

/** A signer for requests that need none (status, key metadata): using it is a bug. */
const NOBODY: Signer = {
  publicKey: new Uint8Array(64),
  signDocumentId: () => {
    throw new SealdropError('internal', 'This request was not meant to be signed.');
  },
  signDigest: () => {
    throw new SealdropError('internal', 'This request was not meant to be signed.');
  },
  decryptEcies: () => {
    throw new SealdropError('internal', 'This request was not meant to decrypt anything.');
  },
};

/** Builds the shared services of a handler table. */
export function createServices(deps: HandlerDeps): Services {
  const clock = deps.clock ?? Date.now;
  const settings = settingsStore(deps.dataDir);
  const toError = (error: unknown, where: string): IpcError => toIpcError(error, deps.logger, where);
  const vault = (passphrases: RequestPassphrases = {}): KeyVault =>
    createKeyVault({
      dataDir: deps.dataDir,
      keychain: deps.keychain,
      passphrase: async (request) => passphrases[request.purpose] ?? deps.passphrase(request),
      clock: () => new Date(clock()),
      scrypt: deps.scrypt,
    });
  const local = localNetwork({
    dataDir: deps.dataDir,
    keychain: deps.keychain,
    passphrase: deps.passphrase,
    spawnNode: deps.spawnNode,
    nodes: deps.localNetwork?.nodes ?? 3,
    threshold: deps.localNetwork?.threshold ?? 1,
    scrypt: deps.scrypt,
  });
  const node = nodeRunner({ dataDir: deps.dataDir, keychain: deps.keychain, passphrase: deps.passphrase, spawnNode: deps.spawnNode, clock, scrypt: deps.scrypt, requestTimeoutMs: deps.requestTimeoutMs });
  const contextOf = (profile: NetworkProfile, signer: Signer | null, signal?: AbortSignal): ClientContext => ({
    profile,
    signer: signer ?? NOBODY,
    ...(signal === undefined ? {} : { signal }),
    ...(deps.requestTimeoutMs === undefined ? {} : { timeoutMs: deps.requestTimeoutMs }),
  });
  // A keystore identity unlocked in this session (the key object keeps its secret in a closure).
  let unlocked: IdentityKey | null = null;
  const running = operations((error) => toError(error, 'operation'));
  return {
    deps,
    clock,
    vault,
    async identity() {
      const v = vault();
      if (unlocked !== null && (await v.exists(IDENTITY_KEY_NAME)) && (await v.show(IDENTITY_KEY_NAME)).address === unlocked.address) return unlocked;
      try {
        return await v.load(IDENTITY_KEY_NAME);
      } catch (error) {
        if (isSealdropError(error, 'identity-not-found')) {
          throw new SealdropError('identity-not-found', 'You have no identity yet: create one (or import a backup) first.', { ...error.details });
        }
        if (isSealdropError(error, 'bad-argument') && error.details.purpose === 'unlock') {
          // The window shows its unlock dialog on this: code and details say what is missing.
          throw new SealdropError('bad-argument', 'Your identity is kept in an encrypted keystore file: unlock it with its passphrase first.', { purpose: 'unlock', locked: true });
        }
        throw error;
      }
    },
    keepUnlocked(key) {
      unlocked = key;
    },
    isLocked: (info) => info.storage === 'keystore' && unlocked?.address !== info.address,
    context: (profile, signer, signal) => contextOf(profile, signer, signal),
    client: (profile, signer, signal) => createSecretStoreClient(contextOf(profile, signer, signal)),
    toError,
    settings,
    documents: sealedDocuments(deps.dataDir),
    networks: networkDirectory(deps.dataDir, settings),
    local,
    node,
    operations: running,
    async close() {
      await running.closeAll();
      await Promise.all([local.stop(), node.stop()]);
    },
  };
}
