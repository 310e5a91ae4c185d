// Backing up and bringing in an identity from Identity & settings, in real Chromium against the real
// browser mode, with keys in a real Secret Service (under scripts/with-keyring.sh): one person
// downloads an encrypted backup; on another Sealdrop it is brought in from the file (a wrong
// passphrase refused, nothing changed), and the address is the same; a recovery phrase gives the
// address the standard derivation gives; an existing identity is only replaced when asked.
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { osKeychain } from '../../src-main/domain/identity/os-keychain.ts';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { tempFolder } from '../support/cli.ts';
import { openApp, type AppPerson } from './support/app-host.ts';
import { chromiumMissing, launchChromium, screenshot } from './support/chromium.ts';

const TIMEOUT = 30_000;
const BACKUP_PASSPHRASE = 'a long backup passphrase';
// The well-known development phrase: its first account (m/44'/60'/0'/0/0) is this address.
const PHRASE = 'test test test test test test test test test test test junk';
const PHRASE_ADDRESS = '0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266';

async function settings(page: Page): Promise<ReturnType<Page['locator']>> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Identity & settings', exact: true }).click();
  return page.locator('#screen-settings');
}

describe('backing up and bringing in an identity', { skip: chromiumMissing() }, () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let rendererDir: string;
  let alice: AppPerson;
  let bob: AppPerson;
  let aliceAddress: string;
  let backupFile: string;

  before(async () => {
    work = await tempFolder('sealdrop-identity-backup-');
    rendererDir = join(work.path, 'renderer');
    const [launched] = await Promise.all([launchChromium(), buildRenderer(rendererDir)]);
    browser = launched;
    [alice, bob] = await Promise.all([openApp(browser.context, rendererDir, osKeychain()), openApp(browser.context, rendererDir, osKeychain())]);
  });

  after(async () => {
    for (const person of [alice, bob]) {
      if (person === undefined) continue;
      assert.deepEqual(person.problems, [], 'no page errors and no Content-Security-Policy violations');
      await person.close();
    }
    await browser?.close();
    await work?.cleanup();
  });

  test('a backup is refused with passphrases that differ, then downloaded as an encrypted keystore of this address', async () => {
    const screen = await settings(alice.page);
    await screen.getByRole('button', { name: 'Create my identity' }).click();
    aliceAddress = ((await screen.getByTestId('identity-address').textContent()) ?? '').trim();
    assert.match(aliceAddress, /^0x[0-9a-fA-F]{40}$/);
    await screen.getByText('Back up your identity').click();
    await screen.getByLabel('New passphrase for the backup').fill(BACKUP_PASSPHRASE);
    await screen.getByLabel('The same again').fill(`${BACKUP_PASSPHRASE}!`);
    await screen.getByRole('button', { name: 'Make the backup' }).click();
    await screen.getByText('The two passphrases differ.').waitFor();

    await screen.getByLabel('New passphrase for the backup').fill(BACKUP_PASSPHRASE);
    await screen.getByLabel('The same again').fill(BACKUP_PASSPHRASE);
    const downloading = alice.page.waitForEvent('download', { timeout: TIMEOUT });
    await screen.getByRole('button', { name: 'Make the backup' }).click();
    const download = await downloading;
    assert.equal(download.suggestedFilename(), `sealdrop-identity-${aliceAddress.slice(2, 10)}.json`);
    backupFile = join(work.path, 'alice-backup.json');
    await download.saveAs(backupFile);
    await screen.getByText('The backup was downloaded. Keep it and its passphrase apart.').waitFor();
    type Cipher = { ciphertext?: string; kdf?: string };
    const keystore = JSON.parse(await readFile(backupFile, 'utf8')) as { address?: string; crypto?: Cipher; Crypto?: Cipher };
    assert.equal(`0x${keystore.address ?? ''}`.toLowerCase(), aliceAddress.toLowerCase());
    // Web3 Secret Storage (geth spells the section "Crypto"): scrypt, and the key only as ciphertext.
    const cipher = keystore.crypto ?? keystore.Crypto;
    assert.equal(cipher?.kdf, 'scrypt');
    assert.ok((cipher?.ciphertext ?? '').length >= 64, 'the key is in it only encrypted');
    assert.equal(await screen.getByLabel('New passphrase for the backup').inputValue(), '', 'the passphrase fields are emptied');
  });

  test('on another Sealdrop the backup file is brought in: a wrong passphrase is refused, the right one gives the same address', async () => {
    const screen = await settings(bob.page);
    const section = screen.locator('#import-identity');
    await section.getByText('Bring in an identity').click();
    await section.locator('input[type=file]').setInputFiles(backupFile);
    await section.getByText('read', { exact: true }).waitFor();
    await section.getByLabel('Its passphrase').fill('not the passphrase');
    await section.getByRole('button', { name: 'Bring it in' }).click();
    await section.locator('[data-error-code]').waitFor({ timeout: TIMEOUT });
    assert.match((await section.locator('[data-error-code]').textContent()) ?? '', /passphrase/i);
    assert.equal((await bob.t.value('identity:get', {})).identity, null, 'nothing was brought in');

    await section.locator('input[type=file]').setInputFiles(backupFile);
    await section.getByLabel('Its passphrase').fill(BACKUP_PASSPHRASE);
    await section.getByRole('button', { name: 'Bring it in' }).click();
    await section.getByText(`Your identity is now ${aliceAddress}.`).waitFor({ timeout: TIMEOUT });
    assert.equal(((await screen.getByTestId('identity-address').textContent()) ?? '').trim(), aliceAddress);
    assert.equal((await bob.t.value('identity:get', {})).identity?.storage, 'keychain');
    await screenshot(bob.page, 'settings-imported');
  });

  test('an identity is replaced only when asked: a recovery phrase then gives its standard address', async () => {
    const screen = await settings(bob.page);
    const section = screen.locator('#import-identity');
    await section.getByLabel('From').selectOption('mnemonic');
    await section.getByLabel('Recovery phrase').fill(PHRASE);
    await section.getByRole('button', { name: 'Bring it in' }).click();
    await section.getByText(/You already have an identity\. Tick "Replace my identity"/).waitFor();
    assert.equal((await bob.t.value('identity:get', {})).identity?.address, aliceAddress, 'unchanged');

    await section.getByLabel('Recovery phrase').fill(PHRASE);
    await section.getByLabel(/Replace my identity/).check();
    await section.getByRole('button', { name: 'Bring it in' }).click();
    await section.getByText(`Your identity is now ${PHRASE_ADDRESS}.`).waitFor({ timeout: TIMEOUT });
    assert.equal((await bob.t.value('identity:get', {})).identity?.address, PHRASE_ADDRESS);
    assert.equal(await section.getByLabel('Recovery phrase').inputValue(), '', 'the phrase is not kept on screen');
  });
});
