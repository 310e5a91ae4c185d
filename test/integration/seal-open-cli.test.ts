// The sealdrop CLI end to end in real processes: round trips, and every damaged input refused cleanly.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { run, sealdrop, tempFolder } from '../support/cli.ts';
import { describeTree } from '../support/tree.ts';

const CHUNK = 64 * 1024;
const SEALED_CHUNK = CHUNK + 16;

let work: { path: string; cleanup: () => Promise<void> };
let identity: string;
let publicKey: string;
let source: string;

/** A folder with the awkward cases: nesting, empty folder and file, long and non-ASCII names, a link, modes. */
async function makeSourceTree(root: string): Promise<void> {
  await mkdir(join(root, 'docs/deeper/still'), { recursive: true });
  await mkdir(join(root, 'empty-folder'));
  await writeFile(join(root, 'docs/report.bin'), randomBytes(5 * CHUNK + 1234));
  await writeFile(join(root, 'docs/deeper/still/notes.txt'), 'hello\n');
  await writeFile(join(root, 'empty.txt'), '');
  await writeFile(join(root, 'café 日本語 🎉.txt'), 'unicode name\n');
  await writeFile(join(root, `${'long-name-'.repeat(20)}.txt`), 'long name\n');
  await writeFile(join(root, 'script.sh'), '#!/bin/sh\necho hi\n');
  await chmod(join(root, 'script.sh'), 0o755);
  await symlink('docs/report.bin', join(root, 'link-to-report'));
}

/** Byte offset of a payload chunk in a sealed file (after the header and the 16-byte nonce). */
function chunkOffset(headerBytes: number, index: number): number {
  return headerBytes + 16 + index * SEALED_CHUNK;
}

/** Every name in a folder, hidden ones included: leftovers of a failed run would show here. */
async function names(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

before(async () => {
  work = await tempFolder();
  source = join(work.path, 'project');
  await mkdir(source);
  await makeSourceTree(source);
  identity = join(work.path, 'me.key');
  const keygen = await sealdrop(['keygen', '-o', identity, '--json']);
  assert.equal(keygen.code, 0, keygen.stderr);
  publicKey = JSON.parse(keygen.stdout).publicKey;
  assert.match(publicKey, /^age1[02-9ac-hj-np-z]{58}$/);
});
after(() => work.cleanup());

describe('sealdrop seal and open', () => {
  test('round-trips a folder with nesting, empty entries, unicode and long names, links and modes', async () => {
    const sealed = join(work.path, 'roundtrip.sealdrop');
    const seal = await sealdrop(['seal', source, '--to', publicKey, '-o', sealed, '--json']);
    assert.equal(seal.code, 0, seal.stderr);
    const sealResult = JSON.parse(seal.stdout);
    assert.equal(sealResult.output, sealed);
    assert.ok(sealResult.bytesOut > 5 * CHUNK);

    const out = join(work.path, 'roundtrip-out');
    const opened = await sealdrop(['open', sealed, '-i', identity, '-o', out, '--json']);
    assert.equal(opened.code, 0, opened.stderr);
    assert.equal(JSON.parse(opened.stdout).kind, 'folder');
    assert.deepEqual(await describeTree(join(out, 'project')), await describeTree(source));
  });

  test('never overwrites an existing folder: picks a free name, or stops when asked', async () => {
    const sealed = join(work.path, 'twice.sealdrop');
    assert.equal((await sealdrop(['seal', source, '--to', publicKey, '-o', sealed])).code, 0);
    const out = join(work.path, 'twice-out');
    await mkdir(out);
    await writeFile(join(out, 'mine.txt'), 'keep me');
    const renamed = await sealdrop(['open', sealed, '-i', identity, '-o', out, '--json']);
    assert.equal(renamed.code, 0, renamed.stderr);
    assert.equal(JSON.parse(renamed.stdout).output, `${out} (2)`);
    assert.equal(await readFile(join(out, 'mine.txt'), 'utf8'), 'keep me');

    const stopped = await sealdrop(['open', sealed, '-i', identity, '-o', out, '--if-exists', 'stop', '--json']);
    assert.equal(stopped.code, 1);
    assert.equal(JSON.parse(stopped.stdout).error.code, 'target-exists');
    assert.deepEqual(await names(out), ['mine.txt']);
  });

  test('seals and opens with a passphrase', async () => {
    const sealed = join(work.path, 'pass.sealdrop');
    const env = { SEALDROP_PASSPHRASE: 'correct horse battery staple' };
    assert.equal((await sealdrop(['seal', source, '--passphrase', '-o', sealed], { env })).code, 0);
    const inspect = JSON.parse((await sealdrop(['inspect', sealed, '--json'])).stdout);
    assert.deepEqual(inspect.stanzas.map((s: { type: string }) => s.type), ['scrypt']);
    const out = join(work.path, 'pass-out');
    const opened = await sealdrop(['open', sealed, '-o', out], { env });
    assert.equal(opened.code, 0, opened.stderr);
    assert.deepEqual(await describeTree(join(out, 'project')), await describeTree(source));

    const wrong = await sealdrop(['open', sealed, '-o', join(work.path, 'pass-wrong'), '--json'], { env: { SEALDROP_PASSPHRASE: 'wrong' } });
    assert.equal(wrong.code, 1);
    assert.equal(JSON.parse(wrong.stdout).error.code, 'wrong-passphrase');
  });

  test('explains wrong usage with exit code 2', async () => {
    const none = await sealdrop(['seal', source]);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /--to/);
    const both = await sealdrop(['seal', source, '--to', publicKey, '--passphrase']);
    assert.equal(both.code, 2);
    const unknown = await sealdrop(['frobnicate']);
    assert.equal(unknown.code, 2);
  });
});

