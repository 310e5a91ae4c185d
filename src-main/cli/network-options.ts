// What the network-aware commands (seal, open, grant, revoke, access) share: the data folder, the
// user's identity, which network profile to use, document targets given as a file or an id, and
// the narration of key-holder steps on the terminal.
import { access } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SealdropError, isSealdropError } from '../../src-shared/errors.ts';
import type { IdentityKey } from '../domain/identity/identity-key.ts';
import { sealdropFieldsOf, type SealdropStanzaFields } from '../domain/seal/age/sealdrop-stanza.ts';
import { decodeProfileLink, PROFILE_LINK_PREFIX } from '../domain/secretstore/network/profile-link.ts';
import { loadNetworkProfile, type NetworkProfile } from '../domain/secretstore/network/profile.ts';
import { defaultNetworkPath, findNetwork } from '../domain/secretstore/network/known-networks.ts';
import { UsageError } from './args.ts';
import { openVault } from './commands/identity.ts';
import { inspectFile } from './commands/inspect.ts';
import type { Console } from './terminal.ts';

export { NETWORK_OPTIONS, dataDirOf } from './args.ts';

/** The user's identity (their key for key servers); a clear next step when there is none. */
export async function loadUserIdentity(dataDirOption: string | undefined, console: Console): Promise<IdentityKey> {
  const { vault } = openVault(dataDirOption, console);
  try {
    return await vault.load('identity');
  } catch (error) {
    if (isSealdropError(error, 'identity-not-found')) {
      throw new SealdropError('identity-not-found', 'You have no identity yet: create one with "sealdrop identity new" (or import one).');
    }
    throw error;
  }
}

/** A profile from a file path or a sealdrop://network/… link. */
export async function profileFrom(value: string): Promise<NetworkProfile> {
  return value.startsWith(PROFILE_LINK_PREFIX) ? decodeProfileLink(value) : loadNetworkProfile(resolve(value));
}

/** --network, else the local devnet's profile; a clear error when neither exists. */
export async function chooseProfile(option: string | undefined, dataDir: string): Promise<NetworkProfile> {
  if (option !== undefined) return profileFrom(option);
  const fallback = defaultNetworkPath(dataDir);
  try {
    await access(fallback);
  } catch {
    throw new UsageError('no network to use: pass --network <profile file or link>, or start the local one with "sealdrop devnet"');
  }
  return loadNetworkProfile(fallback);
}

/** `0x` + 40 hex digits (EIP-55 mixed case checked by the caller's node anyway). */
export function parseAddressArgument(text: string): Uint8Array {
  if (!/^0x[0-9a-fA-F]{40}$/.test(text)) throw new UsageError(`"${text}" is not an address (0x followed by 40 hex digits)`);
  return Uint8Array.from(Buffer.from(text.slice(2), 'hex'));
}

/** A document named on the command line: a sealed file (its stanza says everything) or a 64-hex id. */
export type DocumentTarget = { documentId: Uint8Array; profile: NetworkProfile; stanza: SealdropStanzaFields | null };

/** Resolves `argument` to a document and its network. */
export async function documentTarget(argument: string, networkOption: string | undefined, dataDir: string): Promise<DocumentTarget> {
  const id = argument.replace(/^0x/, '');
  if (/^[0-9a-fA-F]{64}$/.test(id)) {
    return { documentId: Uint8Array.from(Buffer.from(id, 'hex')), profile: await chooseProfile(networkOption, dataDir), stanza: null };
  }
  const header = await inspectFile(resolve(argument));
  const stanza = sealdropFieldsOf(header.stanzas);
  if (stanza === null) throw new UsageError(`"${argument}" is not sealed to a key server network (it has no sealdrop stanza)`);
  const extra = networkOption === undefined || networkOption.startsWith(PROFILE_LINK_PREFIX) ? [] : [resolve(networkOption)];
  const profile = networkOption?.startsWith(PROFILE_LINK_PREFIX) ? decodeProfileLink(networkOption) : await findNetwork(dataDir, stanza.networkId, extra);
  return { documentId: stanza.documentId, profile, stanza };
}

/** Prints a key-holder step on the terminal (stderr), unless quiet or --json. */
export function narrator(console: Console, enabled: boolean): (line: string) => void {
  return (line) => {
    if (enabled) console.err.write(`${line}\n`);
  };
}
