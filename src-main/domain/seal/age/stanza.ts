/**
 * Recipient stanzas: the generic "-> type arg...\n" + wrapped base64 body blocks of the age header.
 * The parser knows nothing about recipient types, so new stanza kinds plug in without changes here.
 */
import { SealdropError } from '../../../../src-shared/errors.ts';
import { decodeBase64NoPad, encodeBase64NoPad } from './base64.ts';

/** One recipient stanza: its type (first argument), the remaining arguments and the raw body bytes. */
export interface Stanza {
  readonly type: string;
  readonly args: readonly string[];
  readonly body: Uint8Array;
}

/** age spec (C2SP age), "Recipient stanza": body lines are wrapped at 64 columns. */
export const STANZA_BODY_COLUMNS = 64;

const STANZA_PREFIX = '-> ';
// age spec ABNF: argument = 1*VCHAR (0x21-0x7E).
const ARGUMENT = /^[\x21-\x7e]+$/;
const BODY_LINE = /^[A-Za-z0-9+/]*$/;

/** True when `value` is a valid stanza argument (non-empty, visible ASCII only). */
export function isValidArgument(value: string): boolean {
  return ARGUMENT.test(value);
}

/** Throws the standard "malformed header" error with a non-secret reason. */
export function headerInvalid(reason: string): SealdropError {
  return new SealdropError('header-invalid', `the file header is malformed (${reason})`, { reason });
}

/** Encodes one stanza exactly as the spec's ABNF: arg-line, full 64-column lines, a short final line. */
export function encodeStanza(stanza: Stanza): string {
  const argv = [stanza.type, ...stanza.args];
  for (const argument of argv) {
    if (!isValidArgument(argument)) throw new SealdropError('bad-argument', 'a stanza argument must be non-empty visible ASCII');
  }
  const body = encodeBase64NoPad(stanza.body);
  let text = `${STANZA_PREFIX}${argv.join(' ')}\n`;
  // age spec: "The body MUST end with a line shorter than 64 characters, which MAY be empty."
  for (let offset = 0; offset <= body.length; offset += STANZA_BODY_COLUMNS) {
    text += `${body.slice(offset, offset + STANZA_BODY_COLUMNS)}\n`;
  }
  return text;
}

/** True when a header line starts a stanza. */
export function isStanzaStart(line: string): boolean {
  return line.startsWith('->');
}

/**
 * Parses a stanza from its argument line and a source of following lines (LF already stripped).
 * Strict per the spec ABNF: `arg-line = "-> " argument *(SP argument) LF`, `*full-line final-line`.
 */
export async function parseStanza(argLine: string, nextLine: () => Promise<string>): Promise<Stanza> {
  if (!argLine.startsWith(STANZA_PREFIX)) throw headerInvalid('a stanza line must start with "-> "');
  const argv = argLine.slice(STANZA_PREFIX.length).split(' ');
  if (!argv.every(isValidArgument)) throw headerInvalid('a stanza argument is empty or has invalid characters');
  const [type, ...args] = argv as [string, ...string[]];
  let body = '';
  for (;;) {
    const line = await nextLine();
    if (line.length > STANZA_BODY_COLUMNS) throw headerInvalid('a stanza body line is longer than 64 columns');
    if (!BODY_LINE.test(line)) throw headerInvalid('a stanza body line is not base64');
    body += line;
    // A line shorter than 64 columns (possibly empty) ends the body.
    if (line.length < STANZA_BODY_COLUMNS) break;
  }
  const bytes = decodeBase64NoPad(body);
  if (bytes === null) throw headerInvalid('a stanza body is not canonical base64');
  return { type, args, body: bytes };
}
