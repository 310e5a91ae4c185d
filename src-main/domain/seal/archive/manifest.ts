/**
 * The Sealdrop manifest: a pax global extended header ('g') at the very start of the tar stream whose
 * records all live under the vendor prefix `SEALDROP.` (pax allows VENDOR.keyword keys).
 * Checked with GNU tar 1.34: `tar -tvf` and `tar -xf` accept such archives with exit status 0 and print no
 * warning (unknown keys in a global header are ignored silently); nothing is extracted for the header.
 */
import { Header } from 'tar';
import { SealdropError } from '../../../../src-shared/errors.ts';
import { BLOCK_SIZE, TYPEFLAG_PAX_GLOBAL, octalSizeOf, paddingFor, typeflagOf, looksLikeTar } from './tar-block.ts';

/** The vendor prefix of every manifest key inside the tar header. */
export const MANIFEST_PREFIX = 'SEALDROP.';

/** Keys Sealdrop itself writes; callers may add others (e.g. `sender`). */
export const RESERVED_MANIFEST_KEYS = ['entries', 'size', 'created'] as const;

/** Largest manifest we read back; a real one is a few hundred bytes. */
const MAX_MANIFEST_BYTES = 64 * 1024;

const KEY_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** Manifest keys as callers see them, without the `SEALDROP.` prefix. */
export type Manifest = Readonly<Record<string, string>>;

/** Encodes the manifest as a complete global header (header block by node-tar, records, padding). */
export async function encodeManifestHeader(manifest: Manifest, mtime: Date): Promise<Uint8Array> {
  const body = Buffer.from(encodeRecords(manifest), 'utf8');
  const header = new Header({ path: 'pax_global_header', type: 'GlobalExtendedHeader', mode: 0o644, uid: 0, gid: 0, size: body.length, mtime, uname: '', gname: '' });
  header.encode();
  return Buffer.concat([header.block as Buffer, body, Buffer.alloc(paddingFor(body.length))]);
}

/** Checks caller-given manifest keys: simple names, never one Sealdrop writes itself. */
export function checkManifestKeys(manifest: Manifest): void {
  for (const [key, value] of Object.entries(manifest)) {
    if (!KEY_PATTERN.test(key)) throw new SealdropError('bad-argument', `manifest key "${key}" must be 1-64 letters, digits, "_", "." or "-"`, { key });
    if ((RESERVED_MANIFEST_KEYS as readonly string[]).includes(key)) throw new SealdropError('bad-argument', `manifest key "${key}" is written by Sealdrop itself`, { key });
    if (value.includes('\0')) throw new SealdropError('bad-argument', `manifest value for "${key}" contains a NUL character`, { key });
  }
}

/**
 * Reads the manifest from the start of a tar stream, given at least its first `needed` bytes.
 * Returns `{ needed }` while more bytes are required, the manifest when the stream starts with a global
 * header, or null when it does not (a plain tar made by another tool).
 */
export function readManifest(head: Uint8Array): { readonly manifest: Manifest | null } | { readonly needed: number } {
  if (head.length < BLOCK_SIZE) return { needed: BLOCK_SIZE };
  const block = head.subarray(0, BLOCK_SIZE);
  if (!looksLikeTar(block) || typeflagOf(block) !== TYPEFLAG_PAX_GLOBAL) return { manifest: null };
  const size = octalSizeOf(block);
  if (size === null || size > MAX_MANIFEST_BYTES) throw new SealdropError('archive-invalid', 'the archive starts with an oversized or malformed global header');
  if (head.length < BLOCK_SIZE + size) return { needed: BLOCK_SIZE + size };
  return { manifest: decodeRecords(head.subarray(BLOCK_SIZE, BLOCK_SIZE + size)) };
}

/** pax records are "<length> <key>=<value>\n", where length counts the whole record including itself. */
function encodeRecords(manifest: Manifest): string {
  let text = '';
  for (const [key, value] of Object.entries(manifest)) {
    const rest = ` ${MANIFEST_PREFIX}${key}=${value}\n`;
    const restBytes = Buffer.byteLength(rest, 'utf8');
    const digits = String(restBytes).length;
    let length = restBytes + digits;
    // Counting the length's own digits can carry into one more digit (98 bytes + 2 digits = 100).
    if (String(length).length > digits) length += 1;
    text += `${length}${rest}`;
  }
  return text;
}

/** Decodes pax records strictly, keeping only keys under our prefix. */
function decodeRecords(body: Uint8Array): Manifest {
  const manifest: Record<string, string> = {};
  let offset = 0;
  while (offset < body.length) {
    // GNU tar pads the last block with NULs after the records.
    if (body[offset] === 0) break;
    const space = body.indexOf(0x20, offset);
    const length = space === -1 ? NaN : Number(Buffer.from(body.subarray(offset, space)).toString('latin1'));
    if (!Number.isSafeInteger(length) || length <= space - offset + 1 || offset + length > body.length || body[offset + length - 1] !== 0x0a) {
      throw new SealdropError('archive-invalid', 'the archive starts with a malformed global header');
    }
    const record = Buffer.from(body.subarray(space + 1, offset + length - 1)).toString('utf8');
    const equals = record.indexOf('=');
    if (equals <= 0) throw new SealdropError('archive-invalid', 'the archive starts with a malformed global header');
    const key = record.slice(0, equals);
    if (key.startsWith(MANIFEST_PREFIX)) manifest[key.slice(MANIFEST_PREFIX.length)] = record.slice(equals + 1);
    offset += length;
  }
  return manifest;
}
