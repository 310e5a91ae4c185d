/**
 * The optional ASCII armor: strict PEM (RFC 7468 §3, Figure 3) with label "AGE ENCRYPTED FILE", padded
 * base64 in 64-column lines. age spec (C2SP age), "ASCII armor": reject non-canonical encodings except
 * for whitespace before and after the PEM block; LF and CRLF line endings are both accepted.
 */
import { Buffer } from 'node:buffer';
import { SealdropError } from '../../../../src-shared/errors.ts';

const BEGIN_LINE = '-----BEGIN AGE ENCRYPTED FILE-----';
const END_LINE = '-----END AGE ENCRYPTED FILE-----';
const COLUMNS = 64;
const BYTES_PER_LINE = 48;
const LINE_CHARS = /^[A-Za-z0-9+/]*={0,2}$/;
const WHITESPACE = /^[ \t\r\n]*$/;
const LEADING_WHITESPACE = /^[ \t\r\n]*/;
// Decode full lines in batches of this many characters (a multiple of 4, so batches decode independently).
const DECODE_BATCH_CHARS = COLUMNS * 1024;

/** How many leading bytes `looksArmored` needs to decide. */
export const ARMOR_SNIFF_BYTES = 1024;

/** Why armor was rejected, as an error that never quotes the input. */
function armorInvalid(reason: string): SealdropError {
  return new SealdropError('armor-invalid', `the ASCII armor around this file is malformed (${reason})`, { reason });
}

/**
 * True when the first bytes look like PEM armor rather than a binary age file: after optional whitespace
 * they start with dashes, or an armor begin marker shows up (garbage before the block is then reported
 * as bad armor rather than as "not an age file").
 */
export function looksArmored(prefix: Uint8Array): boolean {
  const text = Buffer.from(prefix.buffer, prefix.byteOffset, prefix.byteLength).toString('latin1');
  return text.replace(LEADING_WHITESPACE, '').startsWith('-----') || text.includes('-----BEGIN');
}

/** Strips one CR before the LF, as CRLF line endings are allowed. */
function withoutCr(line: string): string {
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** Decodes an armored age file back to the binary file, streaming. Throws 'armor-invalid'. */
export async function* decodeArmor(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let text = '';
  // Widened on purpose: the loop below moves through all three states.
  let state = 'leading' as 'leading' | 'body' | 'trailing';
  let sawLastLine = false;
  let batch: string[] = [];
  let batchChars = 0;
  const flush = (): Uint8Array | null => {
    if (batchChars === 0) return null;
    const bytes = new Uint8Array(Buffer.from(batch.join(''), 'base64'));
    batch = [];
    batchChars = 0;
    return bytes;
  };
  // Handles one complete body line; returns true when it was the END line.
  const bodyLine = (line: string): boolean => {
    if (line === END_LINE) return true;
    if (sawLastLine) throw armorInvalid('data after the final base64 line');
    if (line.length === 0 || line.length > COLUMNS) throw armorInvalid('a line has the wrong length');
    if (!LINE_CHARS.test(line)) throw armorInvalid('a line is not base64');
    if (line.length === COLUMNS && !line.endsWith('=')) {
      batch.push(line);
      batchChars += line.length;
      return false;
    }
    // A short or padded line must be the last one, and canonical (RFC 4648 §3.5).
    sawLastLine = true;
    if (Buffer.from(line, 'base64').toString('base64') !== line) throw armorInvalid('non-canonical base64');
    batch.push(line);
    batchChars += line.length;
    return false;
  };
  for await (const chunk of source) {
    text += Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('latin1');
    if (state === 'leading') {
      text = text.replace(LEADING_WHITESPACE, '');
      if (text === '') continue;
    }
    if (state === 'trailing') {
      if (!WHITESPACE.test(text)) throw armorInvalid('data after the end line');
      text = '';
      continue;
    }
    let start = 0;
    for (let newline = text.indexOf('\n'); newline >= 0; newline = text.indexOf('\n', start)) {
      const line = withoutCr(text.slice(start, newline));
      start = newline + 1;
      if (state === 'leading') {
        if (line !== BEGIN_LINE) throw armorInvalid('bad begin line');
        state = 'body';
      } else if (state === 'body') {
        if (bodyLine(line)) state = 'trailing';
      } else if (!WHITESPACE.test(line)) {
        throw armorInvalid('data after the end line');
      }
    }
    text = text.slice(start);
    if (state === 'trailing' && !WHITESPACE.test(text)) throw armorInvalid('data after the end line');
    if (text.length > COLUMNS + BEGIN_LINE.length) throw armorInvalid('a line is too long');
    if (batchChars >= DECODE_BATCH_CHARS) yield flush() as Uint8Array;
  }
  // The end line may lack its line ending at the very end of the file.
  if (state === 'body' && text !== '' && bodyLine(withoutCr(text))) state = 'trailing';
  if (state !== 'trailing') throw armorInvalid(state === 'leading' ? 'no begin line' : 'no end line');
  const rest = flush();
  if (rest !== null) yield rest;
}

/** Wraps a binary age file in ASCII armor, streaming (64-column lines, LF endings, final LF). */
export async function* encodeArmor(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  yield new Uint8Array(Buffer.from(`${BEGIN_LINE}\n`, 'latin1'));
  let carry: Uint8Array = new Uint8Array(0);
  for await (const chunk of source) {
    const data = carry.length === 0 ? chunk : Buffer.concat([carry, chunk]);
    const whole = data.length - (data.length % BYTES_PER_LINE);
    if (whole > 0) yield encodeLines(data.subarray(0, whole));
    carry = Uint8Array.from(data.subarray(whole));
  }
  const tail = carry.length > 0 ? `${Buffer.from(carry).toString('base64')}\n` : '';
  yield new Uint8Array(Buffer.from(`${tail}${END_LINE}\n`, 'latin1'));
}

/** Base64 of a multiple of 48 bytes, one 64-character line each. */
function encodeLines(bytes: Uint8Array): Uint8Array {
  const encoded = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  const lines: string[] = [];
  for (let offset = 0; offset < encoded.length; offset += COLUMNS) lines.push(encoded.slice(offset, offset + COLUMNS));
  lines.push('');
  return new Uint8Array(Buffer.from(lines.join('\n'), 'latin1'));
}
