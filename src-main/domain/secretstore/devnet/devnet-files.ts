// The files of a local network ("devnet"): one folder holding the network profile, one folder per
// node with its configuration and database, and the nodes' keys in the key vault of that folder
// (secrets in the OS keychain, or in encrypted keystore files). Made once, reused on every start,
// so documents sealed to the devnet stay openable across restarts.
import { pathExists } from '../../seal/output-path.ts';
import { mkdir } from 'node:fs/promises';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { KeyVault } from '../../identity/key-vault.ts';
import { loadNetworkProfile, writeNetworkProfile, type AclBackend, type NetworkProfile } from '../network/profile.ts';
import { nodeConfigJson } from '../node/node-config.ts';
import { writePrivateFile } from '../../identity/private-file.ts';

/** What a devnet folder holds. */
export type DevnetLayout = { dir: string; profilePath: string; nodeConfigs: string[]; profile: NetworkProfile; created: boolean };

/** The devnet's node names: devnet-1 … devnet-n. */
export function devnetNodeName(index: number): string {
  return `devnet-${index + 1}`;
}

/** A free TCP port on `host` (asks the OS for one, then releases it). */
export async function freePort(host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Opens the devnet in `dir`, creating keys, configs and the profile on first use. */
export async function prepareDevnet(options: { dir: string; nodes: number; threshold: number; vault: KeyVault; host?: string; acl?: AclBackend }): Promise<DevnetLayout> {
  const { dir, nodes, threshold, vault } = options;
  const host = options.host ?? '127.0.0.1';
  const profilePath = join(dir, 'network.json');
  const nodeConfigs = Array.from({ length: nodes }, (_, i) => join(dir, devnetNodeName(i), 'node.json'));
  if (await pathExists(profilePath)) {
    const profile = await loadNetworkProfile(profilePath);
    if (profile.nodes.length !== nodes) {
      throw new SealdropError('profile-invalid', `The local network in ${dir} has ${profile.nodes.length} nodes, not ${nodes}; choose another --dir or remove it.`);
    }
    return { dir, profilePath, nodeConfigs, profile, created: false };
  }
  if (!Number.isSafeInteger(nodes) || nodes < 1 || nodes > 64) throw new SealdropError('bad-argument', 'A local network has 1 to 64 nodes.');
  if (!Number.isSafeInteger(threshold) || threshold < 0 || threshold >= nodes) {
    throw new SealdropError('threshold-invalid', `Threshold ${threshold} is impossible with ${nodes} nodes: t must be below n (t+1 key holders open a document).`);
  }
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const profileNodes: NetworkProfile['nodes'] = [];
  for (let i = 0; i < nodes; i++) {
    const name = devnetNodeName(i);
    const stored = await vault.create(`node-${name}`, { force: true });
    const httpPort = await freePort(host);
    const peerPort = await freePort(host);
    await mkdir(join(dir, name), { recursive: true, mode: 0o700 });
    await writePrivateFile(
      nodeConfigs[i] ?? '',
      nodeConfigJson({ name, dataDir: '.', keyDir: '..', network: '../network.json', http: { host, port: httpPort }, peer: { host, port: peerPort } }),
      { overwrite: true },
    );
    profileNodes.push({ publicKey: stored.key.publicKey, http: `http://${host}:${httpPort}`, peer: `/ip4/${host}/tcp/${peerPort}` });
  }
  const profile: NetworkProfile = { name: 'Local network on this computer', nodes: profileNodes, threshold, acl: options.acl ?? { type: 'owner-signed' } };
  await writeNetworkProfile(profilePath, profile);
  return { dir, profilePath, nodeConfigs, profile, created: true };
}
