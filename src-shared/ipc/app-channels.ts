// Channels about the app itself and its settings: what the first screen needs to know (version, is
// there an identity, do keys stay on this computer) and the user's defaults.
import { z } from 'zod';
import { address, count, empty, id32, pathString, threshold, url } from './primitives.ts';

/** The user's settings, as stored and as shown. */
export const settings = z.strictObject({
  /** The network sealing uses when none is chosen; null: the local network of this computer. */
  defaultNetwork: id32.nullable(),
  /** t for new documents; null: the network's own default. */
  defaultThreshold: threshold.nullable(),
  /** Chain access lists: the JSON-RPC endpoint used to deploy or inspect permissioning contracts. */
  chain: z.strictObject({
    rpcUrl: url.nullable(),
    /** Grants made from the app end after this many days; null: no end. */
    grantDays: z.number().int().min(1).max(36_500).nullable(),
  }),
  /** Keep a key server started from the app running in the tray when the window closes. */
  keepNodeRunning: z.boolean(),
});

/** Channels app:info, settings:get, settings:set. */
export const APP_CHANNELS = {
  /** What the app is and where it stands: the first call a window makes. */
  'app:info': {
    request: empty,
    response: z.strictObject({
      version: z.string().max(100),
      /** 'desktop' in Electron, 'browser' when served by `sealdrop ui`. */
      face: z.enum(['desktop', 'browser']),
      dataDir: pathString,
      /** The user's address, or null before an identity exists. */
      identity: address.nullable(),
      /** True while no network other than the local one is configured: keys stay on this computer. */
      keysStayOnThisComputer: z.boolean(),
      /** The local network has been set up in the data folder. */
      localNetworkConfigured: z.boolean(),
      /** The local network was started by this app and is running. */
      localNetworkRunning: z.boolean(),
      /** First start: no identity and no network yet; the UI offers to create both. */
      firstRun: z.boolean(),
      /** Other networks this computer knows. */
      knownNetworks: count,
    }),
  },
  'settings:get': { request: empty, response: settings },
  /** Changes some settings; answers with all of them. */
  'settings:set': {
    request: z.strictObject({
      defaultNetwork: id32.nullable().optional(),
      defaultThreshold: threshold.nullable().optional(),
      chain: z
        .strictObject({ rpcUrl: url.nullable().optional(), grantDays: z.number().int().min(1).max(36_500).nullable().optional() })
        .optional(),
      keepNodeRunning: z.boolean().optional(),
    }),
    response: settings,
  },
} as const;

/** A sentence the UI may show next to the settings (kept here so every face says the same). */
export const KEYS_STAY_LOCAL_TEXT = 'The local network runs on this computer: its keys stay on this computer.';
