// The browser mode's own behaviour in real Chromium, and the app used with the keyboard alone:
// the session token leaves the address bar (and survives a reload), a page without it says what to
// do, a drop that carries no path explains itself, Tab reaches every main action in a sensible order
// with a visible focus ring, and screens can be switched and used with Enter. No network is needed
// (an in-memory keychain; seal:plan and open:inspect work without key holders).
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { tempFolder } from '../support/cli.ts';
import { openApp, type AppPerson } from './support/app-host.ts';
import { chromiumMissing, dropFileWithoutPath, launchChromium, screenshot } from './support/chromium.ts';

/** What has the focus: its role or tag and its accessible name, as a person would hear it. */
const FOCUSED = `(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return 'body';
  const label = el.getAttribute('aria-label') || (el.labels && el.labels[0] && el.labels[0].textContent) || el.textContent || el.getAttribute('placeholder') || '';
  return el.tagName.toLowerCase() + ': ' + label.trim().replace(/\\s+/g, ' ');
})()`;

/** Presses Tab `count` times and lists what got the focus each time. */
async function tabThrough(page: Page, count: number): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Tab');
    seen.push((await page.evaluate(FOCUSED)) as string);
  }
  return seen;
}

describe('the browser mode and the keyboard', { skip: chromiumMissing() }, () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let person: AppPerson;
  let page: Page;

  before(async () => {
    work = await tempFolder('sealdrop-browser-mode-');
    const rendererDir = join(work.path, 'renderer');
    const [launched] = await Promise.all([launchChromium(), buildRenderer(rendererDir)]);
    browser = launched;
    await mkdir(join(work.path, 'photos', 'summer'), { recursive: true });
    await writeFile(join(work.path, 'photos', 'summer', 'beach.jpg'), Buffer.alloc(300_000, 1));
    await writeFile(join(work.path, 'photos', 'list.txt'), 'sand\n');
    person = await openApp(browser.context, rendererDir);
    page = person.page;
    await page.getByRole('heading', { name: 'Share', level: 1 }).waitFor();
  });

  after(async () => {
    const problems = person?.problems ?? [];
    await person?.close();
    await browser?.close();
    await work?.cleanup();
    assert.deepEqual(problems, [], 'no page errors and no Content-Security-Policy violations');
  });

  test('the session token leaves the address bar and survives a reload', async () => {
    assert.ok(!page.url().includes('token'), page.url());
    await page.reload();
    await page.getByTestId('setup').waitFor();
  });

  test('a page opened without the token says how to get in', async () => {
    const stranger = await browser.context.newPage();
    try {
      // A fresh tab has no session storage of its own: only the address could carry the token.
      await stranger.goto(person.host.origin);
      const message = stranger.getByRole('alert');
      await message.waitFor();
      assert.match((await message.textContent()) ?? '', /no valid session token.*#token=/);
    } finally {
      await stranger.close();
    }
  });

  test('Tab reaches the navigation, then the main actions, with a visible focus ring', async () => {
    await page.evaluate('document.activeElement && document.activeElement.blur()');
    const seen = await tabThrough(page, 12);
    assert.deepEqual(seen.slice(0, 6), [
      'button: Skip to the screen',
      'button: Share',
      'button: Sealed by me',
      'button: Open',
      'button: Node',
      'button: Identity & settings',
    ]);
    const rest = seen.slice(6);
    for (const action of ['button: Create my identity', 'button: Start the local network', 'input: Path of a file or folder to seal', 'button: Add']) {
      assert.ok(rest.includes(action), `${action} not reached by Tab: ${rest.join(' | ')}`);
    }
    const ring = (await page.evaluate(`getComputedStyle(document.activeElement).outlineStyle + ' ' + getComputedStyle(document.activeElement).outlineWidth`)) as string;
    assert.match(ring, /^solid [1-9]/, 'the focused control shows a focus ring');
  });

  test('the skip link and the navigation work with Enter, and the screen heading takes the focus', async () => {
    await page.getByRole('button', { name: 'Skip to the screen' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(FOCUSED), 'h1: Share', 'the skip link moves the focus to the screen');
    await page.getByRole('button', { name: 'Skip to the screen' }).focus();
    await tabThrough(page, 3);
    assert.equal(await page.evaluate(FOCUSED), 'button: Open');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(FOCUSED), 'h1: Open');
    const next = await tabThrough(page, 2);
    assert.deepEqual(next, ['input: Path of the .sealdrop file to open', 'button: Use this file']);
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.type(join(work.path, 'missing.sealdrop'));
    await page.keyboard.press('Enter');
    const problem = page.locator('#screen-open [data-error-code=input-not-found]');
    await problem.waitFor();
    await screenshot(page, 'open-not-found');
  });

  test('on Share, a path typed and Enter show what will be sealed, and Tab reaches Seal', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Share' }).focus();
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate(FOCUSED), 'h1: Share');
    await page.getByLabel('Path of a file or folder to seal').focus();
    await page.keyboard.type(join(work.path, 'photos'));
    await page.keyboard.press('Enter');
    await page.getByTestId('plan').getByText(/^2 files, 300\.0 KB/).waitFor();
    const seen = await tabThrough(page, 25);
    // No network yet, so the network and threshold choices are off; Seal stays reachable and says why.
    for (const action of ['input: Recipient address', 'input: Save in', 'summary: More options: file name, offline age recipients', 'button: Seal']) {
      assert.ok(seen.includes(action), `${action} not reached by Tab: ${seen.join(' | ')}`);
    }
    await page.getByRole('button', { name: 'Seal', exact: true }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('alert').getByText('Add a network first').waitFor();
    await screenshot(page, 'share-keyboard');
  });

  test('a drop that carries no path (any file dragged into a browser) explains itself and offers the path field', async () => {
    await page.getByRole('button', { name: 'Start over' }).click();
    const zone = page.locator('#screen-share').getByTestId('drop-zone');
    await dropFileWithoutPath(page, zone, 'holiday.jpg');
    await zone.getByText('This browser does not tell Sealdrop where dropped files are on your computer. Type or paste the path into the field instead.').waitFor();
    assert.equal(await page.evaluate(FOCUSED), 'input: Path of a file or folder to seal');
    await screenshot(page, 'share-drop-without-path');
  });
});
