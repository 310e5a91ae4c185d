// Where the local devnet (the embedded default network) keeps its profile. A module of its own, free
// of the profile schema and curve code, so a plain age seal can look for the devnet without loading them.
import { join } from 'node:path';

/** Where the local devnet (the embedded default network) keeps its profile. */
export function defaultNetworkPath(dataDir: string): string {
  return join(dataDir, 'devnet', 'network.json');
}
