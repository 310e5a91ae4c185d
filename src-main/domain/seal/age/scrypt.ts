/**
 * The passphrase (scrypt) recipient type. age spec (C2SP age), "The scrypt recipient type".
 */
import { Buffer } from 'node:buffer';
import { randomBytes, scrypt } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { decodeBase64Exact, encodeBase64NoPad } from './base64.ts';
import { WRAPPED_FILE_KEY_BYTES, unwrapFileKey, wrapFileKey } from './file-key.ts';
import type { Identity, Recipient } from './recipient.ts';
import { headerInvalid } from './stanza.ts';
import type { Stanza } from './stanza.ts';

/** The stanza type (first argument) of scrypt stanzas. */
export const SCRYPT_STANZA_TYPE = 'scrypt';
/** Work factor used when sealing: N = 2^18 (about 256 MiB and a second of work). */
export const DEFAULT_SCRYPT_LOG_N = 18;
/** Highest work factor accepted when opening (age spec: identities SHOULD apply an upper limit). */
export const MAX_SCRYPT_LOG_N = 22;

const SALT_LABEL = 'age-encryption.org/v1/scrypt';
const SALT_BYTES = 16;
const BLOCK_SIZE = 8;
// age spec: the work factor is "decimal ... only digits with no leading zeroes".
const DECIMAL = /^[1-9][0-9]*$/;
// 2^64 and above cannot be a work factor at all; that is a malformed stanza, not merely an expensive one.
const LARGEST_REPRESENTABLE_LOG_N = 63;

/** age spec: wrap key = scrypt(N = 2^logN, r = 8, p = 1, dkLen = 32, S = label || salt, P = passphrase). */
function deriveWrapKey(passphrase: string, salt: Uint8Array, logN: number): Promise<Uint8Array> {
  const N = 2 ** logN;
  const fullSalt = Buffer.concat([Buffer.from(SALT_LABEL, 'latin1'), salt]);
  // scrypt needs 128 * N * r bytes; maxmem must allow it or node refuses.
  const maxmem = 128 * N * BLOCK_SIZE + 1024 * 1024;
  return new Promise((resolve, reject) => {
    scrypt(Buffer.from(passphrase, 'utf8'), fullSalt, 32, { N, r: BLOCK_SIZE, p: 1, maxmem }, (error, key) => {
      if (error !== null) reject(new SealdropError('io-failed', 'the passphrase key derivation failed', {}, { cause: error }));
      else resolve(new Uint8Array(key));
    });
  });
}

/** Checks a passphrase is usable (non-empty). */
function checkPassphrase(passphrase: string): void {
  if (passphrase.length === 0) throw new SealdropError('bad-argument', 'the passphrase is empty');
}

/** Seals to a passphrase. The resulting scrypt stanza must be the only stanza of the file. */
export class ScryptRecipient implements Recipient {
  readonly #passphrase: string;
  readonly #logN: number;

  /** `logN` is the base-2 logarithm of the scrypt work factor (default 18). */
  constructor(passphrase: string, options: { logN?: number } = {}) {
    checkPassphrase(passphrase);
    const logN = options.logN ?? DEFAULT_SCRYPT_LOG_N;
    if (!Number.isInteger(logN) || logN < 1 || logN > MAX_SCRYPT_LOG_N) {
      throw new SealdropError('bad-argument', `the scrypt work factor must be between 1 and ${MAX_SCRYPT_LOG_N}`);
    }
    this.#passphrase = passphrase;
    this.#logN = logN;
  }

  /** age spec, "scrypt recipient stanza": a fresh 16-byte salt per stanza and file. */
  async wrap(fileKey: Uint8Array): Promise<Stanza[]> {
    const salt = new Uint8Array(randomBytes(SALT_BYTES));
    const wrapKey = await deriveWrapKey(this.#passphrase, salt, this.#logN);
    const body = wrapFileKey(wrapKey, fileKey);
    return [{ type: SCRYPT_STANZA_TYPE, args: [encodeBase64NoPad(salt), String(this.#logN)], body }];
  }
}

/** Opens a passphrase-sealed file. */
export class ScryptIdentity implements Identity {
  readonly #passphrase: string;
  readonly #maxLogN: number;

  /** `maxLogN` caps the work factor we are willing to compute (default 22). */
  constructor(passphrase: string, options: { maxLogN?: number } = {}) {
    checkPassphrase(passphrase);
    this.#passphrase = passphrase;
    this.#maxLogN = options.maxLogN ?? MAX_SCRYPT_LOG_N;
  }

  /** Returns the file key, or null when the passphrase does not open the (only) scrypt stanza. */
  async unwrap(stanzas: readonly Stanza[]): Promise<Uint8Array | null> {
    const stanza = stanzas.find((candidate) => candidate.type === SCRYPT_STANZA_TYPE);
    if (stanza === undefined) return null;
    // age spec: "The identity implementation MUST reject headers where an scrypt stanza is present
    // alongside any other stanza."
    if (stanzas.length !== 1) throw headerInvalid('an scrypt stanza must be the only stanza');
    const { salt, logN } = parseScryptArgs(stanza, this.#maxLogN);
    // age spec: check the body length before decrypting, to mitigate partitioning oracle attacks.
    if (stanza.body.length !== WRAPPED_FILE_KEY_BYTES) throw headerInvalid('an scrypt stanza body is not 32 bytes');
    return unwrapFileKey(await deriveWrapKey(this.#passphrase, salt, logN), stanza.body);
  }
}

/** Validates the scrypt stanza arguments (salt, work factor) per the spec's MUST-reject rules. */
function parseScryptArgs(stanza: Stanza, maxLogN: number): { salt: Uint8Array; logN: number } {
  if (stanza.args.length !== 2) throw headerInvalid('an scrypt stanza must have a salt and a work factor');
  const [saltText, logNText] = stanza.args as [string, string];
  const salt = decodeBase64Exact(saltText, SALT_BYTES);
  if (salt === null) throw headerInvalid('an scrypt salt is not 16 bytes of canonical base64');
  if (!DECIMAL.test(logNText)) throw headerInvalid('an scrypt work factor is not a plain decimal number');
  const logN = Number(logNText);
  if (logN > LARGEST_REPRESENTABLE_LOG_N) throw headerInvalid('an scrypt work factor is out of range');
  if (logN > maxLogN) {
    throw new SealdropError('work-factor-too-high', `this file asks for a passphrase work factor of 2^${logN}; at most 2^${maxLogN} is accepted`, {
      logN,
      maxLogN,
    });
  }
  return { salt, logN };
}
