import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readdir, lstat, access } from 'node:fs/promises';
import path from 'node:path';
import { extractArchive } from '../../../src-main/domain/seal/archive/extract.ts';
import { isSealdropError } from '../../../src-shared/errors.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { chunked, craftTar, withTempDir } from './helpers.ts';
import type { CraftedEntry } from './helpers.ts';

/** Extracts a crafted archive into `root/out`; asserts the error code and message; returns the root. */
async function expectRefused(entries: readonly CraftedEntry[], code: ErrorCode, message: RegExp): Promise<void> {
  await withTempDir(async (root) => {
    const out = path.join(root, 'out');
    await mkdir(out);
    const archive = await craftTar(entries);
    await assert.rejects(extractArchive(chunked(archive), out), (error) => {
      assert.ok(isSealdropError(error, code), `expected ${code}, got ${String(error)}`);
      assert.match(error.message, message);
      return true;
    });
    // Nothing may appear next to the target folder.
    assert.deepEqual(await readdir(root), ['out']);
  });
}

const file = (name: string, body = 'x'): CraftedEntry => ({ header: { name, type: 'file' }, body });

describe('extraction refuses unsafe entries', () => {
  it('refuses an absolute path', () => expectRefused([file('/tmp/evil')], 'unsafe-entry', /refused "\/tmp\/evil": it has an absolute path/));
  it('refuses a ".." segment', () => expectRefused([file('../evil')], 'unsafe-entry', /refused "\.\.\/evil": it would be written outside the folder/));
  it('refuses a ".." segment in the middle, even one that stays inside', () => expectRefused([file('a/../b')], 'unsafe-entry', /outside the folder/));
  it('refuses a backslash trick', () => expectRefused([file('..\\..\\evil')], 'unsafe-entry', /backslash/));
  it('refuses a NUL in a (pax) name', () => expectRefused([file('é\0/evil')], 'unsafe-entry', /NUL/));
  it('refuses an empty name', () => expectRefused([file('./')], 'unsafe-entry', /empty name/));
  it('refuses a link to an absolute path', () => expectRefused([{ header: { name: 'l', type: 'symlink', linkname: '/etc' } }], 'unsafe-entry', /absolute path "\/etc"/));
  it('refuses a link that climbs out', () => expectRefused([{ header: { name: 'a/l', type: 'symlink', linkname: '../../etc' } }], 'unsafe-entry', /points outside/));
  it('refuses a link that goes down and back up (physical ".." through another link)', () =>
    expectRefused([{ header: { name: 'self', type: 'symlink', linkname: '.' } }, { header: { name: 'l', type: 'symlink', linkname: 'self/../x' } }], 'unsafe-entry', /down and back up/));
  it('refuses a file written through a link extracted earlier', () =>
    expectRefused([{ header: { name: 'sub', type: 'directory' } }, { header: { name: 'l', type: 'symlink', linkname: 'sub' } }, file('l/x')], 'unsafe-entry', /refused "l\/x": it would be written through the symbolic link "l"/));
  it('refuses a hard link', () => expectRefused([file('a'), { header: { name: 'b', type: 'link', linkname: 'a' } }], 'unsafe-entry', /hard link/));
  it('refuses a character device', () => expectRefused([{ header: { name: 'tty', type: 'character-device', devmajor: 5, devminor: 0 } }], 'unsafe-entry', /device/));
  it('refuses a block device', () => expectRefused([{ header: { name: 'disk', type: 'block-device', devmajor: 8, devminor: 0 } }], 'unsafe-entry', /device/));
  it('refuses a FIFO', () => expectRefused([{ header: { name: 'pipe', type: 'fifo' } }], 'unsafe-entry', /FIFO/));
  it('refuses the same file twice', () => expectRefused([file('a'), file('./a', 'y')], 'unsafe-entry', /refused "\.\/a": it appears twice/));
  it('refuses a file then a folder of the same name', () => expectRefused([file('a'), { header: { name: 'a', type: 'directory' } }], 'unsafe-entry', /appears twice/));
  it('refuses a file over a folder created for earlier entries', () => expectRefused([file('a/x'), file('a')], 'unsafe-entry', /appears twice/));
  it('reports a truncated archive as invalid', async () => {
    await withTempDir(async (root) => {
      const archive = await craftTar([file('a', 'x'.repeat(2000))]);
      await assert.rejects(extractArchive(chunked(archive.subarray(0, 1024)), root), (error) => isSealdropError(error, 'archive-invalid'));
    });
  });
  it('reports garbage as invalid', async () => {
    await withTempDir(async (root) => {
      await assert.rejects(extractArchive(chunked(Buffer.alloc(2048, 0x41)), root), (error) => isSealdropError(error, 'archive-invalid'));
    });
  });
  it('passes a source error through unchanged', async () => {
    await withTempDir(async (root) => {
      const archive = await craftTar([file('a', 'x'.repeat(200_000))]);
      async function* failing(): AsyncGenerator<Uint8Array> {
        yield archive.subarray(0, 70_000);
        throw new Error('chunk 2 failed authentication');
      }
      await assert.rejects(extractArchive(failing(), root), /chunk 2 failed authentication/);
    });
  });
});

describe('extraction keeps what is safe', () => {
  it('strips setuid, setgid and sticky bits', async () => {
    await withTempDir(async (root) => {
      const archive = await craftTar([{ header: { name: 'd', type: 'directory', mode: 0o1777 } }, { header: { name: 'd/x', type: 'file', mode: 0o6755 }, body: 'x' }]);
      await extractArchive(chunked(archive), root);
      assert.equal((await lstat(path.join(root, 'd', 'x'))).mode & 0o7777, 0o755);
      assert.equal((await lstat(path.join(root, 'd'))).mode & 0o7777, 0o777);
    });
  });
  it('accepts "./" and links that stay inside', async () => {
    await withTempDir(async (root) => {
      const archive = await craftTar([
        { header: { name: './', type: 'directory' } },
        file('./a/b/x'),
        { header: { name: 'a/up', type: 'symlink', linkname: '../a/b/x' } },
      ]);
      const result = await extractArchive(chunked(archive), root);
      assert.equal(result.entries, 2);
      assert.deepEqual(result.manifest, {});
      await access(path.join(root, 'a', 'up'));
    });
  });
  it('extracts into a read-only folder entry, applying its mode last', async () => {
    await withTempDir(async (root) => {
      const archive = await craftTar([{ header: { name: 'ro', type: 'directory', mode: 0o555 } }, file('ro/x')]);
      await extractArchive(chunked(archive), root);
      assert.equal((await lstat(path.join(root, 'ro'))).mode & 0o777, 0o555);
      await import('node:fs/promises').then((fs) => fs.chmod(path.join(root, 'ro'), 0o755));
    });
  });
});
