// Rebuilds the checked-in format test vectors (test/unit/format/vectors/) with the real sealing code and
// real randomness. The tests never regenerate them: run this by hand after a deliberate format change,
//   node_modules/.bin/node scripts/make-format-vectors.ts
// and commit the new .sealdrop files and vectors.json together. See docs/FORMAT.md.
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { chmod, lutimes, mkdir, mkdtemp, readFile, rm, symlink, utimes, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openAge } from '../src-main/domain/seal/age/decrypt.ts';
import { encryptAge } from '../src-main/domain/seal/age/encrypt.ts';
import type { Identity, Recipient } from '../src-main/domain/seal/age/recipient.ts';
import { ScryptIdentity, ScryptRecipient } from '../src-main/domain/seal/age/scrypt.ts';
import { X25519Identity } from '../src-main/domain/seal/age/x25519.ts';
import { packArchive } from '../src-main/domain/seal/archive/pack.ts';
import { planArchive } from '../src-main/domain/seal/archive/plan.ts';
import { sealDocument } from '../src-main/domain/seal/seal-document.ts';
import type { ExpectedEntry } from '../test/unit/format/vector-types.ts';

const root = fileURLToPath(new URL('../', import.meta.url));
const outDir = path.join(root, 'test/unit/format/vectors');

/** One entry of a source tree, as created on disk before sealing. */
interface SourceEntry {
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink';
  readonly mode?: number;
  /** Seconds since the epoch written to the source; packing clamps it into [0, 2^31 - 1]. */
  readonly mtime: number;
  readonly content?: Buffer;
  readonly target?: string;
}


const MTIME = Date.UTC(2024, 0, 2, 3, 4, 5) / 1000;
const NON_ASCII = 'ünïcødé 名前 ✓.txt';

/** Deterministic, non-tar-looking bytes (the first 512 cannot carry a "ustar" magic and checksum). */
function pattern(length: number, seed: number): Buffer {
  const bytes = Buffer.alloc(length);
  let state = seed >>> 0;
  for (let index = 0; index < length; index += 1) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[index] = state >>> 24;
  }
  return bytes;
}

const sha256 = (data: Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** Creates `entries` under `base` (parents first in the list), then sets times deepest-first. */
async function createTree(base: string, entries: readonly SourceEntry[]): Promise<void> {
  for (const entry of entries) {
    const full = path.join(base, entry.path);
    if (entry.type === 'directory') await mkdir(full);
    else if (entry.type === 'symlink') await symlink(entry.target as string, full);
    else await writeFile(full, entry.content as Buffer);
  }
  for (const entry of [...entries].reverse()) {
    const full = path.join(base, entry.path);
    // A Date, not a number: node turns negative numbers into "now".
    const time = new Date(entry.mtime * 1000);
    if (entry.type === 'symlink') {
      await lutimes(full, time, time);
      continue;
    }
    await chmod(full, entry.mode as number);
    await utimes(full, time, time);
  }
}

/** The tree openDocument should produce from `entries` (modes masked, mtimes clamped as pack.ts does). */
function expectedTree(entries: readonly SourceEntry[]): Record<string, ExpectedEntry> {
  const tree: Record<string, ExpectedEntry> = {};
  for (const entry of entries) {
    const mtime = Math.min(Math.max(entry.mtime, 0), 2 ** 31 - 1);
    if (entry.type === 'symlink') tree[entry.path] = { type: 'symlink', mtime, target: entry.target as string };
    else if (entry.type === 'directory') tree[entry.path] = { type: 'directory', mode: ((entry.mode as number) & 0o777).toString(8), mtime };
    else {
      const content = entry.content as Buffer;
      tree[entry.path] = { type: 'file', mode: ((entry.mode as number) & 0o777).toString(8), mtime, size: content.length, sha256: sha256(content) };
    }
  }
  return tree;
}

async function collect(source: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of source) parts.push(part);
  return Buffer.concat(parts);
}

async function* once(data: Uint8Array): AsyncGenerator<Uint8Array> {
  yield data;
}

/** Decrypts a written vector with the age layer only, to record its plaintext size. */
async function plaintextBytes(file: string, identity: Identity): Promise<number> {
  const opened = await openAge(once(await readFile(file)), [identity]);
  return (await collect(opened.plaintext)).length;
}

const identity = X25519Identity.generate();
const recipient = identity.recipient;
const passphrase = 'correct horse battery staple ✓';
const scryptLogN = 10;
const x25519Key = { identity: identity.exportSecret() };
const scryptKey = { passphrase, logN: scryptLogN };

