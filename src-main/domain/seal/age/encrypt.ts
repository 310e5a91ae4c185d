/** Seals a plaintext stream into an age v1 file. age spec (C2SP age), "Encrypted file format". */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { encodeArmor } from './armor.ts';
import type { ChunkPool } from './chunk-pool.ts';
import { generateFileKey } from './file-key.ts';
import { encodeHeader } from './header.ts';
import type { Recipient } from './recipient.ts';
import { SCRYPT_STANZA_TYPE } from './scrypt.ts';
import type { Stanza } from './stanza.ts';
import { encryptStream } from './stream.ts';
import { PAYLOAD_NONCE_BYTES } from './stream-chunks.ts';

/** Options for encryptAge. */
export interface EncryptAgeOptions {
  /** Wrap the output in ASCII armor. */
  armor?: boolean;
  /** Worker pool for large payloads (a temporary one is used when absent). */
  pool?: ChunkPool;
}

/** Wraps a fresh file key for every recipient, enforcing the scrypt-alone rule. */
async function wrapForAll(fileKey: Uint8Array, recipients: readonly Recipient[]): Promise<Stanza[]> {
  if (recipients.length === 0) throw new SealdropError('bad-argument', 'at least one recipient is needed');
  const stanzas = (await Promise.all(recipients.map((recipient) => recipient.wrap(fileKey)))).flat();
  // age spec, "scrypt recipient stanza": an scrypt stanza, if present, MUST be the only stanza.
  if (stanzas.length > 1 && stanzas.some((stanza) => stanza.type === SCRYPT_STANZA_TYPE)) {
    throw new SealdropError('bad-argument', 'a passphrase cannot be combined with other recipients');
  }
  return stanzas;
}

/** The binary age file: header and payload nonce in one buffer, then the STREAM chunks. */
async function* binaryAge(
  plaintext: AsyncIterable<Uint8Array>,
  recipients: readonly Recipient[],
  pool: ChunkPool | undefined,
): AsyncGenerator<Uint8Array> {
  // age spec, "File key": 16 fresh CSPRNG bytes per file; "Payload": a fresh 16-byte nonce per file.
  const fileKey = generateFileKey();
  const header = encodeHeader(await wrapForAll(fileKey, recipients), fileKey);
  const nonce = new Uint8Array(randomBytes(PAYLOAD_NONCE_BYTES));
  yield new Uint8Array(Buffer.concat([header, nonce]));
  yield* encryptStream(plaintext, fileKey, nonce, pool === undefined ? {} : { pool });
}

/**
 * Encrypts `plaintext` to `recipients`, yielding the header, then ciphertext in large buffers.
 * Throws 'bad-argument' for no recipients or a passphrase mixed with other recipients.
 */
export async function* encryptAge(
  plaintext: AsyncIterable<Uint8Array>,
  recipients: readonly Recipient[],
  options: EncryptAgeOptions = {},
): AsyncGenerator<Uint8Array> {
  const binary = binaryAge(plaintext, recipients, options.pool);
  yield* options.armor === true ? encodeArmor(binary) : binary;
}
