// The streaming tar reader: what it hands out, and that it gives every source chunk back exactly once,
// only after everyone is done with it (the decrypting stage reuses those buffers).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { readTar } from '../../../src-main/domain/seal/archive/tar-reader.ts';
import type { EntrySink, TarEntry } from '../../../src-main/domain/seal/archive/tar-reader.ts';
import { Header } from 'tar';
import { extractArchive } from '../../../src-main/domain/seal/archive/extract.ts';
import { craftTar, withTempDir } from './helpers.ts';

/** A raw ustar header block, with the typeflag forced and the checksum fixed afterwards. */
function rawHeader(path: string, size: number, typeflag: string): Buffer {
  const header = new Header({ path, type: 'File', size, mode: 0o644, mtime: new Date(0), uid: 0, gid: 0 });
  header.encode();
  const block = header.block as Buffer;
  block[156] = typeflag.charCodeAt(0);
  let sum = 0;
  for (let index = 0; index < 512; index++) sum += index >= 148 && index < 156 ? 0x20 : (block[index] as number);
  block.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148, 'latin1');
  return block;
}

/** Splits a buffer into owned chunks of `size` bytes (each its own ArrayBuffer, like decrypted batches). */
function chunks(data: Buffer, size: number): Uint8Array[] {
  const result: Uint8Array[] = [];
  for (let offset = 0; offset < data.length; offset += size) result.push(Uint8Array.from(data.subarray(offset, offset + size)));
  return result;
}

async function* from(items: readonly Uint8Array[]): AsyncGenerator<Uint8Array> {
  yield* items;
}

/** A sink that keeps the views it gets and calls `done` only when told, like a pending disk write. */
function holdingSink(held: { data: Uint8Array; done: () => void }[]): EntrySink {
  return {
    write: (data, done) => void held.push({ data, done }),
    end: async () => {},
    abort: async () => {},
  };
}

describe('readTar', () => {
  it('hands out entries with their data, across chunk boundaries of any size', async () => {
    const archive = await craftTar([
      { header: { name: 'd', type: 'directory' } },
      { header: { name: 'd/a.txt' }, body: 'x'.repeat(1500) },
      { header: { name: 'd/ünïcødé.txt' }, body: 'hello' },
      { header: { name: 'l', type: 'symlink', linkname: 'd/a.txt' } },
    ]);
    for (const size of [1, 7, 511, 512, 513, 4096, archive.length]) {
      const seen: { entry: TarEntry; bytes: string }[] = [];
      await readTar(from(chunks(archive, size)), {
        async entry(entry) {
          const record = { entry, bytes: '' };
          seen.push(record);
          return { write: (data, done) => void ((record.bytes += Buffer.from(data).toString()), done()), end: async () => {}, abort: async () => {} };
        },
      });
      assert.deepEqual(
        seen.map(({ entry, bytes }) => [entry.name, entry.type, entry.size, entry.linkname, bytes.length]),
        [
          ['d', 'directory', 0, '', 0],
          ['d/a.txt', 'file', 1500, '', 1500],
          ['d/ünïcødé.txt', 'file', 5, '', 5],
          ['l', 'symlink', 0, 'd/a.txt', 0],
        ],
        `chunk size ${size}`,
      );
    }
  });

  it('releases each chunk once, and only after every sink is done with its views', async () => {
    const archive = await craftTar([{ header: { name: 'big' }, body: 'y'.repeat(20_000) }, { header: { name: 'small' }, body: 'z' }]);
    const source = chunks(archive, 4096);
    const held: { data: Uint8Array; done: () => void }[] = [];
    const released: Uint8Array[] = [];
    await readTar(from(source), { entry: async () => holdingSink(held), release: (chunk) => released.push(chunk) });
    // Chunks that carried file data are still held by the sink; the others (headers, padding) are free.
    const holding = new Set(held.map(({ data }) => data.buffer));
    assert.ok(released.every((chunk) => !holding.has(chunk.buffer)), 'a chunk was released while a sink still held a view of it');
    for (const { done } of held) done();
    assert.equal(released.length, source.length, 'every chunk comes back once the sink is done');
    assert.equal(new Set(released).size, source.length, 'no chunk comes back twice');
  });

  it('refuses a stream that ends inside an entry', async () => {
    const archive = await craftTar([{ header: { name: 'a' }, body: 'x'.repeat(2000) }]);
    await assert.rejects(
      readTar(from([archive.subarray(0, 1024)]), { entry: async () => holdingSink([]) }),
      (error) => isSealdropError(error, 'archive-invalid') && /cut short/.test(error.message),
    );
  });

  it('refuses a header whose checksum does not match', async () => {
    const archive = await craftTar([{ header: { name: 'a' }, body: 'x' }]);
    archive[0] = 0x41; // change the name byte without fixing the checksum
    await assert.rejects(readTar(from([archive]), { entry: async () => holdingSink([]) }), (error) => isSealdropError(error, 'archive-invalid'));
  });

  it('passes a source error through unchanged, after closing the open entry', async () => {
    const archive = await craftTar([{ header: { name: 'a' }, body: 'x'.repeat(5000) }]);
    let aborted = false;
    async function* failing(): AsyncGenerator<Uint8Array> {
      yield archive.subarray(0, 1024);
      throw new Error('chunk 2 failed authentication');
    }
    const sink: EntrySink = { write: (_data, done) => done(), end: async () => {}, abort: async () => void (aborted = true) };
    await assert.rejects(readTar(failing(), { entry: async () => sink }), /chunk 2 failed authentication/);
    assert.equal(aborted, true);
  });

  it('refuses a ustar file whose name ends in "/", and never reads its data as headers', async () => {
    // GNU tar lists this as a folder "a/" with 1024 bytes of data; a reader that took it as an empty
    // entry would parse the data as a hidden second entry.
    const hidden = Buffer.concat([rawHeader('smuggled.txt', 3, '0'), Buffer.from('abc'), Buffer.alloc(509)]);
    const archive = Buffer.concat([rawHeader('a/', hidden.length, '0'), hidden, Buffer.alloc(1024)]);
    const names: string[] = [];
    await readTar(from([archive]), { entry: async (entry) => (names.push(entry.name), holdingSink([])) });
    assert.deepEqual(names, ['a/']);
    await withTempDir(async (root) => {
      await assert.rejects(extractArchive(from([archive]), root), (error) => isSealdropError(error, 'unsafe-entry') && /ends in "\/"/.test(error.message));
    });
  });

  it('closes the open entry when the archive ends inside its data', async () => {
    const archive = await craftTar([{ header: { name: 'a' }, body: 'x'.repeat(5000) }]);
    let aborted = false;
    const sink: EntrySink = { write: (_data, done) => done(), end: async () => {}, abort: async () => void (aborted = true) };
    await assert.rejects(readTar(from([archive.subarray(0, 2048)]), { entry: async () => sink }), (error) => isSealdropError(error, 'archive-invalid'));
    assert.equal(aborted, true);
  });
});
