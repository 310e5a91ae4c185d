/**
 * The few facts about a raw 512-byte tar header block that the payload sniffing and the manifest need
 * before any parser runs: its checksum, magic, typeflag and size. Header encoding and decoding are
 * node-tar's (pack.ts, tar-reader.ts).
 */

/** Size of one tar block (POSIX ustar). */
export const BLOCK_SIZE = 512;

const CHECKSUM_OFFSET = 148;
const CHECKSUM_LENGTH = 8;
const TYPEFLAG_OFFSET = 156;
const MAGIC_OFFSET = 257;
const SIZE_OFFSET = 124;
const SIZE_LENGTH = 12;
const SPACE = 0x20;

/** The ustar typeflag of a pax global extended header ('g'). */
export const TYPEFLAG_PAX_GLOBAL = 0x67;

/**
 * True when the first block of a payload is a tar header we would accept: a valid checksum and the
 * "ustar" magic (POSIX/pax or GNU). Lets the caller tell a Sealdrop archive from a single raw file
 * sealed by plain `age -e`. (Any raw file that happens to start with a valid tar header is read as tar:
 * the ambiguity is inherent to the format.)
 */
export function looksLikeTar(firstBlock: Uint8Array): boolean {
  if (firstBlock.length < BLOCK_SIZE) return false;
  const block = firstBlock.subarray(0, BLOCK_SIZE);
  // Pre-POSIX (v7) archives have no magic; nothing writes them any more, and a raw file is likelier.
  if (ascii(block, MAGIC_OFFSET, 5) !== 'ustar') return false;
  const stored = parseOctal(block, CHECKSUM_OFFSET, CHECKSUM_LENGTH);
  return stored !== null && stored === checksum(block);
}

/** The typeflag byte of a header block. */
export function typeflagOf(block: Uint8Array): number {
  return block[TYPEFLAG_OFFSET] ?? 0;
}

/** The octal size field of a header block, or null when it is not plain octal. */
export function octalSizeOf(block: Uint8Array): number | null {
  return parseOctal(block, SIZE_OFFSET, SIZE_LENGTH);
}

/** Number of padding bytes that follow `size` bytes of entry data up to the next block boundary. */
export function paddingFor(size: number): number {
  const rest = size % BLOCK_SIZE;
  return rest === 0 ? 0 : BLOCK_SIZE - rest;
}

/** Unsigned sum of the block with the checksum field read as spaces (POSIX ustar). */
function checksum(block: Uint8Array): number {
  let sum = 0;
  for (let index = 0; index < BLOCK_SIZE; index++) {
    const inField = index >= CHECKSUM_OFFSET && index < CHECKSUM_OFFSET + CHECKSUM_LENGTH;
    sum += inField ? SPACE : (block[index] ?? 0);
  }
  return sum;
}

/** Parses a NUL- or space-terminated octal field; null when empty or not octal. */
function parseOctal(block: Uint8Array, offset: number, length: number): number | null {
  const text = ascii(block, offset, length).replace(/[\0 ]+$/, '').replace(/^ +/, '');
  if (!/^[0-7]{1,12}$/.test(text)) return null;
  return Number.parseInt(text, 8);
}

function ascii(block: Uint8Array, offset: number, length: number): string {
  let text = '';
  for (let index = offset; index < offset + length; index++) text += String.fromCharCode(block[index] ?? 0);
  return text;
}
