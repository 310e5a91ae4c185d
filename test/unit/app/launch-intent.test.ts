// What the OS asks the app to open: a .sealdrop file from a command line or Finder, a
// sealdrop://network/ link. Untrusted input: recognised strictly, never acted on here.
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { describe, test } from 'node:test';
import { argvFileToOpen, launchIntentFromArgv, sealdropFileArgument, sealdropLink } from '../../../src-main/app/launch-intent.ts';
import { LaunchQueue, MAX_PENDING_INTENTS } from '../../../src-main/app/launch-queue.ts';

const cwd = '/home/ann/Downloads';

describe('sealdropLink', () => {
  test('recognises network links and returns them in canonical form', () => {
    assert.deepEqual(sealdropLink('sealdrop://network/eyJhIjoxfQ'), { kind: 'network-link', link: 'sealdrop://network/eyJhIjoxfQ' });
    assert.deepEqual(sealdropLink('  SEALDROP://network/eyJhIjoxfQ/ '), { kind: 'network-link', link: 'sealdrop://network/eyJhIjoxfQ' });
  });

  test('refuses other links and payloads that are not base64url', () => {
    for (const url of [
      'sealdrop://open/etc/passwd',
      'sealdrop://network/',
      'sealdrop://network/abc def',
      'sealdrop://network/abc?x=1',
      'sealdrop://network/abc%20--inspect',
      'sealdrop://network/abc" --gpu-launcher="calc',
      'https://network/abc',
      'sealdrop:network/abc',
      '',
    ]) {
      assert.equal(sealdropLink(url), null, url);
    }
    assert.equal(sealdropLink(`sealdrop://network/${'A'.repeat(200 * 1024)}`), null);
  });
});

describe('sealdropFileArgument and argvFileToOpen', () => {
  test('takes a .sealdrop path, relative to the caller\'s folder, or a file:// URL', () => {
    assert.equal(sealdropFileArgument('report.sealdrop', cwd), resolve(cwd, 'report.sealdrop'));
    assert.equal(sealdropFileArgument('/tmp/A Report.SEALDROP', cwd), '/tmp/A Report.SEALDROP');
    assert.equal(sealdropFileArgument('file:///tmp/A%20Report.sealdrop', cwd), '/tmp/A Report.sealdrop');
  });

  test('ignores switches, other files, other URLs and remote file URLs', () => {
    for (const argument of ['--inspect=9229', '-x.sealdrop', '--open=a.sealdrop', 'notes.txt', 'https://evil/x.sealdrop', 'sealdrop://network/x.sealdrop', 'file://evil-host/share/x.sealdrop', 'a\0.sealdrop', '']) {
      assert.equal(sealdropFileArgument(argument, cwd), null, argument);
    }
  });

  test('skips the executable and takes the last .sealdrop argument', () => {
    assert.equal(argvFileToOpen(['/opt/Sealdrop/sealdrop', '--no-sandbox', 'a.sealdrop', '--flag', 'b.sealdrop'], cwd), resolve(cwd, 'b.sealdrop'));
    assert.equal(argvFileToOpen(['/opt/x.sealdrop'], cwd), null);
    // A development run: electron <main.js> <file>.
    assert.equal(argvFileToOpen(['/e/electron', '/w/dist/app/main.js', '/tmp/x.sealdrop'], cwd), '/tmp/x.sealdrop');
    assert.equal(argvFileToOpen(['/e/electron', '/w/dist/app/main.js'], cwd), null);
  });
});

describe('launchIntentFromArgv', () => {
  test('a link wins over a file; a file alone is an open-file intent', () => {
    assert.deepEqual(launchIntentFromArgv(['sealdrop', 'x.sealdrop', 'sealdrop://network/QUJD'], cwd), { kind: 'network-link', link: 'sealdrop://network/QUJD' });
    assert.deepEqual(launchIntentFromArgv(['sealdrop', '--allow-file-access-from-files', 'x.sealdrop'], cwd), { kind: 'open-file', file: resolve(cwd, 'x.sealdrop') });
    assert.equal(launchIntentFromArgv(['sealdrop', '--foo'], cwd), null);
  });
});

describe('LaunchQueue', () => {
  test('keeps intents until taken, once, oldest first, without duplicates', () => {
    const queue = new LaunchQueue();
    queue.push({ kind: 'open-file', file: '/a.sealdrop' });
    queue.push({ kind: 'network-link', link: 'sealdrop://network/QQ' });
    queue.push({ kind: 'open-file', file: '/a.sealdrop' });
    assert.equal(queue.size, 2);
    assert.deepEqual(queue.take(), [
      { kind: 'open-file', file: '/a.sealdrop' },
      { kind: 'network-link', link: 'sealdrop://network/QQ' },
    ]);
    assert.deepEqual(queue.take(), []);
  });

  test('keeps at most the newest MAX_PENDING_INTENTS', () => {
    const queue = new LaunchQueue();
    for (let i = 0; i < MAX_PENDING_INTENTS + 5; i++) queue.push({ kind: 'open-file', file: `/f${i}.sealdrop` });
    const taken = queue.take();
    assert.equal(taken.length, MAX_PENDING_INTENTS);
    assert.deepEqual(taken[0], { kind: 'open-file', file: '/f5.sealdrop' });
  });
});
