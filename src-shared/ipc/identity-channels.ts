// Channels about the user's identity (their secp256k1 key, kept in the OS keychain): show it, make
// one, back it up, bring one in. Secrets typed or pasted by the user travel main-ward only; no
// channel ever answers with a secret key.
import { z } from 'zod';
import { MAX_JSON_TEXT_LENGTH, address, empty, passphrase, pathString, publicKeyHex, text } from './primitives.ts';

/** The public facts about the identity. */
export const identityInfo = z.strictObject({
  address,
  publicKey: publicKeyHex,
  /** Where the secret is kept: the OS keychain, or an encrypted keystore file. */
  storage: z.enum(['keychain', 'keystore']),
  createdAt: z.string().max(40),
  /** A keystore identity must be unlocked (`identity:unlock`) before sealing, opening or changing access. */
  locked: z.boolean(),
});

const stored = identityInfo.extend({
  /** Why the keychain was not used although it was asked for (it was unreachable); null otherwise. */
  keychainUnavailable: text.nullable(),
});

const storeOptions = {
  /** 'keystore' keeps the key in an encrypted file even where a keychain exists. */
  storage: z.enum(['auto', 'keystore']).optional(),
  /** Replace an existing identity (its secret is removed); the UI asks for a backup first. */
  replace: z.boolean().optional(),
  /** The keystore file's new passphrase, needed only when the key goes to a keystore file. */
  passphrase: passphrase.optional(),
};

/** Channels identity:get|unlock|lock|create|export-backup|import. */
export const IDENTITY_CHANNELS = {
  'identity:get': { request: empty, response: z.strictObject({ identity: identityInfo.nullable() }) },
  /**
   * Unlocks an identity kept in a keystore file (no OS keychain) for this session: the key stays in
   * the main process until `identity:lock` or quit. An identity in the keychain needs no unlocking.
   */
  'identity:unlock': { request: z.strictObject({ passphrase: z.string().max(1024) }), response: identityInfo },
  'identity:lock': { request: empty, response: z.strictObject({ locked: z.boolean() }) },
  'identity:create': { request: z.strictObject(storeOptions), response: stored },
  /**
   * An encrypted backup (Ethereum JSON keystore) under a new passphrase: written to `output` (never
   * overwriting), or returned as text when no output is given (a browser downloads it).
   */
  'identity:export-backup': {
    request: z.strictObject({ passphrase, output: pathString.optional() }),
    response: z.strictObject({ address, file: pathString.nullable(), backup: z.string().max(MAX_JSON_TEXT_LENGTH).nullable() }),
  },
  'identity:import': {
    request: z.strictObject({
      source: z.discriminatedUnion('kind', [
        z.strictObject({ kind: z.literal('private-key'), text: z.string().min(1).max(200) }),
        z.strictObject({ kind: z.literal('mnemonic'), phrase: z.string().min(1).max(1000), path: z.string().max(100).optional() }),
        z.strictObject({ kind: z.literal('keystore'), json: z.string().min(1).max(MAX_JSON_TEXT_LENGTH), passphrase: z.string().max(1024) }),
      ]),
      ...storeOptions,
    }),
    response: stored,
  },
} as const;
