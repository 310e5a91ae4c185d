// The identity channels: show, create, back up and import the user's key. Secrets come in (a pasted
// key, a mnemonic, a keystore and its passphrase) and are handed to the vault; none goes out.
import { SealdropError } from '../../src-shared/errors.ts';
import type { ResponseOf } from '../../src-shared/ipc/contract.ts';
import { IDENTITY_KEY_NAME } from '../domain/identity/key-files.ts';
import type { KeyInfo, KeySource, StoredKey } from '../domain/identity/key-vault.ts';
import { encryptKeystore } from '../domain/identity/keystore-json.ts';
import { writePrivateFile } from '../domain/identity/private-file.ts';
import type { HandlerGroup } from './handler-types.ts';
import { requireAbsolute } from './paths.ts';
import type { Services } from './services.ts';

function infoOf(info: KeyInfo, locked: boolean): NonNullable<ResponseOf<'identity:get'>['identity']> {
  return { address: info.address, publicKey: info.publicKey.toLowerCase(), storage: info.storage, createdAt: info.createdAt, locked };
}

/** A key just stored is unlocked for this session (it was made or imported here, with its passphrase). */
function storedOf(services: Services, stored: StoredKey): ResponseOf<'identity:create'> {
  services.keepUnlocked(stored.info.storage === 'keystore' ? stored.key : null);
  return { ...infoOf(stored.info, false), keychainUnavailable: stored.keychainUnavailable };
}

/** Refuses to replace an identity unless asked to: losing a key loses every document sealed to it. */
async function refuseToReplace(services: Services, replace: boolean | undefined): Promise<void> {
  const vault = services.vault();
  if (replace === true || !(await vault.exists(IDENTITY_KEY_NAME))) return;
  const info = await vault.show(IDENTITY_KEY_NAME);
  throw new SealdropError('target-exists', `You already have an identity (${info.address}); back it up before replacing it.`, { address: info.address });
}

/** Handlers of identity:get, identity:create, identity:export-backup and identity:import. */
export function identityHandlers(
  services: Services,
): HandlerGroup<'identity:get' | 'identity:unlock' | 'identity:lock' | 'identity:create' | 'identity:export-backup' | 'identity:import'> {
  return {
    async 'identity:get'() {
      const vault = services.vault();
      if (!(await vault.exists(IDENTITY_KEY_NAME))) return { identity: null };
      const info = await vault.show(IDENTITY_KEY_NAME);
      return { identity: infoOf(info, services.isLocked(info)) };
    },
    async 'identity:unlock'(request) {
      const vault = services.vault({ unlock: request.passphrase });
      if (!(await vault.exists(IDENTITY_KEY_NAME))) throw new SealdropError('identity-not-found', 'There is no identity to unlock yet.');
      const info = await vault.show(IDENTITY_KEY_NAME);
      const key = await vault.load(IDENTITY_KEY_NAME);
      if (info.storage === 'keystore') services.keepUnlocked(key);
      return infoOf(info, false);
    },
    async 'identity:lock'() {
      services.keepUnlocked(null);
      const vault = services.vault();
      if (!(await vault.exists(IDENTITY_KEY_NAME))) return { locked: false };
      return { locked: services.isLocked(await vault.show(IDENTITY_KEY_NAME)) };
    },
    async 'identity:create'(request) {
      await refuseToReplace(services, request.replace);
      const vault = services.vault(request.passphrase === undefined ? {} : { protect: request.passphrase });
      return storedOf(services, await vault.create(IDENTITY_KEY_NAME, { force: request.replace === true, storage: request.storage ?? 'auto' }));
    },
    async 'identity:export-backup'(request) {
      if (request.output !== undefined) requireAbsolute(request.output, 'output');
      const vault = services.vault();
      if (!(await vault.exists(IDENTITY_KEY_NAME))) throw new SealdropError('identity-not-found', 'There is no identity to back up yet.');
      const info = await vault.show(IDENTITY_KEY_NAME);
      // The key as this session holds it (a keystore identity must be unlocked), under the new passphrase.
      const secret = (await services.identity()).exportSecret();
      let backup: string;
      try {
        backup = await encryptKeystore(secret, request.passphrase, services.deps.scrypt);
      } finally {
        secret.fill(0);
      }
      if (request.output === undefined) return { address: info.address, file: null, backup };
      await writePrivateFile(request.output, `${backup}\n`, { overwrite: false });
      return { address: info.address, file: request.output, backup: null };
    },
    async 'identity:import'(request) {
      await refuseToReplace(services, request.replace);
      const { source } = request;
      const keySource: KeySource =
        source.kind === 'private-key'
          ? { kind: 'private-key', text: source.text }
          : source.kind === 'mnemonic'
            ? { kind: 'mnemonic', phrase: source.phrase, ...(source.path === undefined ? {} : { path: source.path }) }
            : { kind: 'keystore', json: source.json };
      const passphrases = { ...(source.kind === 'keystore' ? { import: source.passphrase } : {}), ...(request.passphrase === undefined ? {} : { protect: request.passphrase }) };
      const stored = await services.vault(passphrases).import(IDENTITY_KEY_NAME, keySource, { force: request.replace === true, storage: request.storage ?? 'auto' });
      return storedOf(services, stored);
    },
  };
}
