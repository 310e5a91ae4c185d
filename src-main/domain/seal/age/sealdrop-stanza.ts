/**
 * The Sealdrop network stanza (DESIGN §2, docs/FORMAT.md §1.6): the age file key, wrapped under a key
 * derived from the secret store's document key M, with what a reader needs to ask the network for M.
 *
 *   -> sealdrop <documentId> <networkId> <threshold> <serverKey> <salt>
 *   <body>
 *
 * documentId, networkId, salt: 32 bytes; serverKey: 64 bytes X‖Y; all unpadded canonical base64, as
 * every age stanza argument (age spec, "Conventions"). threshold: plain decimal, no leading zeros.
 *
 *   wrap key = HKDF-SHA-256(ikm = M as 64-byte X‖Y, salt = salt, info = "sealdrop/v1/file-key")
 *   body     = ChaCha20-Poly1305(wrap key, nonce = 12 zero bytes, file key)       (16 + 16 bytes)
 *
 * The zero nonce is safe for the same reason as in age's X25519 and scrypt stanzas: each wrap key
 * encrypts exactly one message. M is a fresh random point per document and the salt is 32 fresh
 * random bytes per file, so no (key, nonce) pair ever repeats even if one M were reused (DESIGN §2:
 * "never a fixed nonce under a key that is reused across files").
 */
import { randomBytes } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { pointFromPublic } from '../../secretstore/math/encoding.ts';
import { decodeBase64Exact, encodeBase64NoPad } from './base64.ts';
import { FILE_KEY_BYTES, WRAPPED_FILE_KEY_BYTES, hkdfSha256, unwrapFileKey, wrapFileKey } from './file-key.ts';
import { SCRYPT_STANZA_TYPE } from './scrypt.ts';
import { headerInvalid } from './stanza.ts';
import type { Stanza } from './stanza.ts';

/** The stanza type (first argument) of Sealdrop network stanzas. */
export const SEALDROP_STANZA_TYPE = 'sealdrop';
/** HKDF info of the wrap key. */
export const SEALDROP_WRAP_INFO = 'sealdrop/v1/file-key';
/** Length of the per-file HKDF salt. */
export const SEALDROP_SALT_BYTES = 32;
/** Largest threshold a stanza may name (t + 1 of n key holders; far above any real network). */
export const MAX_STANZA_THRESHOLD = 999;

const ID_BYTES = 32;
const POINT_BYTES = 64;
// "A small decimal": 0-999, no sign, no leading zeros, so each threshold has exactly one spelling.
const THRESHOLD = /^(0|[1-9][0-9]{0,2})$/;

/** What a Sealdrop stanza names: where the document key lives and the salt of this file. */
export interface SealdropStanzaFields {
  /** 32-byte document id (the secret store's server key id). */
  readonly documentId: Uint8Array;
  /** 32-byte network id (servers-set hash of the key server network). */
  readonly networkId: Uint8Array;
  /** t: t + 1 key holders are needed to recover M. */
  readonly threshold: number;
  /** Y, 64-byte X‖Y: the server key M was ElGamal-encrypted to. */
  readonly serverKey: Uint8Array;
  /** 32 fresh bytes: the HKDF salt of this file's wrap key. */
  readonly salt: Uint8Array;
}

/** The inputs of a wrap: the document key M plus the public fields of the stanza. */
export interface NetworkWrap {
  /** M, 64-byte X‖Y. Secret: whoever has it opens the file. */
  readonly documentKey: Uint8Array;
  readonly documentId: Uint8Array;
  readonly networkId: Uint8Array;
  readonly threshold: number;
  readonly serverKey: Uint8Array;
}

function badArgument(message: string): SealdropError {
  return new SealdropError('bad-argument', message);
}

function checkWrap(fileKey: Uint8Array, wrap: NetworkWrap, salt: Uint8Array): void {
  if (fileKey.length !== FILE_KEY_BYTES) throw badArgument('an age file key is 16 bytes');
  if (wrap.documentId.length !== ID_BYTES) throw badArgument('a document id is 32 bytes');
  if (wrap.networkId.length !== ID_BYTES) throw badArgument('a network id is 32 bytes');
  if (!Number.isSafeInteger(wrap.threshold) || wrap.threshold < 0 || wrap.threshold > MAX_STANZA_THRESHOLD) {
    throw badArgument(`a threshold is an integer from 0 to ${MAX_STANZA_THRESHOLD}`);
  }
  if (salt.length !== SEALDROP_SALT_BYTES) throw badArgument('a Sealdrop stanza salt is 32 bytes');
  // Both must be curve points: a reader refuses a stanza whose server key is not one, and a
  // document key that is not a point cannot have come from the secret store.
  pointFromPublic(wrap.serverKey);
  pointFromPublic(wrap.documentKey);
}

function wrapKey(documentKey: Uint8Array, salt: Uint8Array): Uint8Array {
  return hkdfSha256(documentKey, salt, SEALDROP_WRAP_INFO);
}

/**
 * The deterministic core of `wrapFileKeyForNetwork`, for known-answer vectors only. Never call it
 * with a salt used before: the fresh salt is what makes the zero nonce safe.
 */
