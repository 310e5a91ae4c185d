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

/** Parses the header and measures the payload; throws the same header errors as openAge. */
export async function inspectAge(source: AsyncIterable<Uint8Array>): Promise<AgeInspection> {
  const { reader, armored } = await openAgeSource(source);
  const header = await readHeader(reader);
  let payloadBytes = 0;
  for await (const chunk of reader.rest()) payloadBytes += chunk.length;
  const ciphertextBytes = Math.max(0, payloadBytes - PAYLOAD_NONCE_BYTES);
  return {
    stanzas: header.stanzas.map((stanza) => ({ type: stanza.type, args: [...stanza.args] })),
    headerBytes: header.byteLength,
    armored,
    payloadBytes,
    chunks: Math.ceil(ciphertextBytes / ENCRYPTED_CHUNK_BYTES),
  };
}
