// The networks this computer has used, so a file sealed to a network opens without naming its
// profile again: every profile used for sealing (or added by the user) is kept under
// `<dataDir>/networks/<network id>.json`; the local devnet's profile is found in its own folder.
import { mkdir, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { SealdropError, isSealdropError } from '../../../../src-shared/errors.ts';
import { defaultNetworkPath } from './default-network-path.ts';
import { loadNetworkProfile, networkId, writeNetworkProfile, type NetworkProfile } from './profile.ts';

export { defaultNetworkPath };

function hexId(id: Uint8Array): string {
  return Buffer.from(id).toString('hex');
}

/** Keeps a copy of `profile` among the known networks (idempotent). */
export async function rememberNetwork(dataDir: string, profile: NetworkProfile): Promise<string> {
  const folder = join(dataDir, 'networks');
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const path = join(folder, `${hexId(networkId(profile))}.json`);
  await writeNetworkProfile(path, profile);
  return path;
}

async function tryLoad(path: string): Promise<NetworkProfile | null> {
  try {
    return await loadNetworkProfile(path);
  } catch (error) {
    // A missing file is simply not a known network; a malformed one is reported.
    if (isSealdropError(error) && error.code !== 'profile-invalid') return null;
    if (!isSealdropError(error)) return null;
    throw error;
  }
}

/** Every known profile: extra paths first, then the devnet's, then the remembered ones. */
export async function knownNetworks(dataDir: string, extraPaths: readonly string[] = []): Promise<NetworkProfile[]> {
  const paths = [...extraPaths, defaultNetworkPath(dataDir)];
  try {
    const names = await readdir(join(dataDir, 'networks'));
    paths.push(...names.filter((n) => /^[0-9a-f]{64}\.json$/.test(n)).map((n) => join(dataDir, 'networks', n)));
  } catch {
    // No remembered networks yet.
  }
  const profiles: NetworkProfile[] = [];
  for (const path of paths) {
    const profile = await tryLoad(path);
    if (profile !== null) profiles.push(profile);
  }
  return profiles;
}

/** The known profile whose network id is `id`, or a clear error saying how to add it. */
export async function findNetwork(dataDir: string, id: Uint8Array, extraPaths: readonly string[] = []): Promise<NetworkProfile> {
  for (const profile of await knownNetworks(dataDir, extraPaths)) {
    if (Buffer.compare(networkId(profile), id) === 0) return profile;
  }
  throw new SealdropError(
    'profile-invalid',
    `This document's key is held by a network this computer does not know (network 0x${hexId(id).slice(0, 12)}…). Ask the sender for its profile and pass it with --network <file or sealdrop://network/… link>.`,
    { network: `0x${hexId(id)}` },
  );
}
