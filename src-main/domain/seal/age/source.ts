/** Opens an age input for parsing: detects the optional ASCII armor and yields a reader over the binary file. */
import { ARMOR_SNIFF_BYTES, decodeArmor, looksArmored } from './armor.ts';
import { ByteReader } from './byte-reader.ts';

/** A reader positioned at the start of the binary age file, and whether armor was removed. */
export interface AgeSource {
  readonly reader: ByteReader;
  readonly armored: boolean;
}

/** Wraps `source`, transparently decoding ASCII armor when the first bytes look like it. */
export async function openAgeSource(source: AsyncIterable<Uint8Array>): Promise<AgeSource> {
  const raw = new ByteReader(source);
  const prefix = await raw.peek(ARMOR_SNIFF_BYTES);
  if (!looksArmored(prefix)) return { reader: raw, armored: false };
  return { reader: new ByteReader(decodeArmor(raw.rest())), armored: true };
}
