// The renderer's words and paths, in plain Node: what a drop's text yields as paths (the browser
// mode's drop), where to save by default, thresholds and sizes in words, and which message a failure
// gets (not allowed with the owner, unreachable with counts, damaged with the part).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { describeError } from '../../src-renderer/text/error-text.ts';
import { formatBytes, formatDuration, percentOf, thresholdWords } from '../../src-renderer/text/format.ts';
import { isAbsolutePath, parentFolder, pathFromFileUrl, pathsFromDropText } from '../../src-renderer/text/paths.ts';

describe('paths from a drop', () => {
  test('takes file:// URLs from text/uri-list, skipping comments and other URLs', () => {
    const list = '# dragged from a file manager\r\nfile:///home/me/My%20Report\r\nhttps://example.com/x\r\nfile:///home/me/notes.txt\r\n';
    assert.deepEqual(pathsFromDropText(list, 'ignored'), ['/home/me/My Report', '/home/me/notes.txt']);
  });

  test('falls back to text/plain: absolute paths or file:// URLs, one per line, nothing relative', () => {
    assert.deepEqual(pathsFromDropText('', '/tmp/a\nrelative/b\n  /tmp/c d  \nfile:///tmp/e\n/tmp/a\n'), ['/tmp/a', '/tmp/c d', '/tmp/e']);
    assert.deepEqual(pathsFromDropText('', 'just some words'), []);
  });

  test('reads Windows paths and refuses file URLs of other hosts', () => {
    assert.equal(pathFromFileUrl('file:///C:/Users/me/x.sealdrop'), 'C:/Users/me/x.sealdrop');
    assert.equal(pathFromFileUrl('file://server/share/x'), null);
    assert.equal(pathFromFileUrl('file:///bad%zz'), null);
    assert.ok(isAbsolutePath('C:\\Users\\me'));
    assert.ok(!isAbsolutePath('C:relative'));
  });

  test('suggests the folder next to what was dropped', () => {
    assert.equal(parentFolder('/home/me/report'), '/home/me');
    assert.equal(parentFolder('/home/me/report/'), '/home/me');
    assert.equal(parentFolder('/report'), '/');
    assert.equal(parentFolder('C:\\Users\\report'), 'C:\\Users');
    assert.equal(parentFolder('C:\\report'), 'C:\\');
  });
});

describe('numbers in words', () => {
  test('thresholds as people say them', () => {
    assert.equal(thresholdWords(1, 3), 'any 2 of 3 key holders');
    assert.equal(thresholdWords(2, 3), 'all 3 key holders');
    assert.equal(thresholdWords(0, 1), 'its one key holder');
    assert.equal(thresholdWords(1, null), '2 key holders', 'a network this computer does not know');
  });

  test('sizes, times and percentages', () => {
    assert.equal(formatBytes(999_999), '1.00 MB');
    assert.equal(formatBytes(2_097_293), '2.10 MB');
    assert.equal(formatDuration(125), '2 min 5 s');
    assert.equal(formatDuration(0.2), 'less than a second');
    assert.equal(percentOf(5, 10), 50);
    assert.equal(percentOf(0, 0), 100);
    assert.equal(percentOf(3, null), null);
  });
});

describe('failures in words', () => {
  const owner = '0x' + 'aB'.repeat(20);

  test('not allowed names the owner to ask, from the error or from what the screen knows', () => {
    const fromError = describeError({ code: 'access-denied', message: 'denied', details: { owner } });
    assert.equal(fromError.kind, 'not-allowed');
    assert.equal(fromError.advice, `Ask the owner, ${owner}, to give your address access.`);
    assert.equal(describeError({ code: 'access-denied', message: 'denied' }, owner).advice, fromError.advice);
  });

  test('unreachable key holders say how many answered', () => {
    const text = describeError({ code: 'not-enough-nodes', message: '1 of 3 answered', details: { answered: 1, needed: 2, total: 3 } });
    assert.equal(text.kind, 'unreachable');
    assert.match(text.advice ?? '', /^1 of 3 key holders answered; 2 are needed\./);
  });

  test('a damaged file says which part', () => {
    const chunk = describeError({ code: 'payload-tampered', message: 'changed', details: { chunk: 32, reason: 'tag' } });
    assert.equal(chunk.kind, 'damaged');
    assert.match(chunk.advice ?? '', /part 33 of its contents \(from 2\.10 MB in\)/);
    assert.match(describeError({ code: 'header-tampered', message: 'changed' }).advice ?? '', /^Its header/);
  });

  test('an unknown network offers to add its profile', () => {
    const text = describeError({ code: 'profile-invalid', message: 'unknown network', details: { network: '0x' + '0'.repeat(64) } });
    assert.equal(text.kind, 'unknown-network');
  });
});