describe('damaged and wrong input is refused, and nothing is left behind', () => {
  let sealed: string;
  let bytes: Buffer;
  let headerBytes: number;
  let chunks: number;

  before(async () => {
    sealed = join(work.path, 'pristine.sealdrop');
    assert.equal((await sealdrop(['seal', join(source, 'docs'), '--to', publicKey, '-o', sealed])).code, 0);
    bytes = await readFile(sealed);
    const info = JSON.parse((await sealdrop(['inspect', sealed, '--json'])).stdout);
    headerBytes = info.headerBytes;
    chunks = info.chunks;
    assert.ok(chunks >= 5, `expected several chunks, got ${chunks}`);
  });

  /** Writes a damaged copy, tries to open it, and checks the error code and that no output appeared. */
  async function expectRefused(name: string, damaged: Uint8Array, code: string, args: string[] = []): Promise<{ message: string; chunk?: number }> {
    const dir = join(work.path, `case-${name}`);
    await mkdir(dir);
    const file = join(dir, 'input.sealdrop');
    await writeFile(file, damaged);
    const result = await sealdrop(['open', file, '-i', identity, '-o', join(dir, 'out'), '--json', ...args]);
    assert.equal(result.code, 1, `${name}: ${result.stdout} ${result.stderr}`);
    const error = JSON.parse(result.stdout).error;
    assert.equal(error.code, code, `${name}: ${error.message}`);
    assert.deepEqual(await names(dir), ['input.sealdrop'], `${name}: left something behind`);
    assert.doesNotMatch(error.message, /at .*\.ts:\d+/, 'no stack traces in messages');
    return error;
  }

  function flipBit(offset: number): Buffer {
    const copy = Buffer.from(bytes);
    copy[offset] = (copy[offset] as number) ^ 0x01;
    return copy;
  }

  test('a flipped bit in the header MAC', async () => {
    // The MAC is the last line of the header: "--- <43 base64 chars>\n". Flip inside the decoded bytes.
    const macLine = bytes.subarray(0, headerBytes).lastIndexOf('--- ');
    const raw = Buffer.from(bytes.subarray(macLine + 4, headerBytes - 1).toString(), 'base64');
    raw[0] = (raw[0] as number) ^ 0x80;
    const damaged = Buffer.concat([bytes.subarray(0, macLine + 4), Buffer.from(raw.toString('base64').replace(/=+$/, '')), bytes.subarray(headerBytes - 1)]);
    await expectRefused('header-mac', damaged, 'header-tampered');
  });

  test('a flipped bit in a recipient stanza', async () => {
    // Inside the stanza body (the wrapped file key): no key can unwrap it any more.
    const bodyStart = bytes.indexOf('\n', bytes.indexOf('-> X25519')) + 1;
    const copy = Buffer.from(bytes);
    copy[bodyStart + 3] = copy[bodyStart + 3] === 0x41 ? 0x42 : 0x41;
    await expectRefused('header-stanza', copy, 'no-matching-key');
  });

  for (const [label, index] of [['first', 0], ['middle', 2], ['last', -1]] as const) {
    test(`a flipped bit in the ${label} chunk names that chunk`, async () => {
      const chunk = index === -1 ? chunks - 1 : index;
      const error = await expectRefused(`chunk-${label}`, flipBit(chunkOffset(headerBytes, chunk) + 100), 'payload-tampered');
      assert.equal(error.chunk, chunk);
      assert.match(error.message, new RegExp(`chunk ${chunk + 1}\\b`));
    });
  }

  test('truncation at a chunk boundary (the final chunk is missing)', async () => {
    await expectRefused('cut-at-boundary', bytes.subarray(0, chunkOffset(headerBytes, 2)), 'payload-truncated');
  });

  test('truncation inside a chunk', async () => {
    const error = await expectRefused('cut-inside', bytes.subarray(0, chunkOffset(headerBytes, 2) + 5000), 'payload-tampered');
    assert.equal(error.chunk, 2);
  });

  test('a file cut right after the header', async () => {
    await expectRefused('cut-after-header', bytes.subarray(0, headerBytes + 16), 'payload-truncated');
  });

  test('trailing garbage after a short final chunk fails that chunk', async () => {
    // The final chunk's end is only known from EOF, so appended bytes make it fail authentication.
    const error = await expectRefused('trailing', Buffer.concat([bytes, Buffer.from('garbage')]), 'payload-tampered');
    assert.equal(error.chunk, chunks - 1);
  });

  test('trailing garbage after a full final chunk is named as such', async () => {
    const dir = join(work.path, 'full-final');
    await mkdir(dir);
    await writeFile(join(dir, 'exact.bin'), randomBytes(CHUNK));
    const made = await run('age', ['-e', '-r', publicKey, '-o', join(dir, 'exact.age'), join(dir, 'exact.bin')]);
    assert.equal(made.code, 0, made.stderr);
    await expectRefused('trailing-full', Buffer.concat([await readFile(join(dir, 'exact.age')), Buffer.from('garbage')]), 'trailing-data');
  });

  test('the wrong identity', async () => {
    const other = join(work.path, 'other.key');
    assert.equal((await sealdrop(['keygen', '-o', other])).code, 0);
    const dir = join(work.path, 'case-wrong-key');
    await mkdir(dir);
    const result = await sealdrop(['open', sealed, '-i', other, '-o', join(dir, 'out'), '--json']);
    assert.equal(result.code, 1);
    assert.equal(JSON.parse(result.stdout).error.code, 'no-matching-key');
    assert.deepEqual(await names(dir), []);
  });

  test('an empty file', async () => {
    await expectRefused('empty', new Uint8Array(0), 'not-sealdrop');
  });

  test('a file that is not age at all', async () => {
    const error = await expectRefused('not-age', Buffer.from('%PDF-1.7\nthis is a PDF, not a sealed file\n'), 'not-sealdrop');
    assert.match(error.message, /not a \.sealdrop/);
  });
});
