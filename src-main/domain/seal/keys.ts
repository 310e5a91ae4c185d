/**
 * Keys for sealing and opening as the CLI and the app name them: recipients given as `age1…` strings
 * or files, identity files, passphrases, and new key pairs.
 */
import { readFile } from 'node:fs/promises';
import { SealdropError } from '../../../src-shared/errors.ts';
import type { Identity, Recipient } from './age/recipient.ts';
import { SCRYPT_STANZA_TYPE, ScryptIdentity, ScryptRecipient } from './age/scrypt.ts';
import { parseIdentityFile, parseRecipientsFile, X25519Identity, X25519Recipient } from './age/x25519.ts';
import { toSealdropError } from './fs-errors.ts';

/** A new key pair: the secret `AGE-SECRET-KEY-1…` and the `age1…` recipient to hand out. */
export interface KeyPair {
  readonly secretKey: string;
  readonly publicKey: string;
}

/** Makes a new X25519 key pair from fresh randomness. */
export function generateKeyPair(): KeyPair {
  const identity = X25519Identity.generate();
  return { secretKey: identity.exportSecret(), publicKey: identity.recipient.toString() };
}

/** The identity file text, in age-keygen's layout so either tool reads it. */
export function identityFileText(pair: KeyPair, created: Date): string {
  return `# created: ${created.toISOString().replace(/\.\d+Z$/, 'Z')}\n# public key: ${pair.publicKey}\n${pair.secretKey}\n`;
}

/** Each argument is an `age1…` recipient or the path of a recipients file (one per line). */
export async function recipientsFromArguments(values: readonly string[]): Promise<Recipient[]> {
  const recipients: Recipient[] = [];
  for (const value of values) {
    if (value.startsWith('age1')) {
      recipients.push(X25519Recipient.parse(value));
      continue;
    }
    const text = await readFile(value, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
        throw new SealdropError('bad-argument', `"${value}" is neither an age1… recipient nor a recipients file`);
      }
      throw toSealdropError(error, `reading the recipients file "${value}"`);
    });
    recipients.push(...parseRecipientsFile(text));
  }
  return recipients;
}

/** Reads identity files (AGE-SECRET-KEY-1… lines). */
export async function identitiesFromFiles(paths: readonly string[]): Promise<Identity[]> {
  const identities: Identity[] = [];
  for (const path of paths) {
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      throw toSealdropError(error, `reading the identity file "${path}"`);
    });
    identities.push(...parseIdentityFile(text));
  }
  return identities;
}

/** A passphrase as a recipient (sealing). */
export function passphraseRecipient(passphrase: string): Recipient {
  return new ScryptRecipient(passphrase);
}

/** A passphrase as an identity (opening). */
export function passphraseIdentity(passphrase: string): Identity {
  return new ScryptIdentity(passphrase);
}

/** True when the file is sealed with a passphrase (its header has an scrypt stanza). */
export function needsPassphrase(stanzas: readonly { readonly type: string }[]): boolean {
  return stanzas.some((stanza) => stanza.type === SCRYPT_STANZA_TYPE);
}
