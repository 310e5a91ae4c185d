import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { mkdir, writeFile, readFile, symlink, readlink, lstat, chmod } from 'node:fs/promises';
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { extractArchive } from '../../../src-main/domain/seal/archive/extract.ts';
import { looksLikeTar } from '../../../src-main/domain/seal/archive/tar-block.ts';
import { packToBuffer, withTempDir } from './helpers.ts';

const run = promisify(execFile);

async function hasGnuTar(): Promise<boolean> {
  try {
    return (await run('tar', ['--version'])).stdout.includes('GNU tar');
  } catch {
    return false;
  }
}

async function sampleTree(root: string): Promise<string> {
  const drop = path.join(root, 'drop');
  await mkdir(path.join(drop, 'sub', 'ünïcødé 日本'), { recursive: true });
  await writeFile(path.join(drop, 'sub', 'ünïcødé 日本', 'x.txt'), 'x');
  await writeFile(path.join(drop, `${'n'.repeat(150)}.txt`), 'long');
  await writeFile(path.join(drop, 'run.sh'), 'echo');
  await chmod(path.join(drop, 'run.sh'), 0o755);
  await symlink('run.sh', path.join(drop, 'link'));
  return drop;
}

describe('GNU tar interoperability', { skip: !(await hasGnuTar()) && 'GNU tar is not installed' }, () => {
  it('GNU tar lists and extracts our archives without errors or warnings', async () => {
    await withTempDir(async (root) => {
      const drop = await sampleTree(root);
      const archive = path.join(root, 'a.tar');
      await writeFile(archive, await packToBuffer([drop], { manifest: { sender: '0xabc' } }));
      const listed = await run('tar', ['-tf', archive]);
      assert.equal(listed.stderr, '');
      assert.ok(listed.stdout.includes(`drop/${'n'.repeat(150)}.txt`));
      const out = path.join(root, 'out');
      await mkdir(out);
      const extracted = await run('tar', ['-xf', archive, '-C', out]);
      assert.equal(extracted.stderr, '');
      assert.equal(await readFile(path.join(out, 'drop', 'sub', 'ünïcødé 日本', 'x.txt'), 'utf8'), 'x');
      assert.equal(await readlink(path.join(out, 'drop', 'link')), 'run.sh');
      assert.equal((await lstat(path.join(out, 'drop', 'run.sh'))).mode & 0o777, 0o755);
    });
  });

  for (const format of ['gnu', 'pax', 'ustar']) {
    it(`extracts a folder packed by "tar -cf" (--format=${format})`, async () => {
      await withTempDir(async (root) => {
        await sampleTree(root);
        const archive = path.join(root, 'a.tar');
        // ustar cannot hold the 150-byte name; leave it out there.
        const exclude = format === 'ustar' ? ['--exclude', 'n*.txt'] : [];
        await run('tar', [`--format=${format}`, ...exclude, '-cf', archive, '-C', root, 'drop']);
        const head = await readFile(archive);
        assert.equal(looksLikeTar(head.subarray(0, 512)), true);
        const out = path.join(root, 'out');
        await mkdir(out);
        const result = await extractArchive(createReadStream(archive), out);
        assert.equal(result.files, format === 'ustar' ? 2 : 3);
        assert.equal(await readFile(path.join(out, 'drop', 'sub', 'ünïcødé 日本', 'x.txt'), 'utf8'), 'x');
        assert.equal(await readlink(path.join(out, 'drop', 'link')), 'run.sh');
        if (format !== 'ustar') assert.equal(await readFile(path.join(out, 'drop', `${'n'.repeat(150)}.txt`), 'utf8'), 'long');
      });
    });
  }

  it('extracts "tar -C dir -cf x.tar ." (entries named "./...")', async () => {
    await withTempDir(async (root) => {
      const drop = await sampleTree(root);
      const archive = path.join(root, 'a.tar');
      await run('tar', ['-cf', archive, '-C', drop, '.']);
      const out = path.join(root, 'out');
      await mkdir(out);
      await extractArchive(createReadStream(archive), out);
      assert.equal(await readFile(path.join(out, 'run.sh'), 'utf8'), 'echo');
    });
  });
});

describe('looksLikeTar', () => {
  it('accepts our first block and rejects other data', async () => {
    await withTempDir(async (root) => {
      await writeFile(path.join(root, 'f'), 'x');
      const archive = await packToBuffer([path.join(root, 'f')]);
      assert.equal(looksLikeTar(archive.subarray(0, 512)), true);
      const flipped = Buffer.from(archive.subarray(0, 512));
      flipped[0] = (flipped[0] ?? 0) ^ 1;
      assert.equal(looksLikeTar(flipped), false);
      assert.equal(looksLikeTar(Buffer.alloc(512)), false);
      assert.equal(looksLikeTar(Buffer.from('%PDF-1.7\n'.padEnd(512, ' '))), false);
      assert.equal(looksLikeTar(archive.subarray(0, 100)), false);
    });
  });
});
