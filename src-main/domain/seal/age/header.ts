/**
 * The age v1 header: version line, recipient stanzas, MAC line. age spec (C2SP age), "Header".
 */
import { Buffer } from 'node:buffer';
import { createHmac, hkdfSync, timingSafeEqual } from 'node:crypto';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { decodeBase64Exact, encodeBase64NoPad } from './base64.ts';
import type { ByteReader } from './byte-reader.ts';
import { encodeStanza, headerInvalid, isStanzaStart, parseStanza } from './stanza.ts';
import type { Stanza } from './stanza.ts';

/** A parsed header: stanzas, the MAC and the exact bytes the MAC covers. */
export interface AgeHeader {
  readonly stanzas: readonly Stanza[];
  /** The 32-byte header MAC from the "---" line. */
  readonly mac: Uint8Array;
  /** The header bytes up to and including "---" (what the MAC authenticates). */
  readonly macInput: Uint8Array;
  /** Length of the whole header including the MAC line and its LF. */
  readonly byteLength: number;
}

/** age spec, "Version line": every age file starts with this prefix. */
export const VERSION_PREFIX = 'age-encryption.org/';
/** age spec, "ABNF definition of file header": `v1-line = %s"age-encryption.org/v1" LF`. */
export const VERSION_LINE_V1 = 'age-encryption.org/v1';
const MAC_MARK = '---';
// Generous bounds so a hostile file cannot make us buffer without limit.
const MAX_LINE_BYTES = 64 * 1024;
const MAX_HEADER_BYTES = 1024 * 1024;
const MAX_VERSION_LINE_BYTES = 256;

/** Thrown for input that is not an age file at all (no version line). */
export function notAgeFile(): SealdropError {
  return new SealdropError('not-sealdrop', 'this is not a .sealdrop or age file');
}

/**
 * age spec, "Header MAC": HMAC-SHA-256 with key HKDF-SHA-256(ikm = file key, salt = empty,
 * info = "header") over the header up to and including "---".
 */
export function computeHeaderMac(fileKey: Uint8Array, macInput: Uint8Array): Uint8Array {
  const macKey = Buffer.from(hkdfSync('sha256', fileKey, new Uint8Array(0), 'header', 32));
  return new Uint8Array(createHmac('sha256', macKey).update(macInput).digest());
}

/** True when the header MAC matches `fileKey` (constant-time comparison). */
export function verifyHeaderMac(header: AgeHeader, fileKey: Uint8Array): boolean {
  const expected = computeHeaderMac(fileKey, header.macInput);
  return expected.length === header.mac.length && timingSafeEqual(expected, header.mac);
}

/** Encodes the header text up to and including "---" (the MAC input). */
export function encodeHeaderMacInput(stanzas: readonly Stanza[]): Uint8Array {
  if (stanzas.length === 0) throw new SealdropError('bad-argument', 'a header needs at least one recipient stanza');
  const text = `${VERSION_LINE_V1}\n${stanzas.map(encodeStanza).join('')}${MAC_MARK}`;
  return new Uint8Array(Buffer.from(text, 'latin1'));
}

/** Encodes a complete header (stanzas plus the MAC line keyed by `fileKey`). */
export function encodeHeader(stanzas: readonly Stanza[], fileKey: Uint8Array): Uint8Array {
  const macInput = encodeHeaderMacInput(stanzas);
  const macLine = Buffer.from(` ${encodeBase64NoPad(computeHeaderMac(fileKey, macInput))}\n`, 'latin1');
  return new Uint8Array(Buffer.concat([macInput, macLine]));
}

/** Re-encodes a parsed header byte for byte (header round trips; MAC kept as parsed). */
export function reencodeHeader(header: AgeHeader): Uint8Array {
  const macInput = encodeHeaderMacInput(header.stanzas);
  const macLine = Buffer.from(` ${encodeBase64NoPad(header.mac)}\n`, 'latin1');
  return new Uint8Array(Buffer.concat([macInput, macLine]));
}

/**
 * Reads and strictly parses an age v1 header from `reader`, leaving the reader at the payload.
 * Throws 'not-sealdrop' without a version line, 'header-invalid' for anything malformed.
 */
export async function readHeader(reader: ByteReader): Promise<AgeHeader> {
  const prefix = await reader.peek(VERSION_PREFIX.length);
  if (Buffer.from(prefix).toString('latin1') !== VERSION_PREFIX) throw notAgeFile();
  const start = reader.position;
  const lines: Uint8Array[] = [];
  const nextLine = async (maxBytes = MAX_LINE_BYTES): Promise<string> => {
    const line = await reader.readLine(maxBytes);
    if (line === null) throw headerInvalid('a header line is too long or the header ends early');
    lines.push(line);
    if (reader.position - start > MAX_HEADER_BYTES) throw headerInvalid('the header is too large');
    return Buffer.from(line).toString('latin1');
  };
  // age spec, "Version line": this document only specifies v1.
  if ((await nextLine(MAX_VERSION_LINE_BYTES)) !== VERSION_LINE_V1) throw headerInvalid('unsupported version');
  const stanzas: Stanza[] = [];
  for (;;) {
    const line = await nextLine();
    if (isStanzaStart(line)) {
      stanzas.push(await parseStanza(line, () => nextLine()));
      continue;
    }
    if (!line.startsWith(MAC_MARK)) throw headerInvalid('unexpected line');
    // age spec ABNF: header = v1-line 1*stanza end; end = "--- " 43base64char LF.
    if (stanzas.length === 0) throw headerInvalid('no recipient stanzas');
    if (!line.startsWith(`${MAC_MARK} `)) throw headerInvalid('malformed MAC line');
    const mac = decodeBase64Exact(line.slice(MAC_MARK.length + 1), 32);
    if (mac === null) throw headerInvalid('malformed MAC');
    const byteLength = reader.position - start;
    // The MAC covers everything up to "---": all earlier lines with their LFs, plus the mark itself.
    const macInputLength = byteLength - (line.length + 1) + MAC_MARK.length;
    const macInput = new Uint8Array(macInputLength);
    let offset = 0;
    for (const part of lines) {
      const take = Math.min(part.length, macInputLength - offset);
      macInput.set(part.subarray(0, take), offset);
      offset += take;
      if (offset < macInputLength) macInput[offset++] = 0x0a;
    }
    return { stanzas, mac, macInput, byteLength };
  }
}