const folderEntries: SourceEntry[] = [
  { path: 'drop', type: 'directory', mode: 0o750, mtime: MTIME },
  { path: 'drop/empty-folder', type: 'directory', mode: 0o700, mtime: MTIME + 1 },
  { path: 'drop/empty.txt', type: 'file', mode: 0o644, mtime: MTIME + 2, content: Buffer.alloc(0) },
  { path: 'drop/link-to-empty', type: 'symlink', mtime: MTIME + 3, target: 'empty.txt' },
  { path: `drop/${NON_ASCII}`, type: 'file', mode: 0o600, mtime: MTIME + 4, content: Buffer.from('grüße, 世界\n', 'utf8') },
  { path: 'drop/sub', type: 'directory', mode: 0o755, mtime: MTIME + 5 },
  { path: 'drop/sub/run.sh', type: 'file', mode: 0o755, mtime: MTIME + 6, content: Buffer.from('#!/bin/sh\necho sealed\n') },
  // Before 1970: packing clamps the time to 0.
  { path: 'drop/sub/old.txt', type: 'file', mode: 0o640, mtime: -86_400, content: Buffer.from('older than the epoch\n') },
  { path: 'drop/sub/up-link', type: 'symlink', mtime: MTIME + 7, target: '../empty-folder' },
];

interface VectorSpec {
  readonly file: string;
  readonly description: string;
  readonly key: typeof x25519Key | typeof scryptKey;
  readonly stanzas: readonly string[];
  readonly armored: boolean;
  readonly kind: 'folder' | 'file';
  readonly callerManifest?: Record<string, string>;
  readonly tree: Record<string, ExpectedEntry>;
  readonly damage: readonly { kind: string; code: string }[];
  /** Writes the vector to `file`, using `work` for its source tree. */
  readonly make: (file: string, work: string) => Promise<void>;
}

/** Seals the entries' top-level items with sealDocument. */
function sealEntries(entries: readonly SourceEntry[], recipients: readonly Recipient[], manifest?: Record<string, string>) {
  return async (file: string, work: string): Promise<void> => {
    await createTree(work, entries);
    const tops = entries.filter((entry) => !entry.path.includes('/')).map((entry) => path.join(work, entry.path));
    await sealDocument({ paths: tops, recipients, output: file, ifExists: 'replace', ...(manifest === undefined ? {} : { manifest }) });
  };
}

const common = [
  { kind: 'flip-last-byte', code: 'payload-tampered' },
  { kind: 'flip-last-chunk-first-byte', code: 'payload-tampered' },
  { kind: 'flip-header-mac', code: 'header-tampered' },
  { kind: 'flip-version-digit', code: 'header-invalid' },
  { kind: 'flip-magic', code: 'not-sealdrop' },
  { kind: 'cut-after-nonce', code: 'payload-truncated' },
  { kind: 'cut-nonce', code: 'header-invalid' },
];
const x25519Damage = [...common, { kind: 'other-identity', code: 'no-matching-key' }];

const bigContent = pattern(64 * 1024, 7);
const rawContent = pattern(64 * 1024, 11);
const plainEntries: SourceEntry[] = [{ path: 'note.txt', type: 'file', mode: 0o600, mtime: MTIME, content: Buffer.from('sealed with a passphrase\n') }];
const bigEntries: SourceEntry[] = [{ path: 'exactly-64KiB.bin', type: 'file', mode: 0o644, mtime: MTIME, content: bigContent }];
const emptyEntries: SourceEntry[] = [{ path: 'nothing', type: 'directory', mode: 0o755, mtime: MTIME }];
const armorEntries: SourceEntry[] = [
  { path: 'armored', type: 'directory', mode: 0o755, mtime: MTIME },
  { path: 'armored/hello.txt', type: 'file', mode: 0o644, mtime: MTIME, content: Buffer.from('hello, armor\n') },
];

