// Opens the checked-in format vectors (made by scripts/make-format-vectors.ts) with the real open
// pipeline and checks them against docs/FORMAT.md: header layout, sizes, manifest, the extracted tree,
// and the error code each kind of damage produces.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { lstat, mkdtemp, readdir, readFile, readlink, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isSealdropError } from '../../../src-shared/errors.ts';
import type { Identity } from '../../../src-main/domain/seal/age/recipient.ts';
import { ScryptIdentity } from '../../../src-main/domain/seal/age/scrypt.ts';
import { X25519Identity } from '../../../src-main/domain/seal/age/x25519.ts';
import { openDocument } from '../../../src-main/domain/seal/open-document.ts';
import type { ExpectedEntry } from './vector-types.ts';

const vectorsDir = fileURLToPath(new URL('./vectors/', import.meta.url));


interface Vector {
  readonly file: string;
  readonly description: string;
  readonly key: { readonly identity: string } | { readonly passphrase: string; readonly logN: number };
  readonly stanzas: readonly string[];
  readonly armored: boolean;
  readonly kind: 'folder' | 'file';
  readonly tree: Readonly<Record<string, ExpectedEntry>>;
  readonly damage: readonly { readonly kind: string; readonly code: string }[];
  readonly manifest: Readonly<Record<string, string>>;
  readonly bytes: number;
  readonly sha256: string;
  readonly plaintextBytes: number;
}

interface VectorFile {
  readonly recipient: string;
  readonly otherIdentity: string;
  readonly otherPassphrase: string;
  readonly vectors: readonly Vector[];
}

const spec = JSON.parse(await readFile(path.join(vectorsDir, 'vectors.json'), 'utf8')) as VectorFile;

const CHUNK = 64 * 1024;
const TAG = 16;
const NONCE = 16;
const VERSION_LINE = 'age-encryption.org/v1\n';
const ARMOR_BEGIN = '-----BEGIN AGE ENCRYPTED FILE-----';
const ARMOR_END = '-----END AGE ENCRYPTED FILE-----';

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The binary age file inside an armored one (our own minimal decoder, independent of armor.ts). */
function dearmor(text: string): Buffer {
  const lines = text.trim().split('\n');
  assert.equal(lines[0], ARMOR_BEGIN);
  assert.equal(lines.at(-1), ARMOR_END);
  const body = lines.slice(1, -1);
  for (const line of body.slice(0, -1)) assert.equal(line.length, 64, 'armor body lines are 64 columns');
  return Buffer.from(body.join(''), 'base64');
}

/** Armors binary bytes exactly as docs/FORMAT.md describes (padded base64, 64 columns, LF). */
function armor(binary: Uint8Array): Buffer {
  const base64 = Buffer.from(binary).toString('base64');
  const lines = [ARMOR_BEGIN];
  for (let offset = 0; offset < base64.length; offset += 64) lines.push(base64.slice(offset, offset + 64));
  lines.push(ARMOR_END, '');
  return Buffer.from(lines.join('\n'), 'latin1');
}

/** Splits a binary age file into its header text and the payload after it (nonce + chunks). */
function splitHeader(binary: Buffer): { header: string; payload: Buffer; macLineStart: number } {
  const macLineStart = binary.indexOf('\n--- ') + 1;
  assert.ok(macLineStart > 0, 'a MAC line');
  const end = binary.indexOf('\n', macLineStart) + 1;
  return { header: binary.subarray(0, end).toString('latin1'), payload: binary.subarray(end), macLineStart };
}

function identitiesFor(vector: Vector): Identity[] {
  return 'identity' in vector.key ? [X25519Identity.parse(vector.key.identity)] : [new ScryptIdentity(vector.key.passphrase)];
}

async function binaryOf(vector: Vector): Promise<Buffer> {
  const raw = await readFile(path.join(vectorsDir, vector.file));
  return vector.armored ? dearmor(raw.toString('latin1')) : raw;
}

