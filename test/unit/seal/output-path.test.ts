import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { claimFolder, numberedName, pathExists, publishFile, temporarySibling } from '../../../src-main/domain/seal/output-path.ts';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { names, withTempDir } from './helpers.ts';

describe('temporarySibling', () => {
  it('is a hidden name in the same folder that mentions the final name and the purpose', () => {
    const tmp = temporarySibling('/some/folder/report.sealdrop', 'sealing');
    assert.equal(path.dirname(tmp), '/some/folder');
    assert.ok(path.basename(tmp).startsWith('.report.sealdrop.sealing-'), path.basename(tmp));
  });

  it('differs on every call', () => {
    const seen = new Set(Array.from({ length: 100 }, () => temporarySibling('/x/a', 'opening')));
    assert.equal(seen.size, 100);
  });
});

describe('numberedName', () => {
  it('puts the number before the extension', () => {
    assert.equal(numberedName('a.sealdrop', 2), 'a (2).sealdrop');
    assert.equal(numberedName('/d/report.pdf', 3), '/d/report (3).pdf');
  });

  it('appends the number to a name without extension', () => {
    assert.equal(numberedName('/d/folder', 2), '/d/folder (2)');
  });

  it('treats a dotfile name as having no extension', () => {
    assert.equal(numberedName('.bashrc', 2), '.bashrc (2)');
    assert.equal(numberedName('/home/u/.config', 4), '/home/u/.config (4)');
  });

  it('numbers only the last extension', () => {
    assert.equal(numberedName('/d/a.tar.gz', 2), '/d/a.tar (2).gz');
  });
});

describe('pathExists', () => {
  it('tells files and folders from missing paths', async () => {
    await withTempDir(async (dir) => {
      await writeFile(path.join(dir, 'f'), '');
      assert.equal(await pathExists(path.join(dir, 'f')), true);
      assert.equal(await pathExists(dir), true);
      assert.equal(await pathExists(path.join(dir, 'missing')), false);
    });
  });
});

describe('claimFolder', () => {
  it('creates the folder itself when the name is free', async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'out');
      assert.equal(await claimFolder(target, 'stop'), target);
      assert.deepEqual(await readdir(target), []);
    });
  });

  it("with 'rename' takes the next free \"name (n)\" and creates it empty", async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'out');
      await mkdir(target);
      await mkdir(path.join(dir, 'out (2)'));
      await writeFile(path.join(dir, 'out (3)'), 'a file also blocks the name');
      const claimed = await claimFolder(target, 'rename');
      assert.equal(claimed, path.join(dir, 'out (4)'));
      assert.deepEqual(await readdir(claimed), []);
      assert.equal(await readFile(path.join(dir, 'out (3)'), 'utf8'), 'a file also blocks the name');
    });
  });

  it("with 'stop' throws target-exists and leaves the existing folder and its contents alone", async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'out');
      await mkdir(target);
      await writeFile(path.join(target, 'keep.txt'), 'mine');
      await assert.rejects(claimFolder(target, 'stop'), (error) => isSealdropError(error, 'target-exists'));
      assert.deepEqual(await names(dir), ['out']);
      assert.deepEqual(await names(target), ['keep.txt']);
      assert.equal(await readFile(path.join(target, 'keep.txt'), 'utf8'), 'mine');
    });
  });

  it('passes on failures other than an existing name', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(claimFolder(path.join(dir, 'missing-parent', 'out'), 'rename'), { code: 'ENOENT' });
    });
  });
});

describe('publishFile', () => {
  it('moves the temporary to the free name', async () => {
    await withTempDir(async (dir) => {
      const tmp = path.join(dir, '.a.sealdrop.sealing-1');
      await writeFile(tmp, 'new');
      const published = await publishFile(tmp, path.join(dir, 'a.sealdrop'), 'stop');
      assert.equal(published, path.join(dir, 'a.sealdrop'));
      assert.equal(await readFile(published, 'utf8'), 'new');
      assert.deepEqual(await names(dir), ['a.sealdrop']);
    });
  });

  it("with 'rename' keeps the existing file and publishes under the next free number", async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'a.sealdrop');
      await writeFile(target, 'old');
      await writeFile(path.join(dir, 'a (2).sealdrop'), 'old 2');
      const tmp = path.join(dir, '.a.sealdrop.sealing-1');
      await writeFile(tmp, 'new');
      const published = await publishFile(tmp, target, 'rename');
      assert.equal(published, path.join(dir, 'a (3).sealdrop'));
      assert.equal(await readFile(published, 'utf8'), 'new');
      assert.equal(await readFile(target, 'utf8'), 'old');
      assert.equal(await readFile(path.join(dir, 'a (2).sealdrop'), 'utf8'), 'old 2');
      assert.deepEqual(await names(dir), ['a (2).sealdrop', 'a (3).sealdrop', 'a.sealdrop']);
    });
  });

  it("with 'stop' throws target-exists and never replaces the existing file", async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'a.sealdrop');
      await writeFile(target, 'old');
      const tmp = path.join(dir, '.a.sealdrop.sealing-1');
      await writeFile(tmp, 'new');
      await assert.rejects(publishFile(tmp, target, 'stop'), (error) => isSealdropError(error, 'target-exists'));
      assert.equal(await readFile(target, 'utf8'), 'old');
    });
  });

  it('does not replace an existing folder either', async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'a');
      await mkdir(target);
      const tmp = path.join(dir, '.a.opening-1');
      await writeFile(tmp, 'new');
      const published = await publishFile(tmp, target, 'rename');
      assert.equal(published, path.join(dir, 'a (2)'));
      assert.deepEqual(await readdir(target), []);
    });
  });
});