const vectors: VectorSpec[] = [
  {
    file: 'x25519-folder.sealdrop',
    description: 'A folder with an empty folder, an empty file, a non-ASCII name, links, an executable and a pre-1970 mtime; one X25519 recipient; a caller manifest key.',
    key: x25519Key,
    stanzas: ['X25519'],
    armored: false,
    kind: 'folder',
    callerManifest: { sender: 'alice@example.org' },
    tree: expectedTree(folderEntries),
    damage: x25519Damage,
    make: sealEntries(folderEntries, [recipient], { sender: 'alice@example.org' }),
  },
  {
    file: 'scrypt-file.sealdrop',
    description: `One file sealed with a passphrase (scrypt stanza, work factor 2^${scryptLogN}).`,
    key: scryptKey,
    stanzas: ['scrypt'],
    armored: false,
    kind: 'folder',
    tree: expectedTree(plainEntries),
    damage: [
      ...common,
      { kind: 'other-passphrase', code: 'wrong-passphrase' },
      { kind: 'work-factor-cap-below', code: 'work-factor-too-high' },
    ],
    make: sealEntries(plainEntries, [new ScryptRecipient(passphrase, { logN: scryptLogN })]),
  },
  {
    file: 'empty-folder.sealdrop',
    description: 'The smallest document sealDocument makes: one empty folder (manifest, one folder header, end of archive).',
    key: x25519Key,
    stanzas: ['X25519'],
    armored: false,
    kind: 'folder',
    tree: expectedTree(emptyEntries),
    damage: x25519Damage,
    make: sealEntries(emptyEntries, [recipient]),
  },
  {
    file: 'x25519-64KiB-file.sealdrop',
    description: 'One file of exactly 64 KiB: with the tar headers the payload spans two chunks (a full one, then a short final one).',
    key: x25519Key,
    stanzas: ['X25519'],
    armored: false,
    kind: 'folder',
    tree: expectedTree(bigEntries),
    damage: [...x25519Damage, { kind: 'cut-last-chunk', code: 'payload-truncated' }],
    make: sealEntries(bigEntries, [recipient]),
  },
  {
    file: 'plain-age-empty.sealdrop',
    description: 'A plain age file with an empty payload (encryptAge of zero bytes): one empty final chunk; opens as one empty file.',
    key: x25519Key,
    stanzas: ['X25519'],
    armored: false,
    kind: 'file',
    tree: { '': { type: 'file', size: 0, sha256: sha256(Buffer.alloc(0)) } },
    damage: x25519Damage,
    make: async (file) => writeFile(file, await collect(encryptAge(once(new Uint8Array(0)), [recipient]))),
  },
  {
    file: 'plain-age-64KiB.sealdrop',
    description: 'A plain age file whose payload is exactly 64 KiB (not a tar): a single full-size final chunk; opens as one file.',
    key: x25519Key,
    stanzas: ['X25519'],
    armored: false,
    kind: 'file',
    tree: { '': { type: 'file', size: rawContent.length, sha256: sha256(rawContent) } },
    damage: [...x25519Damage, { kind: 'append-bytes', code: 'trailing-data' }],
    make: async (file) => writeFile(file, await collect(encryptAge(once(rawContent), [recipient]))),
  },
  {
    file: 'x25519-armored.sealdrop',
    description: 'An ASCII-armored Sealdrop document (planArchive + packArchive + encryptAge with armor).',
    key: x25519Key,
    stanzas: ['X25519'],
    armored: true,
    kind: 'folder',
    tree: expectedTree(armorEntries),
    damage: [...x25519Damage, { kind: 'armor-garbage-line', code: 'armor-invalid' }],
    make: async (file, work) => {
      await createTree(work, armorEntries);
      const tar = packArchive(await planArchive([path.join(work, 'armored')]));
      await writeFile(file, await collect(encryptAge(tar, [recipient], { armor: true })));
    },
  },
];

await mkdir(outDir, { recursive: true });
const work = await mkdtemp(path.join(os.tmpdir(), 'sealdrop-vectors-'));
try {
  const described = [];
  for (const [index, vector] of vectors.entries()) {
    const source = path.join(work, String(index));
    await mkdir(source);
    const file = path.join(outDir, vector.file);
    await rm(file, { force: true });
    await vector.make(file, source);
    const bytes = await readFile(file);
    const opener: Identity = 'identity' in vector.key ? identity : new ScryptIdentity(passphrase);
    const { make: _make, callerManifest, ...rest } = vector;
    described.push({ ...rest, manifest: callerManifest ?? {}, bytes: bytes.length, sha256: sha256(bytes), plaintextBytes: await plaintextBytes(file, opener) });
    console.log(`${vector.file}: ${bytes.length} bytes`);
  }
  const json = {
    about: 'Sealdrop format test vectors; see docs/FORMAT.md. Made by scripts/make-format-vectors.ts, checked by test/unit/format/format-vectors.test.ts.',
    recipient: recipient.toString(),
    otherIdentity: X25519Identity.generate().exportSecret(),
    otherPassphrase: 'not the passphrase',
    vectors: described,
  };
  await writeFile(path.join(outDir, 'vectors.json'), `${JSON.stringify(json, null, 2)}\n`);
} finally {
  await rm(work, { recursive: true, force: true });
}