export function wrapFileKeyWithSalt(fileKey: Uint8Array, wrap: NetworkWrap, salt: Uint8Array): Stanza {
  checkWrap(fileKey, wrap, salt);
  const args = [wrap.documentId, wrap.networkId].map(encodeBase64NoPad);
  args.push(String(wrap.threshold), encodeBase64NoPad(wrap.serverKey), encodeBase64NoPad(salt));
  return { type: SEALDROP_STANZA_TYPE, args, body: wrapFileKey(wrapKey(wrap.documentKey, salt), fileKey) };
}

/** Wraps the 16-byte age file key for a key server network, under a fresh 32-byte salt. */
export function wrapFileKeyForNetwork(fileKey: Uint8Array, wrap: NetworkWrap): Stanza {
  return wrapFileKeyWithSalt(fileKey, wrap, new Uint8Array(randomBytes(SEALDROP_SALT_BYTES)));
}

function decodeArg(text: string, length: number, what: string): Uint8Array {
  const bytes = decodeBase64Exact(text, length);
  if (bytes === null) throw headerInvalid(`a Sealdrop ${what} is not ${length} bytes of canonical base64`);
  return Uint8Array.from(bytes);
}

/**
 * Reads the fields of a Sealdrop stanza, strictly: exactly five arguments of exact lengths, a plain
 * decimal threshold, a server key on the curve and a 32-byte body; anything else is 'header-invalid'.
 */
export function parseSealdropStanza(stanza: Stanza): SealdropStanzaFields {
  if (stanza.type !== SEALDROP_STANZA_TYPE) throw headerInvalid('not a Sealdrop stanza');
  if (stanza.args.length !== 5) throw headerInvalid('a Sealdrop stanza has exactly five arguments');
  const [documentIdText, networkIdText, thresholdText, serverKeyText, saltText] = stanza.args as [string, string, string, string, string];
  if (!THRESHOLD.test(thresholdText)) throw headerInvalid('a Sealdrop threshold is not a plain decimal number from 0 to 999');
  const serverKey = decodeArg(serverKeyText, POINT_BYTES, 'server key');
  try {
    pointFromPublic(serverKey);
  } catch {
    // Why: the network cannot hold a key that is not a point; the file was damaged or forged.
    throw headerInvalid('a Sealdrop server key is not a point on secp256k1');
  }
  // age spec: check the body length before any decryption, against partitioning oracle attacks.
  if (stanza.body.length !== WRAPPED_FILE_KEY_BYTES) throw headerInvalid('a Sealdrop stanza body is not 32 bytes');
  return {
    documentId: decodeArg(documentIdText, ID_BYTES, 'document id'),
    networkId: decodeArg(networkIdText, ID_BYTES, 'network id'),
    threshold: Number(thresholdText),
    serverKey,
    salt: decodeArg(saltText, SEALDROP_SALT_BYTES, 'salt'),
  };
}

/**
 * Unwraps the file key with document key M (64-byte X‖Y): 'no-matching-key' when M is not the one it
 * was wrapped with, 'key-invalid' when M is not a curve point, 'header-invalid' for a malformed stanza.
 */
export function unwrapFileKeyWithDocumentKey(stanza: Stanza, documentKey: Uint8Array): Uint8Array {
  const { salt } = parseSealdropStanza(stanza);
  pointFromPublic(documentKey);
  const fileKey = unwrapFileKey(wrapKey(documentKey, salt), stanza.body);
  if (fileKey === null) throw new SealdropError('no-matching-key', 'the document key from the key servers does not open this file');
  return fileKey;
}

/**
 * The file's Sealdrop stanza, or null when it has none. 'header-invalid' for two of them (DESIGN §2:
 * one per file) or one beside an scrypt stanza (age spec: an scrypt stanza must be alone).
 * X25519 and unknown stanzas may sit beside it.
 */
export function findSealdropStanza(stanzas: readonly Stanza[]): Stanza | null {
  const found = stanzas.filter((stanza) => stanza.type === SEALDROP_STANZA_TYPE);
  if (found.length === 0) return null;
  if (found.length > 1) throw headerInvalid('a file carries at most one Sealdrop stanza');
  if (stanzas.some((stanza) => stanza.type === SCRYPT_STANZA_TYPE)) throw headerInvalid('an scrypt stanza must be the only stanza');
  return found[0] ?? null;
}

/**
 * The Sealdrop stanza's fields from a header read without keys (inspect reports each stanza's type
 * and arguments only), or null when it has none. The body (the wrapped file key) is not needed to
 * name the document, so a placeholder of the right length lets the strict parser check the rest.
 */
export function sealdropFieldsOf(stanzas: readonly { type: string; args: readonly string[] }[]): SealdropStanzaFields | null {
  const found = findSealdropStanza(stanzas.map((stanza) => ({ type: stanza.type, args: stanza.args, body: new Uint8Array(WRAPPED_FILE_KEY_BYTES) })));
  return found === null ? null : parseSealdropStanza(found);
}