/** Describes what openDocument wrote at `output` in the shape of the vectors' `tree`. */
async function describe(output: string, kind: 'folder' | 'file'): Promise<Record<string, ExpectedEntry>> {
  const tree: Record<string, ExpectedEntry> = {};
  const entry = async (full: string): Promise<ExpectedEntry> => {
    const info = await lstat(full);
    const mtime = Math.floor(info.mtimeMs / 1000);
    if (info.isSymbolicLink()) return { type: 'symlink', mtime, target: await readlink(full) };
    if (info.isDirectory()) return { type: 'directory', mode: (info.mode & 0o777).toString(8), mtime };
    const content = await readFile(full);
    return { type: 'file', mode: (info.mode & 0o777).toString(8), mtime, size: content.length, sha256: sha256(content) };
  };
  if (kind === 'file') {
    // A plain age payload: mode and time are whatever the opener chose, not part of the format.
    const { type, size, sha256: hash } = await entry(output);
    return { '': { type, size, sha256: hash } };
  }
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const name of await readdir(dir)) {
      const rel = prefix === '' ? name : `${prefix}/${name}`;
      tree[rel] = await entry(path.join(dir, name));
      if (tree[rel]?.type === 'directory') await walk(path.join(dir, name), rel);
    }
  };
  await walk(output, '');
  return tree;
}

