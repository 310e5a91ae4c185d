// The user's app settings in `<dataDir>/settings.json`: the default network and threshold, chain
// access-list options, whether a node keeps running in the tray. Validated with the contract's own
// schema on every read and write; written atomically.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { z } from 'zod';
import { SealdropError } from '../../src-shared/errors.ts';
import { settings as settingsSchema } from '../../src-shared/ipc/app-channels.ts';
import type { RequestOf } from '../../src-shared/ipc/contract.ts';
import { writePrivateFile } from '../domain/identity/private-file.ts';
import { toSealdropError } from '../domain/seal/fs-errors.ts';

/** The settings. */
export type Settings = z.infer<typeof settingsSchema>;

/** What a fresh installation starts with. */
export const DEFAULT_SETTINGS: Settings = { defaultNetwork: null, defaultThreshold: null, chain: { rpcUrl: null, grantDays: null }, keepNodeRunning: false };

/** Reads and changes the settings of one data folder. */
export type SettingsStore = {
  get(): Promise<Settings>;
  update(change: RequestOf<'settings:set'>): Promise<Settings>;
};

/** The settings file of `dataDir`. */
export function settingsStore(dataDir: string): SettingsStore {
  const file = join(dataDir, 'settings.json');
  let queue: Promise<unknown> = Promise.resolve();

  async function get(): Promise<Settings> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_SETTINGS;
      throw toSealdropError(error, `reading ${file}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new SealdropError('storage-tampered', `The settings file ${file} is not valid JSON.`, { path: file }, { cause });
    }
    const parsed = settingsSchema.safeParse(json);
    if (!parsed.success) throw new SealdropError('storage-tampered', `The settings file ${file} is malformed.`, { path: file });
    return parsed.data;
  }

  async function update(change: RequestOf<'settings:set'>): Promise<Settings> {
    const current = await get();
    const next: Settings = {
      defaultNetwork: change.defaultNetwork === undefined ? current.defaultNetwork : (change.defaultNetwork?.toLowerCase() ?? null),
      defaultThreshold: change.defaultThreshold === undefined ? current.defaultThreshold : change.defaultThreshold,
      chain: {
        rpcUrl: change.chain?.rpcUrl === undefined ? current.chain.rpcUrl : change.chain.rpcUrl,
        grantDays: change.chain?.grantDays === undefined ? current.chain.grantDays : change.chain.grantDays,
      },
      keepNodeRunning: change.keepNodeRunning ?? current.keepNodeRunning,
    };
    await writePrivateFile(file, `${JSON.stringify(settingsSchema.parse(next), null, 2)}\n`, { overwrite: true });
    return next;
  }

  return {
    get,
    update: (change) => {
      // One change after another, so two quick toggles both land.
      const next = queue.then(() => update(change));
      queue = next.catch(() => undefined);
      return next;
    },
  };
}
