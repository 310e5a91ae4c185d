import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, writeFile, symlink, chmod, utimes, readFile, lstat, readlink, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { planArchive } from '../../../src-main/domain/seal/archive/plan.ts';
import { extractArchive } from '../../../src-main/domain/seal/archive/extract.ts';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { chunked, packToBuffer, withTempDir } from './helpers.ts';

const LONG_SEGMENT = 'l'.repeat(120);
const MTIME = new Date('2021-03-04T05:06:07Z');

/** Builds a tree with every kind of entry we keep; returns the dropped folder. */
async function buildTree(root: string): Promise<string> {
  const drop = path.join(root, 'drop');
  await mkdir(path.join(drop, 'nested', 'deeper', 'deepest'), { recursive: true });
  await mkdir(path.join(drop, 'empty-folder'));
  await writeFile(path.join(drop, 'nested', 'deeper', 'deepest', 'leaf.txt'), 'leaf');
  await writeFile(path.join(drop, 'empty-file'), '');
  await writeFile(path.join(drop, 'script.sh'), '#!/bin/sh\n');
  await chmod(path.join(drop, 'script.sh'), 0o750);
  await writeFile(path.join(drop, 'secret.txt'), 'private');
  await chmod(path.join(drop, 'secret.txt'), 0o600);
  // > 100 bytes of name, and > 255 bytes of path.
  await mkdir(path.join(drop, LONG_SEGMENT, LONG_SEGMENT), { recursive: true });
  await writeFile(path.join(drop, LONG_SEGMENT, LONG_SEGMENT, `${'f'.repeat(110)}.txt`), 'long');
  for (const name of ['café.txt', '日本語.txt', '😀 party.txt']) await writeFile(path.join(drop, name), name);
  await symlink('nested/deeper/deepest/leaf.txt', path.join(drop, 'leaf-link'));
  await symlink('../script.sh', path.join(drop, 'nested', 'up-link'));
  await symlink('/etc/passwd', path.join(drop, 'absolute-link'));
  await symlink('../../outside', path.join(drop, 'nested', 'escaping-link'));
  await chmod(path.join(drop, 'nested', 'deeper'), 0o750);
  return drop;
}

async function setTimes(dir: string): Promise<void> {
  for (const name of await readdir(dir, { recursive: true })) {
    const full = path.join(dir, name);
    if (!(await lstat(full)).isSymbolicLink()) await utimes(full, MTIME, MTIME);
  }
  await utimes(dir, MTIME, MTIME);
}

describe('archive round trip', () => {
  it('preserves contents, permissions, times, long and non-ASCII names, and inner links', async () => {
    await withTempDir(async (root) => {
      const drop = await buildTree(root);
      await setTimes(drop);
      const out = path.join(root, 'out');
      await mkdir(out);
      const archive = await packToBuffer([drop], { manifest: { sender: '0xabc' } });
      const result = await extractArchive(chunked(archive), out);

      const plan = await planArchive([drop]);
      assert.equal(result.entries, plan.totals.entries);
      assert.equal(result.files, plan.totals.files);
      assert.equal(result.bytes, plan.totals.totalBytes);
      assert.equal(result.manifest.sender, '0xabc');
      assert.equal(result.manifest.entries, String(plan.totals.entries));

      const back = path.join(out, 'drop');
      for (const entry of plan.entries) {
        const relative = entry.name.slice('drop'.length);
        const original = await lstat(path.join(drop, relative));
        const copy = await lstat(path.join(back, relative));
        assert.equal(copy.isSymbolicLink(), original.isSymbolicLink(), entry.name);
        if (original.isSymbolicLink()) {
          assert.equal(await readlink(path.join(back, relative)), await readlink(path.join(drop, relative)));
          continue;
        }
        assert.equal(copy.mode & 0o777, original.mode & 0o777, `mode of ${entry.name}`);
        assert.equal(Math.floor(copy.mtimeMs / 1000), Math.floor(original.mtimeMs / 1000), `mtime of ${entry.name}`);
        if (original.isFile()) assert.deepEqual(await readFile(path.join(back, relative)), await readFile(path.join(drop, relative)));
      }
      assert.equal((await stat(path.join(back, 'empty-folder'))).isDirectory(), true);
      assert.equal((await readFile(path.join(back, '😀 party.txt'), 'utf8')), '😀 party.txt');
      const longPath = path.join('drop', LONG_SEGMENT, LONG_SEGMENT, `${'f'.repeat(110)}.txt`);
      assert.ok(Buffer.byteLength(longPath) > 255);
      assert.equal(await readFile(path.join(out, longPath), 'utf8'), 'long');
    });
  });

  it('skips links that leave the dropped tree and reports why', async () => {
    await withTempDir(async (root) => {
      const drop = await buildTree(root);
      const plan = await planArchive([drop]);
      const skipped = Object.fromEntries(plan.skipped.map((entry) => [entry.name, entry.reason]));
      assert.match(skipped['drop/absolute-link'] ?? '', /absolute path/);
      assert.match(skipped['drop/nested/escaping-link'] ?? '', /outside/);
      assert.ok(plan.entries.some((entry) => entry.name === 'drop/nested/up-link' && entry.type === 'symlink'));
      assert.ok(!plan.entries.some((entry) => entry.name.endsWith('absolute-link')));
    });
  });

  it('orders entries by name, each folder before its contents', async () => {
    await withTempDir(async (root) => {
      const drop = await buildTree(root);
      const names = (await planArchive([drop])).entries.map((entry) => entry.name);
      assert.equal(names[0], 'drop');
      for (const [index, name] of names.entries()) {
        const parent = name.split('/').slice(0, -1).join('/');
        if (parent !== '') assert.ok(names.indexOf(parent) < index, `${parent} before ${name}`);
      }
    });
  });

  it('refuses two inputs with the same basename, and a missing input', async () => {
    await withTempDir(async (root) => {
      await mkdir(path.join(root, 'a', 'same'), { recursive: true });
      await mkdir(path.join(root, 'b', 'same'), { recursive: true });
      await assert.rejects(planArchive([path.join(root, 'a', 'same'), path.join(root, 'b', 'same')]), (error) => isSealdropError(error, 'bad-argument') && /same/.test(error.message));
      await assert.rejects(planArchive([path.join(root, 'missing')]), (error) => isSealdropError(error, 'input-not-found') && error.message.includes('missing'));
    });
  });

  it('packs several top-level files and folders, sorted by name', async () => {
    await withTempDir(async (root) => {
      await writeFile(path.join(root, 'b.txt'), 'b');
      await mkdir(path.join(root, 'a'));
      await writeFile(path.join(root, 'a', 'x'), 'x');
      const plan = await planArchive([path.join(root, 'b.txt'), path.join(root, 'a')]);
      assert.deepEqual(plan.entries.map((entry) => entry.name), ['a', 'a/x', 'b.txt']);
      assert.deepEqual(plan.totals, { entries: 3, files: 2, totalBytes: 2 });
    });
  });
});
