/**
 * The X25519 recipient type: `age1…` recipients, `AGE-SECRET-KEY-1…` identities, key generation and
 * identity / recipients files. age spec (C2SP age), "The X25519 recipient type".
 */
import { bech32 } from '@scure/base';
import { createPrivateKey, createPublicKey, diffieHellman, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { decodeBase64Exact, encodeBase64NoPad } from './base64.ts';
import { WRAPPED_FILE_KEY_BYTES, hkdfSha256, unwrapFileKey, wrapFileKey } from './file-key.ts';
import type { Identity, Recipient } from './recipient.ts';
import { headerInvalid } from './stanza.ts';
import type { Stanza } from './stanza.ts';

/** The stanza type (first argument) of X25519 stanzas. */
export const X25519_STANZA_TYPE = 'X25519';
const RECIPIENT_HRP = 'age';
const IDENTITY_HRP = 'age-secret-key-';
const WRAP_INFO = 'age-encryption.org/v1/X25519';
const KEY_BYTES = 32;

/** Decodes Bech32 with the expected prefix and a 32-byte payload; null on any mismatch. */
function decodeBech32Key(text: string, hrp: string): Uint8Array | null {
  try {
    // age spec, "Conventions": Bech32 per BIP173 but without length limits (hence `false`).
    const decoded = bech32.decode(text as `${string}1${string}`, false);
    if (decoded.prefix !== hrp) return null;
    const bytes = bech32.fromWords(decoded.words);
    return bytes.length === KEY_BYTES ? bytes : null;
  } catch {
    // Why: any Bech32 error (checksum, mixed case, bad characters) means "not a key of this kind".
    return null;
  }
}

// X25519 runs on OpenSSL (constant time, and no pure-JS warm-up on every seal): raw keys are wrapped in
// their fixed DER envelopes, RFC 8410 §7 (PKCS #8, OID 1.3.101.110) and §4 (SubjectPublicKeyInfo).
const PKCS8_PREFIX = Buffer.from('302e020100300506032b656e04220420', 'hex');
const SPKI_PREFIX = Buffer.from('302a300506032b656e032100', 'hex');

function privateKeyObject(secretKey: Uint8Array): KeyObject {
  return createPrivateKey({ key: Buffer.concat([PKCS8_PREFIX, secretKey]), format: 'der', type: 'pkcs8' });
}

/** RFC 7748 §5: the public key X25519(k, 9), from OpenSSL. */
function publicKeyOf(secret: KeyObject): Uint8Array {
  const spki = createPublicKey(secret).export({ format: 'der', type: 'spki' });
  return new Uint8Array(spki.subarray(spki.length - KEY_BYTES));
}

/**
 * X25519(secret, publicKey), with a low-order input mapped to an all-zero result, which callers reject.
 * OpenSSL refuses to derive an all-zero secret (RFC 7748 §6.1's check), and throws.
 */
function sharedSecret(secret: KeyObject, publicKey: Uint8Array): Uint8Array {
  try {
    const peer = createPublicKey({ key: Buffer.concat([SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
    return new Uint8Array(diffieHellman({ privateKey: secret, publicKey: peer }));
  } catch {
    // Why: the spec's rule for a low-order share is "abort", which the caller does on all zeros.
    return new Uint8Array(KEY_BYTES);
  }
}

/** An `age1…` public key that files can be sealed to. */
export class X25519Recipient implements Recipient {
  readonly publicKey: Uint8Array;

  /** Wraps a raw 32-byte Curve25519 public key. */
  constructor(publicKey: Uint8Array) {
    if (publicKey.length !== KEY_BYTES) throw new SealdropError('bad-argument', 'an X25519 public key is 32 bytes');
    this.publicKey = Uint8Array.from(publicKey);
  }

  /** Parses an `age1…` recipient string. */
  static parse(text: string): X25519Recipient {
    const publicKey = decodeBech32Key(text.trim(), RECIPIENT_HRP);
    if (publicKey === null) throw new SealdropError('bad-argument', 'this is not a valid age1… recipient');
    return new X25519Recipient(publicKey);
  }

  /** The `age1…` encoding of this recipient. */
  toString(): string {
    return bech32.encode(RECIPIENT_HRP, bech32.toWords(this.publicKey), false);
  }

  /** age spec, "X25519 recipient stanza": a fresh ephemeral share per stanza and file. */
  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const ephemeralSecret = privateKeyObject(randomBytes(KEY_BYTES));
    const ephemeralShare = publicKeyOf(ephemeralSecret);
    const secret = sharedSecret(ephemeralSecret, this.publicKey);
    if (secret.every((byte) => byte === 0)) throw new SealdropError('bad-argument', 'this recipient is not a valid X25519 public key');
    // salt = ephemeral share || recipient; info = "age-encryption.org/v1/X25519"
    const salt = new Uint8Array([...ephemeralShare, ...this.publicKey]);
    const body = wrapFileKey(hkdfSha256(secret, salt, WRAP_INFO), fileKey);
    return [{ type: X25519_STANZA_TYPE, args: [encodeBase64NoPad(ephemeralShare)], body }];
  }
}

/** An `AGE-SECRET-KEY-1…` private key that opens files sealed to its recipient. */
export class X25519Identity implements Identity {
  readonly #secretKey: Uint8Array;
  readonly #secret: KeyObject;
  readonly #publicKey: Uint8Array;

  /** Wraps a raw 32-byte Curve25519 secret key. */
  constructor(secretKey: Uint8Array) {
    if (secretKey.length !== KEY_BYTES) throw new SealdropError('bad-argument', 'an X25519 secret key is 32 bytes');
    this.#secretKey = Uint8Array.from(secretKey);
    this.#secret = privateKeyObject(this.#secretKey);
    this.#publicKey = publicKeyOf(this.#secret);
  }

  /** age spec: identity = read(CSPRNG, 32). */
  static generate(): X25519Identity {
    return new X25519Identity(new Uint8Array(randomBytes(KEY_BYTES)));
  }

  /** Parses an `AGE-SECRET-KEY-1…` string (the message never repeats the input). */
  static parse(text: string): X25519Identity {
    const secretKey = decodeBech32Key(text.trim(), IDENTITY_HRP);
    if (secretKey === null) throw new SealdropError('bad-argument', 'this is not a valid AGE-SECRET-KEY-1… identity');
    return new X25519Identity(secretKey);
  }

  /** The matching public recipient. */
  get recipient(): X25519Recipient {
    return new X25519Recipient(this.#publicKey);
  }

  /** The secret `AGE-SECRET-KEY-1…` encoding; deliberately not toString so it never lands in a log. */
  exportSecret(): string {
    return bech32.encode(IDENTITY_HRP, bech32.toWords(this.#secretKey), false).toUpperCase();
  }

  /** age spec, "X25519 recipient stanza": ignore other types, reject malformed X25519 stanzas. */
  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    for (const stanza of stanzas) {
      if (stanza.type !== X25519_STANZA_TYPE) continue;
      if (stanza.args.length !== 1) throw headerInvalid('an X25519 stanza must have exactly one share');
      const share = decodeBase64Exact(stanza.args[0] as string, KEY_BYTES);
      if (share === null) throw headerInvalid('an X25519 share is not 32 bytes of canonical base64');
      // age spec: check the body length before decrypting, to mitigate partitioning oracle attacks.
      if (stanza.body.length !== WRAPPED_FILE_KEY_BYTES) throw headerInvalid('an X25519 stanza body is not 32 bytes');
      const secret = sharedSecret(this.#secret, share);
      // age spec: "If the shared secret is all 0x00 bytes, the identity implementation MUST abort."
      if (secret.every((byte) => byte === 0)) throw headerInvalid('an X25519 share is a low-order point');
      const salt = new Uint8Array([...share, ...this.#publicKey]);
      const fileKey = unwrapFileKey(hkdfSha256(secret, salt, WRAP_INFO), stanza.body);
      if (fileKey !== null) return fileKey;
    }
    return null;
  }
}

/** Non-empty, non-comment lines of a key file with their 1-based line numbers. */
function keyFileLines(text: string): { line: string; number: number }[] {
  return text
    .split('\n')
    .map((raw, index) => ({ line: raw.replace(/\r$/, '').trim(), number: index + 1 }))
    .filter(({ line }) => line !== '' && !line.startsWith('#'));
}

/** Parses an age identity file: one AGE-SECRET-KEY-1… per line, '#' comments and blank lines allowed. */
export function parseIdentityFile(text: string): X25519Identity[] {
  const identities = keyFileLines(text).map(({ line, number }) => {
    const secretKey = decodeBech32Key(line, IDENTITY_HRP);
    if (secretKey === null) throw new SealdropError('bad-argument', `line ${number} of the identity file is not an AGE-SECRET-KEY-1… identity`, { line: number });
    return new X25519Identity(secretKey);
  });
  if (identities.length === 0) throw new SealdropError('bad-argument', 'the identity file contains no identities');
  return identities;
}

/** Parses an age recipients file: one age1… per line, '#' comments and blank lines allowed. */
export function parseRecipientsFile(text: string): X25519Recipient[] {
  const recipients = keyFileLines(text).map(({ line, number }) => {
    const publicKey = decodeBech32Key(line, RECIPIENT_HRP);
    if (publicKey === null) throw new SealdropError('bad-argument', `line ${number} of the recipients file is not an age1… recipient`, { line: number });
    return new X25519Recipient(publicKey);
  });
  if (recipients.length === 0) throw new SealdropError('bad-argument', 'the recipients file contains no recipients');
  return recipients;
}
