/** Describes an age file without any key: its stanzas and sizes. */
import { readHeader } from './header.ts';
import { openAgeSource } from './source.ts';
import { ENCRYPTED_CHUNK_BYTES, PAYLOAD_NONCE_BYTES } from './stream-chunks.ts';

/** What can be learned from an age file without a key. */
export interface AgeInspection {
  /** Stanza types and arguments (bodies omitted). */
  readonly stanzas: { type: string; args: string[] }[];
  /** Size of the binary header, up to and including the MAC line. */
  readonly headerBytes: number;
  /** Whether the input was ASCII-armored. */
  readonly armored: boolean;
  /** Binary bytes after the header: the 16-byte nonce plus the encrypted chunks. */
  readonly payloadBytes: number;
  /** Number of STREAM chunks the payload holds (a partial last chunk counts). */
  readonly chunks: number;
}

/**
 * Parses the header and measures the payload; throws the same header errors as openAge. When the
 * caller knows the source's total size (a file's), a binary file is measured without reading past its
 * header; an armored one is read to the end, since its binary size is only known after decoding.
 */
export async function inspectAge(source: AsyncIterable<Uint8Array>, options: { totalBytes?: number } = {}): Promise<AgeInspection> {
  const { reader, armored } = await openAgeSource(source);
  const header = await readHeader(reader);
  let payloadBytes = 0;
  if (!armored && options.totalBytes !== undefined) payloadBytes = Math.max(0, options.totalBytes - header.byteLength);
  else for await (const chunk of reader.rest()) payloadBytes += chunk.length;
  const ciphertextBytes = Math.max(0, payloadBytes - PAYLOAD_NONCE_BYTES);
  return {
    stanzas: header.stanzas.map((stanza) => ({ type: stanza.type, args: [...stanza.args] })),
    headerBytes: header.byteLength,
    armored,
    payloadBytes,
    chunks: Math.ceil(ciphertextBytes / ENCRYPTED_CHUNK_BYTES),
  };
}
