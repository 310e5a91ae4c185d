// The renderer build: the files the servers expect, a page with no inline script or style (so the
// strict CSP of the app and of the browser mode holds), and the same bytes from the same sources.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { tempFolder } from '../support/cli.ts';

/** Every file of `dir` with the SHA-256 of its bytes. */
async function hashes(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const name of (await readdir(dir)).sort()) result[name] = createHash('sha256').update(await readFile(join(dir, name))).digest('hex');
  return result;
}

describe('scripts/build-renderer.ts', () => {
  let work: { path: string; cleanup: () => Promise<void> };
  before(async () => {
    work = await tempFolder('sealdrop-renderer-build-');
  });
  after(() => work?.cleanup());

  test('writes the page, the script, the styles, their maps and the icon', async () => {
    await buildRenderer(join(work.path, 'a'));
    assert.deepEqual(Object.keys(await hashes(join(work.path, 'a'))), ['app.css', 'app.css.map', 'app.js', 'app.js.map', 'icon.svg', 'index.html']);
    const script = await readFile(join(work.path, 'a', 'app.js'), 'utf8');
    assert.doesNotMatch(script, /require\(["']|import\(["']node:|from ?["']node:/, 'nothing of Node in the page');
    assert.ok(script.endsWith('//# sourceMappingURL=app.js.map\n'));
  });

  test('the page has no inline script, style or event handler', async () => {
    const html = await readFile(join(work.path, 'a', 'index.html'), 'utf8');
    assert.deepEqual(html.match(/<script\b[^>]*>/g), ['<script defer src="app.js">']);
    assert.doesNotMatch(html, /<script[^>]*>[^<]+<\/script>/);
    assert.doesNotMatch(html, /<style|\sstyle=|\son[a-z]+=/i);
  });

  test('the same sources give the same bytes', async () => {
    await buildRenderer(join(work.path, 'b'));
    assert.deepEqual(await hashes(join(work.path, 'b')), await hashes(join(work.path, 'a')));
  });
});
