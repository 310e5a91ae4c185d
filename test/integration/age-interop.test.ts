// Interoperability with the stock `age` CLI (Debian package "age"), both ways, in real processes.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import tarStream from 'tar-stream';
import { run, sealdrop, tempFolder } from '../support/cli.ts';
import { describeTree } from '../support/tree.ts';

let work: { path: string; cleanup: () => Promise<void> };
let identity: string;
let publicKey: string;
let source: string;

before(async () => {
  work = await tempFolder();
  identity = join(work.path, 'me.key');
  const keygen = await sealdrop(['keygen', '-o', identity, '--json']);
  publicKey = JSON.parse(keygen.stdout).publicKey;
  source = join(work.path, 'shared');
  await mkdir(join(source, 'sub'), { recursive: true });
  await writeFile(join(source, 'big.bin'), randomBytes(200_000));
  await writeFile(join(source, 'sub/small.txt'), 'small\n');
});
after(() => work.cleanup());

/** A tar stream built entry by entry, for archives no honest sender would make. */
async function craftTar(entries: { name: string; type?: 'file' | 'symlink' | 'directory'; linkname?: string; content?: string }[]): Promise<Buffer> {
  const pack = tarStream.pack();
  for (const entry of entries) {
    const type = entry.type ?? 'file';
    const header = { name: entry.name, type, linkname: entry.linkname, mode: type === 'directory' ? 0o755 : 0o644 };
    if (type === 'file') pack.entry(header, entry.content ?? 'x');
    else pack.entry(header);
  }
  pack.finalize();
  const parts: Buffer[] = [];
  for await (const part of pack) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

describe('the age CLI', () => {
  test('opens what Sealdrop seals (age -d, then tar -x)', async () => {
    const sealed = join(work.path, 'to-age.sealdrop');
    assert.equal((await sealdrop(['seal', source, '--to', publicKey, '-o', sealed])).code, 0);
    const out = join(work.path, 'by-age');
    await mkdir(out);
    const decrypted = await run('sh', ['-c', `age -d -i "${identity}" "${sealed}" | tar -x -C "${out}"`]);
    assert.equal(decrypted.code, 0, decrypted.stderr);
    assert.deepEqual(await describeTree(join(out, 'shared')), await describeTree(source));
  });

  test('makes files Sealdrop opens: a tar stream becomes a folder', async () => {
    const sealed = join(work.path, 'from-age.age');
    const made = await run('sh', ['-c', `tar -c -C "${work.path}" shared | age -e -r ${publicKey} -o "${sealed}"`]);
    assert.equal(made.code, 0, made.stderr);
    const out = join(work.path, 'from-age-out');
    const opened = await sealdrop(['open', sealed, '-i', identity, '-o', out, '--json']);
    assert.equal(opened.code, 0, opened.stderr);
    assert.equal(JSON.parse(opened.stdout).kind, 'folder');
    assert.deepEqual(await describeTree(join(out, 'shared')), await describeTree(source));
  });

  test('makes files Sealdrop opens: any other payload becomes one file', async () => {
    const sealed = join(work.path, 'plain.age');
    assert.equal((await run('age', ['-e', '-r', publicKey, '-o', sealed, join(source, 'big.bin')])).code, 0);
    const out = join(work.path, 'plain-out.bin');
    const opened = await sealdrop(['open', sealed, '-i', identity, '-o', out, '--json']);
    assert.equal(opened.code, 0, opened.stderr);
    assert.equal(JSON.parse(opened.stdout).kind, 'file');
    assert.deepEqual(await readFile(out), await readFile(join(source, 'big.bin')));
  });

  test('armored age files open too', async () => {
    const sealed = join(work.path, 'armored.age');
    assert.equal((await run('age', ['-e', '-a', '-r', publicKey, '-o', sealed, join(source, 'sub/small.txt')])).code, 0);
    const out = join(work.path, 'armored-out.txt');
    const opened = await sealdrop(['open', sealed, '-i', identity, '-o', out]);
    assert.equal(opened.code, 0, opened.stderr);
    assert.equal(await readFile(out, 'utf8'), 'small\n');
  });
});

describe('archives that try to escape the target folder', () => {
  const cases = [
    { label: 'a parent-directory path', entries: [{ name: '../escaped.txt' }] },
    { label: 'an absolute path', entries: [{ name: '/tmp/sealdrop-escaped.txt' }] },
    { label: 'a link that points outside', entries: [{ name: 'evil', type: 'symlink' as const, linkname: '../../..' }] },
    { label: 'a write through a link', entries: [{ name: 'inner', type: 'symlink' as const, linkname: '.' }, { name: 'inner/x.txt' }] },
    { label: 'a duplicate entry', entries: [{ name: 'a.txt' }, { name: 'a.txt' }] },
  ];
  for (const { label, entries } of cases) {
    test(`refuses ${label} and leaves nothing behind`, async () => {
      const dir = join(work.path, `escape-${label.replaceAll(' ', '-')}`);
      await mkdir(dir);
      const sealed = join(dir, 'evil.age');
      const made = await run('age', ['-e', '-r', publicKey, '-o', sealed], { input: await craftTar([{ name: 'ok.txt' }, ...entries]) });
      assert.equal(made.code, 0, made.stderr);
      const opened = await sealdrop(['open', sealed, '-i', identity, '-o', join(dir, 'out'), '--json']);
      assert.equal(opened.code, 1, opened.stdout);
      assert.equal(JSON.parse(opened.stdout).error.code, 'unsafe-entry');
      assert.deepEqual(await readdir(dir), ['evil.age']);
    });
  }
  test('the absolute-path case wrote nothing at its target', async () => {
    await assert.rejects(readFile('/tmp/sealdrop-escaped.txt'), { code: 'ENOENT' });
  });
});