async function withTemp<T>(body: (dir: string) => Promise<T>): Promise<T> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'sealdrop-format-'));
  try {
    return await body(dir);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Applies one named kind of damage to the binary file. */
function damaged(kind: string, binary: Buffer): { bytes: Buffer; armorAfter: boolean } {
  const copy = Buffer.from(binary);
  const { payload, macLineStart } = splitHeader(binary);
  const headerBytes = binary.length - payload.length;
  const ciphertext = payload.length - NONCE;
  const chunks = Math.max(1, Math.ceil(ciphertext / (CHUNK + TAG)));
  const lastChunkStart = headerBytes + NONCE + (chunks - 1) * (CHUNK + TAG);
  switch (kind) {
    case 'flip-last-byte':
      copy[copy.length - 1] = (copy[copy.length - 1] as number) ^ 0x01;
      return { bytes: copy, armorAfter: true };
    case 'flip-last-chunk-first-byte':
      copy[lastChunkStart] = (copy[lastChunkStart] as number) ^ 0x80;
      return { bytes: copy, armorAfter: true };
    case 'flip-header-mac': {
      // Re-encode a different but well-formed MAC, so the header still parses and only the MAC differs.
      const line = binary.subarray(macLineStart + 4, headerBytes - 1).toString('latin1');
      const mac = Buffer.from(line, 'base64');
      mac[0] = (mac[0] as number) ^ 0x01;
      const text = `${binary.subarray(0, macLineStart + 4).toString('latin1')}${mac.toString('base64').replace(/=+$/, '')}\n`;
      return { bytes: Buffer.concat([Buffer.from(text, 'latin1'), payload]), armorAfter: true };
    }
    case 'flip-version-digit':
      copy[VERSION_LINE.length - 2] = (copy[VERSION_LINE.length - 2] as number) ^ 0x01; // "v1" -> "v0"
      return { bytes: copy, armorAfter: true };
    case 'flip-magic':
      copy[0] = (copy[0] as number) ^ 0x01;
      return { bytes: copy, armorAfter: true };
    case 'cut-after-nonce':
      return { bytes: copy.subarray(0, headerBytes + NONCE), armorAfter: true };
    case 'cut-nonce':
      return { bytes: copy.subarray(0, headerBytes + NONCE / 2), armorAfter: true };
    case 'cut-last-chunk':
      return { bytes: copy.subarray(0, lastChunkStart), armorAfter: true };
    case 'append-bytes':
      return { bytes: Buffer.concat([copy, Buffer.alloc(TAG, 0x55)]), armorAfter: true };
    case 'armor-garbage-line': {
      const text = armor(binary).toString('latin1').split('\n');
      text.splice(2, 0, 'not base64!');
      return { bytes: Buffer.from(text.join('\n'), 'latin1'), armorAfter: false };
    }
    case 'other-identity':
    case 'other-passphrase':
    case 'work-factor-cap-below':
      return { bytes: copy, armorAfter: true };
    default:
      throw new Error(`unknown damage kind ${kind}`);
  }
}

function damageIdentities(kind: string, vector: Vector): Identity[] {
  if (kind === 'other-identity') return [X25519Identity.parse(spec.otherIdentity)];
  if (kind === 'other-passphrase') return [new ScryptIdentity(spec.otherPassphrase)];
  if (kind === 'work-factor-cap-below' && 'passphrase' in vector.key) return [new ScryptIdentity(vector.key.passphrase, { maxLogN: vector.key.logN - 1 })];
  return identitiesFor(vector);
}

test('the vectors stay small', async () => {
  let total = 0;
  for (const vector of spec.vectors) total += (await readFile(path.join(vectorsDir, vector.file))).length;
  assert.ok(total < 200_000, `${total} bytes`);
});

for (const vector of spec.vectors) {
  test(`${vector.file}: bytes are the recorded ones`, async () => {
    assert.equal(sha256(await readFile(path.join(vectorsDir, vector.file))), vector.sha256);
  });

  test(`${vector.file}: header lines, stanza types and sizes`, async () => {
    const raw = await readFile(path.join(vectorsDir, vector.file));
    assert.equal(raw.toString('latin1').startsWith(ARMOR_BEGIN), vector.armored);
    const binary = await binaryOf(vector);
    const { header, payload } = splitHeader(binary);
    assert.ok(header.startsWith(VERSION_LINE));
    const lines = header.slice(VERSION_LINE.length, -1).split('\n');
    const mac = lines.pop() as string;
    assert.match(mac, /^--- [A-Za-z0-9+/]{43}$/);
    const types: string[] = [];
    for (let index = 0; index < lines.length; index += 1) {
      const argv = (lines[index] as string).split(' ');
      assert.equal(argv[0], '->');
      types.push(argv[1] as string);
      if (argv[1] === 'X25519') {
        assert.equal(argv.length, 3);
        assert.equal(Buffer.from(argv[2] as string, 'base64').length, 32);
      } else if (argv[1] === 'scrypt') {
        assert.equal(argv.length, 4);
        assert.equal(Buffer.from(argv[2] as string, 'base64').length, 16);
        assert.equal(argv[3], 'passphrase' in vector.key ? String(vector.key.logN) : '');
      }
      // A 32-byte body is 43 base64 characters: one short line ends it.
      const body = lines[index + 1] as string;
      assert.match(body, /^[A-Za-z0-9+/]{43}$/);
      index += 1;
    }
    assert.deepEqual(types, vector.stanzas);
    const chunks = Math.max(1, Math.ceil(vector.plaintextBytes / CHUNK));
    assert.equal(payload.length, NONCE + vector.plaintextBytes + chunks * TAG, 'payload = nonce + plaintext + one tag per chunk');
  });

  test(`${vector.file}: opens to the expected tree and manifest`, async () => {
    await withTemp(async (dir) => {
      const output = path.join(dir, 'out');
      const result = await openDocument({ file: path.join(vectorsDir, vector.file), identities: identitiesFor(vector), output, ifExists: 'stop' });
      assert.equal(result.output, output);
      assert.equal(result.kind, vector.kind);
      assert.deepEqual(await describe(output, vector.kind), vector.tree);
      if (vector.kind === 'file') {
        assert.deepEqual(result.manifest, {});
        return;
      }
      const entries = Object.values(vector.tree);
      const size = entries.reduce((sum, entry) => sum + (entry.size ?? 0), 0);
      const { entries: count, size: total, created, ...caller } = result.manifest;
      assert.equal(count, String(entries.length));
      assert.equal(total, String(size));
      assert.match(created ?? '', /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
      assert.deepEqual(caller, vector.manifest);
    });
  });

  test(`${vector.file}: damaged copies fail with the documented codes and leave nothing behind`, async () => {
    const binary = await binaryOf(vector);
    await withTemp(async (dir) => {
      for (const { kind, code } of vector.damage) {
        const made = damaged(kind, binary);
        const bytes = vector.armored && made.armorAfter ? armor(made.bytes) : made.bytes;
        const file = path.join(dir, `${kind}.sealdrop`);
        await writeFile(file, bytes);
        const output = path.join(dir, `${kind}-out`);
        await assert.rejects(
          openDocument({ file, identities: damageIdentities(kind, vector), output, ifExists: 'stop' }),
          (error: unknown) => isSealdropError(error) && error.code === code,
          `${kind} should fail with ${code}`,
        );
      }
      // Only the damaged inputs remain: no output, no temporary sibling.
      const left = (await readdir(dir)).filter((name) => !name.endsWith('.sealdrop'));
      assert.deepEqual(left, []);
    });
  });
}
