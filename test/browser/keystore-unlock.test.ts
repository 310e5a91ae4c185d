// An identity kept in a keystore file (no keychain reachable) in real Chromium: while it is locked
// the window shows the unlock banner; a wrong passphrase is said plainly and the banner stays; the
// right one removes it and the key works (an encrypted backup is made with it); "Lock now" brings the
// banner back. No network is needed.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { tempFolder } from '../support/cli.ts';
import { testTable, type TestTable } from '../support/handlers.ts';
import { MemoryKeychain } from '../support/memory-keychain.ts';
import { chromiumMissing, launchChromium, screenshot, watchPage } from './support/chromium.ts';

const PASSPHRASE = 'correct horse battery';

describe('an identity in a keystore file: the unlock banner', { skip: chromiumMissing() }, () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let t: TestTable;
  let host: RunningHost;
  let page: Page;
  let problems: string[];
  let address: string;

  before(async () => {
    work = await tempFolder('sealdrop-keystore-');
    const rendererDir = join(work.path, 'renderer');
    const [launched] = await Promise.all([launchChromium(), buildRenderer(rendererDir)]);
    browser = launched;
    t = await testTable({ face: 'browser', keychain: MemoryKeychain.unreachable() });
    const made = await t.value('identity:create', { passphrase: PASSPHRASE });
    assert.equal(made.storage, 'keystore');
    address = made.address;
    assert.deepEqual(await t.value('identity:lock', {}), { locked: true });
    host = await startHost({ table: t.table, staticDir: rendererDir });
    page = await browser.context.newPage();
    problems = watchPage(page);
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Share', level: 1 }).waitFor();
  });

  after(async () => {
    await page?.close();
    await host?.close();
    await t?.close();
    await browser?.close();
    await work?.cleanup();
    assert.deepEqual(problems ?? [], [], 'no page errors and no Content-Security-Policy violations');
  });

  const banner = (): ReturnType<Page['locator']> => page.locator('.message', { has: page.getByRole('heading', { name: 'Your identity is locked' }) });

  test('the locked identity shows the banner, and a wrong passphrase is refused with a message', async () => {
    await banner().waitFor();
    await screenshot(page, 'unlock-banner');
    await banner().getByLabel('Passphrase of your identity').fill('not the passphrase');
    await banner().getByRole('button', { name: 'Unlock' }).click();
    await banner().locator('[data-error-code]').waitFor();
    assert.match((await banner().locator('[data-error-code]').textContent()) ?? '', /Wrong passphrase/);
    assert.equal(await banner().getByLabel('Passphrase of your identity').inputValue(), '', 'the field is emptied');
    assert.equal((await t.value('identity:get', {})).identity?.locked, true);
    await screenshot(page, 'unlock-banner-wrong');
  });

  test('the right passphrase removes the banner, and the key works: a backup is made with it', async () => {
    await banner().getByLabel('Passphrase of your identity').fill(PASSPHRASE);
    await banner().getByRole('button', { name: 'Unlock' }).click();
    await banner().waitFor({ state: 'detached' });
    assert.equal((await t.value('identity:get', {})).identity?.locked, false);
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Identity & settings', exact: true }).click();
    const settings = page.locator('#screen-settings');
    assert.equal(((await settings.getByTestId('identity-address').textContent()) ?? '').trim(), address);
    await settings.getByText('an encrypted keystore file (no keychain here)').waitFor();
    await settings.getByText('Back up your identity').click();
    await settings.getByLabel('New passphrase for the backup').fill('backup passphrase');
    await settings.getByLabel('The same again').fill('backup passphrase');
    const output = join(work.path, 'backup.json');
    await settings.getByLabel('Save to').fill(output);
    await settings.getByRole('button', { name: 'Make the backup' }).click();
    await settings.getByText(`The backup is saved in ${output}.`, { exact: false }).waitFor();
    const backup = JSON.parse(await readFile(output, 'utf8')) as { address?: string };
    assert.equal(`0x${backup.address ?? ''}`.toLowerCase(), address.toLowerCase());
  });

  test('"Lock now" locks it again and the banner comes back', async () => {
    await page.locator('#screen-settings').getByRole('button', { name: 'Lock now' }).click();
    await banner().waitFor();
    assert.equal((await t.value('identity:get', {})).identity?.locked, true);
  });
});
