// The check in front of shell.showItemInFolder (desktop:show-in-folder), in Node without Electron:
// only `{ path }`, absolute, normalised, bounded, an existing regular file, and one main remembers
// as written by the app or chosen by the user; and which messages name such files.
import assert from 'node:assert/strict';
import { mkdir, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { MAX_SHOW_PATH, checkShowInFolder, filesWritten } from '../../../src-main/app/show-in-folder.ts';
import { tempFolder } from '../../support/cli.ts';

describe('checkShowInFolder', () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let file: string;
  before(async () => {
    work = await tempFolder('sealdrop-show-');
    file = join(work.path, 'report.sealdrop');
    await writeFile(file, 'x');
    await mkdir(join(work.path, 'folder'));
  });
  after(() => work?.cleanup());

  const code = async (request: unknown, allowed?: (path: string) => boolean): Promise<string> => {
    const result = await checkShowInFolder(request, allowed === undefined ? {} : { allowed });
    return result.ok ? 'ok' : result.error.code;
  };

  test('an existing file named by an absolute path is shown as it was named', async () => {
    assert.deepEqual(await checkShowInFolder({ path: file }), { ok: true, value: file });
    assert.deepEqual(await checkShowInFolder({ path: file }, { allowed: (path) => path === file }), { ok: true, value: file });
  });

  test('malformed requests are refused before the file system is touched', async () => {
    let looked = 0;
    const stat = async (): Promise<{ isFile(): boolean; isDirectory(): boolean }> => {
      looked++;
      return { isFile: () => true, isDirectory: () => false };
    };
    for (const request of [
      null,
      undefined,
      'string',
      [file],
      {},
      { path: file, extra: 1 },
      { file },
      { path: 42 },
      { path: '' },
      { path: 'relative/report.sealdrop' },
      { path: './report.sealdrop' },
      { path: `${work.path}/../x/report.sealdrop` },
      { path: `${work.path}//report.sealdrop` },
      { path: `${work.path}/./report.sealdrop` },
      { path: `${file}\0.txt` },
      { path: `/${'a'.repeat(MAX_SHOW_PATH)}` },
    ]) {
      const result = await checkShowInFolder(request, { stat });
      assert.equal(result.ok ? 'ok' : result.error.code, 'request-invalid', JSON.stringify(request));
    }
    assert.equal(looked, 0);
  });

  test('a path main does not know as written or chosen is refused, even if it exists', async () => {
    assert.equal(await code({ path: file }, () => false), 'request-invalid');
    assert.equal(await code({ path: '/etc/passwd' }, (path) => path === file), 'request-invalid');
  });

  test('a folder (an opened document) is shown too; a missing path or something else is not found', async () => {
    assert.equal(await code({ path: join(work.path, 'folder') }), 'ok');
    assert.equal(await code({ path: join(work.path, 'gone.sealdrop') }), 'input-not-found');
    const fifo = { isFile: () => false, isDirectory: () => false };
    const result = await checkShowInFolder({ path: file }, { stat: async () => fifo });
    assert.equal(result.ok ? 'ok' : result.error.code, 'input-not-found');
  });

  test('a link to a file counts as the file (stat follows it); a dangling link is not found', async () => {
    await symlink(file, join(work.path, 'link.sealdrop'));
    await symlink(join(work.path, 'nowhere'), join(work.path, 'dangling.sealdrop'));
    assert.equal(await code({ path: join(work.path, 'link.sealdrop') }), 'ok');
    assert.equal(await code({ path: join(work.path, 'dangling.sealdrop') }), 'input-not-found');
  });
});

describe('filesWritten', () => {
  const seal = { file: '/home/me/out/report.sealdrop' };
  test('names the sealed file of a seal that finished, of a status answer, and an inspected file', () => {
    assert.deepEqual(filesWritten('operation:done', { operationId: 'x', kind: 'seal', result: { ok: true, value: seal } }), [seal.file]);
    assert.deepEqual(filesWritten('operation:status', { ok: true, value: { seal } }), [seal.file]);
    assert.deepEqual(filesWritten('open:inspect', { ok: true, value: { file: '/home/me/in.sealdrop' } }), ['/home/me/in.sealdrop']);
  });
  test('names the folder an open made, from its done event and a status answer', () => {
    const opened = { output: '/home/me/inbox/report', kind: 'folder' };
    assert.deepEqual(filesWritten('operation:done', { operationId: 'x', kind: 'open', result: { ok: true, value: opened } }), [opened.output]);
    assert.deepEqual(filesWritten('operation:status', { ok: true, value: { seal: null, open: opened } }), [opened.output]);
    assert.deepEqual(filesWritten('operation:done', { kind: 'open', result: { ok: false, error: {} } }), []);
  });
  test('names the sealed files a "Sealed by me" list answer names, and nothing of a failed one', () => {
    const documents = [{ output: '/home/me/a.sealdrop' }, { output: '/home/me/b.sealdrop' }, { output: 7 }, {}];
    assert.deepEqual(filesWritten('documents:list', { ok: true, value: { documents } }), ['/home/me/a.sealdrop', '/home/me/b.sealdrop']);
    assert.deepEqual(filesWritten('documents:list', { ok: false, error: {} }), []);
    assert.deepEqual(filesWritten('documents:list', { ok: true, value: { documents: 'x' } }), []);
  });
  test('names nothing for failures, other kinds and other messages', () => {
    assert.deepEqual(filesWritten('operation:done', { kind: 'seal', result: { ok: false, error: {} } }), []);
    assert.deepEqual(filesWritten('operation:done', { kind: 'open', result: { ok: true, value: seal } }), [], 'an open names its output, not a file');
    assert.deepEqual(filesWritten('operation:status', { ok: true, value: { seal: null } }), []);
    assert.deepEqual(filesWritten('operation:status', { ok: false, error: {} }), []);
    assert.deepEqual(filesWritten('seal:plan', { ok: true, value: { file: '/etc/passwd' } }), []);
    assert.deepEqual(filesWritten('progress', null), []);
  });
});
