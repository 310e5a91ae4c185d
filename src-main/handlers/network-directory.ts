// The networks the handlers work with: the profiles this computer knows (the local network's and
// the remembered ones), as the UI shows them, and which one a request means (by id, else the
// default network of the settings, else the local network).
import { access } from 'node:fs/promises';
import type { z } from 'zod';
import { SealdropError } from '../../src-shared/errors.ts';
import type { networkSummary } from '../../src-shared/ipc/primitives.ts';
import { defaultNetworkPath, findNetwork, knownNetworks } from '../domain/secretstore/network/known-networks.ts';
import { loadNetworkProfile, networkId, type NetworkProfile } from '../domain/secretstore/network/profile.ts';
import { bytesOf, hexOf } from './hex.ts';
import type { SettingsStore } from './settings-store.ts';

/** A network as the contract describes it. */
export type NetworkSummary = z.infer<typeof networkSummary>;

/** Known networks of one data folder. */
export type NetworkDirectory = {
  /** Every known network, each once, the local one first. */
  list(): Promise<NetworkSummary[]>;
  /** The profile of the local network, or null before it was set up. */
  localProfile(): Promise<NetworkProfile | null>;
  /** The known profile with this id (0x hex); 'profile-invalid' naming the id when unknown. */
  byId(id: string): Promise<NetworkProfile>;
  /** The default network: the settings' choice, else the local network; null when neither exists. */
  defaultProfile(): Promise<NetworkProfile | null>;
  /** `id` when given, else the default; a plain error when there is no network at all. */
  resolve(id: string | undefined): Promise<NetworkProfile>;
  /** The summary of a profile (local and default flags filled in). */
  summarize(profile: NetworkProfile): Promise<NetworkSummary>;
};

/** The directory of `dataDir`, with the default from `settings`. */
export function networkDirectory(dataDir: string, settings: SettingsStore): NetworkDirectory {
  async function localProfile(): Promise<NetworkProfile | null> {
    const path = defaultNetworkPath(dataDir);
    try {
      await access(path);
    } catch {
      // Not set up yet: the embedded default starts it on request.
      return null;
    }
    return loadNetworkProfile(path);
  }

  async function defaultProfile(): Promise<NetworkProfile | null> {
    const chosen = (await settings.get()).defaultNetwork;
    if (chosen !== null) return findNetwork(dataDir, bytesOf(chosen));
    return localProfile();
  }

  async function summarize(profile: NetworkProfile): Promise<NetworkSummary> {
    const id = hexOf(networkId(profile));
    const [local, chosen] = await Promise.all([localProfile(), defaultProfile().catch(() => null)]);
    const acl: NetworkSummary['acl'] =
      profile.acl.type === 'owner-signed'
        ? { type: 'owner-signed' }
        : { type: 'contract', rpcUrl: profile.acl.rpcUrl, address: hexOf(profile.acl.address), chainId: profile.acl.chainId };
    return {
      id,
      name: profile.name.slice(0, 1000),
      nodes: profile.nodes.length,
      threshold: profile.threshold,
      acl,
      local: local !== null && hexOf(networkId(local)) === id,
      isDefault: chosen !== null && hexOf(networkId(chosen)) === id,
    };
  }

  return {
    localProfile,
    defaultProfile,
    summarize,
    byId: (id) => findNetwork(dataDir, bytesOf(id)),
    async list() {
      const seen = new Set<string>();
      const summaries: NetworkSummary[] = [];
      for (const profile of await knownNetworks(dataDir)) {
        const id = hexOf(networkId(profile));
        if (seen.has(id)) continue;
        seen.add(id);
        summaries.push(await summarize(profile));
      }
      return summaries.sort((a, b) => Number(b.local) - Number(a.local));
    },
    async resolve(id) {
      if (id !== undefined) return findNetwork(dataDir, bytesOf(id));
      const profile = await defaultProfile();
      if (profile === null) {
        throw new SealdropError('bad-argument', 'No network is set up yet: start the local network on this computer, or add a network profile.', { reason: 'no-network' });
      }
      return profile;
    },
  };
}
