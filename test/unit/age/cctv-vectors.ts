/** Loads the C2SP CCTV age test vectors (npm package `cctv-age`) into a typed form. */
import * as vectors from 'cctv-age';
import { Buffer } from 'node:buffer';
import { inflateSync } from 'node:zlib';

/** The outcomes a vector can expect (CCTV README, "Test file format"). */
export type Expectation = 'success' | 'no match' | 'HMAC failure' | 'header failure' | 'payload failure' | 'armor failure';

/** One parsed vector. */
export interface CctvVector {
  readonly name: string;
  readonly expect: Expectation;
  /** Hex SHA-256 of the plaintext that must be released (absent for failures before the payload). */
  readonly payload: string | undefined;
  readonly identities: readonly string[];
  readonly passphrases: readonly string[];
  readonly armored: boolean;
  readonly comment: string | undefined;
  /** The age file itself (decompressed). */
  readonly file: Uint8Array;
}

/** Parses "key: value" lines, a blank line, then the (possibly zlib-compressed) file. */
function parseVector(name: string, data: Uint8Array): CctvVector {
  const bytes = Buffer.from(data);
  const split = bytes.indexOf('\n\n');
  const fields = bytes
    .subarray(0, split)
    .toString('utf8')
    .split('\n')
    .map((line) => {
      const colon = line.indexOf(': ');
      return [line.slice(0, colon), line.slice(colon + 2)] as const;
    });
  const all = (key: string): string[] => fields.filter(([field]) => field === key).map(([, value]) => value);
  const one = (key: string): string | undefined => all(key)[0];
  const body = bytes.subarray(split + 2);
  return {
    name,
    expect: one('expect') as Expectation,
    payload: one('payload'),
    identities: all('identity'),
    passphrases: all('passphrase'),
    armored: one('armored') === 'yes',
    comment: one('comment'),
    file: new Uint8Array(one('compressed') === 'zlib' ? inflateSync(body) : body),
  };
}

/** Every CCTV vector, sorted by name. */
export const CCTV_VECTORS: readonly CctvVector[] = Object.entries(vectors as Record<string, Uint8Array>)
  .filter(([, value]) => value instanceof Uint8Array)
  .map(([name, value]) => parseVector(name, value))
  .sort((a, b) => a.name.localeCompare(b.name));
