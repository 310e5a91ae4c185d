// A key server node's configuration file (`sealdrop node run --config <file>`). Relative paths are
// resolved against the file's folder, so a devnet folder can be moved as a whole.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { SealdropError } from '../../../../src-shared/errors.ts';

const Listen = z.strictObject({
  host: z.string().regex(/^(\d{1,3}(\.\d{1,3}){3}|[0-9a-fA-F:]+|localhost)$/, 'an IP address to listen on'),
  port: z.number().int().min(0).max(65535),
});

const NodeConfigFile = z.strictObject({
  sealdropNode: z.literal(1),
  /** A name for the node, also naming its key in the keychain ("node-<name>"). */
  name: z.string().regex(/^[a-z0-9][a-z0-9-]{0,62}$/, 'lowercase letters, digits and dashes'),
  /** Where the node keeps its database (shares, ACL records, audit log). */
  dataDir: z.string().min(1),
  /** Where its key lives: the keychain/keystore folder of the key vault (default: dataDir). */
  keyDir: z.string().min(1).optional(),
  /** The network profile file. */
  network: z.string().min(1),
  http: Listen,
  peer: Listen,
  /** Session time limit for node-to-node requests (ms). */
  requestTimeoutMs: z.number().int().min(100).max(600_000).optional(),
  /** Test-only faults; honoured only when SEALDROP_TEST_FAULTS=1 is set. */
  faults: z.strictObject({ corruptDeals: z.boolean().optional(), wrongPartial: z.boolean().optional() }).optional(),
});

/** A parsed node configuration with absolute paths. */
export type NodeConfig = z.infer<typeof NodeConfigFile> & { keyDir: string; file: string };

/** Reads and checks a node configuration file. */
export async function loadNodeConfig(file: string): Promise<NodeConfig> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(file, 'utf8'));
  } catch (cause) {
    throw new SealdropError('profile-invalid', `The node configuration ${file} cannot be read as JSON.`, { file }, { cause });
  }
  const parsed = NodeConfigFile.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue === undefined ? '' : ` (${issue.path.join('.') || 'top level'}: ${issue.message})`;
    throw new SealdropError('profile-invalid', `The node configuration ${file} is not valid${where}.`, { file });
  }
  const base = dirname(resolve(file));
  const config = parsed.data;
  return {
    ...config,
    file: resolve(file),
    dataDir: resolve(base, config.dataDir),
    keyDir: resolve(base, config.keyDir ?? config.dataDir),
    network: resolve(base, config.network),
  };
}

/** The JSON of a node configuration, for `devnet` to write. */
export function nodeConfigJson(config: Omit<z.input<typeof NodeConfigFile>, 'sealdropNode'>): string {
  return `${JSON.stringify({ sealdropNode: 1, ...config }, null, 2)}\n`;
}
