/** Opens an age v1 file (binary or armored): header, file key, MAC, then the authenticated plaintext. */
import { SealdropError } from '../../../../src-shared/errors.ts';
import type { ChunkPool } from './chunk-pool.ts';
import { FILE_KEY_BYTES } from './file-key.ts';
import { readHeader, verifyHeaderMac } from './header.ts';
import type { AgeHeader } from './header.ts';
import type { Identity } from './recipient.ts';
import { SCRYPT_STANZA_TYPE, ScryptIdentity } from './scrypt.ts';
import { openAgeSource } from './source.ts';
import { headerInvalid } from './stanza.ts';
import { decryptStream } from './stream.ts';
import { PAYLOAD_NONCE_BYTES } from './stream-chunks.ts';

/** Options for openAge. */
export interface OpenAgeOptions {
  /** Worker pool for large payloads (a temporary one is used when absent). */
  pool?: ChunkPool;
}

/** An opened file: its verified header and a stream of authenticated plaintext. */
export interface OpenedAge {
  readonly header: AgeHeader;
  /** Yields only authenticated plaintext; throws 'payload-tampered' / 'payload-truncated' / 'trailing-data'. */
  readonly plaintext: AsyncGenerator<Uint8Array>;
}

/** Asks each identity in turn for the file key. */
async function unwrapFileKey(header: AgeHeader, identities: readonly Identity[]): Promise<Uint8Array> {
  const hasScrypt = header.stanzas.some((stanza) => stanza.type === SCRYPT_STANZA_TYPE);
  // age spec, "scrypt recipient stanza": reject headers where an scrypt stanza is not alone, whichever
  // identity would otherwise have matched.
  if (hasScrypt && header.stanzas.length > 1) throw headerInvalid('an scrypt stanza must be the only stanza');
  for (const identity of identities) {
    const fileKey = await identity.unwrap(header.stanzas);
    if (fileKey === null) continue;
    if (fileKey.length !== FILE_KEY_BYTES) throw headerInvalid('an unwrapped file key is not 16 bytes');
    return fileKey;
  }
  if (hasScrypt && identities.some((identity) => identity instanceof ScryptIdentity)) {
    throw new SealdropError('wrong-passphrase', 'the passphrase does not open this file');
  }
  throw new SealdropError('no-matching-key', 'none of the given keys can open this file');
}

/**
 * Opens an age file. Throws 'not-sealdrop', 'armor-invalid', 'header-invalid', 'no-matching-key',
 * 'wrong-passphrase', 'work-factor-too-high' or 'header-tampered' before any plaintext exists.
 */
export async function openAge(
  source: AsyncIterable<Uint8Array>,
  identities: readonly Identity[],
  options: OpenAgeOptions = {},
): Promise<OpenedAge> {
  const { reader } = await openAgeSource(source);
  try {
    const header = await readHeader(reader);
    const fileKey = await unwrapFileKey(header, identities);
    // age spec, "Header MAC": only after the MAC verifies is anything in the header trusted.
    if (!verifyHeaderMac(header, fileKey)) {
      throw new SealdropError('header-tampered', 'the header of this file was changed after it was sealed');
    }
    const nonce = await reader.read(PAYLOAD_NONCE_BYTES);
    if (nonce.length < PAYLOAD_NONCE_BYTES) throw headerInvalid('the file ends before the payload nonce');
    const plaintext = decryptStream(reader.rest(), fileKey, nonce, options.pool === undefined ? {} : { pool: options.pool });
    return { header, plaintext };
  } catch (error) {
    await reader.close();
    throw error;
  }
}
