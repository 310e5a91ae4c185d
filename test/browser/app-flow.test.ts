// The desktop app's screens end to end in real Chromium (Debian's, DESIGN §7), against the real
// browser mode (the host on 127.0.0.1 with its session token and strict CSP, serving the renderer
// build) backed by a REAL local network: 3 key server node processes, keys in a real Secret Service
// (run under scripts/with-keyring.sh). Three people, each with their own Sealdrop: the owner seals a
// folder by dropping it and picking the recipient; the recipient opens it (byte for byte the same);
// a damaged copy is refused as damaged; someone not on the list is refused with the owner's address;
// after the owner removes the recipient, the recipient is refused too. Every screen is saved under
// test/screenshots/.
import assert from 'node:assert/strict';
import { copyFile, mkdir, open, readFile, readdir, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { osKeychain } from '../../src-main/domain/identity/os-keychain.ts';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { tempFolder } from '../support/cli.ts';
import { startTestNetwork, type TestNetwork } from '../support/network.ts';
import { describeTree } from '../support/tree.ts';
import { openApp, type AppPerson } from './support/app-host.ts';
import { SCREENSHOT_DIR, chromiumMissing, dropPaths, launchChromium, screenshot } from './support/chromium.ts';

const TIMEOUT = 30_000;

/** Switches `page` to a screen by its navigation button. */
async function go(page: Page, name: string): Promise<void> {
  await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name, exact: true }).click();
}

/** The visible screen's section. */
function screen(page: Page, id: 'share' | 'sealed' | 'open' | 'node' | 'settings') {
  return page.locator(`#screen-${id}`);
}

describe('the app in Chromium against a real local network', { skip: chromiumMissing() }, () => {
  let network: TestNetwork;
  let work: { path: string; cleanup: () => Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let owner: AppPerson;
  let recipient: AppPerson;
  let stranger: AppPerson;
  let ownerAddress: string;
  let recipientAddress: string;
  let sealedFile: string;
  const folder = (): string => join(work.path, 'report');

  before(async () => {
    work = await tempFolder('sealdrop-browser-');
    const rendererDir = join(work.path, 'renderer');
    const [started, launched] = await Promise.all([startTestNetwork({ nodes: 3, threshold: 1 }), launchChromium(), buildRenderer(rendererDir)]);
    network = started;
    browser = launched;
    await mkdir(join(folder(), 'inner', 'empty'), { recursive: true });
    await writeFile(join(folder(), 'notes.txt'), 'quarterly numbers\n');
    await writeFile(join(folder(), 'inner', 'data.bin'), Buffer.alloc(2 * 1024 * 1024 + 123, 7));
    await mkdir(join(work.path, 'outbox'));
    await mkdir(join(work.path, 'inbox'));
    await mkdir(join(work.path, 'stranger-inbox'));
    const keychain = osKeychain();
    [owner, recipient, stranger] = await Promise.all([openApp(browser.context, rendererDir, keychain), openApp(browser.context, rendererDir, keychain), openApp(browser.context, rendererDir, keychain)]);
  });

  after(async () => {
    const problems = [owner, recipient, stranger].flatMap((p) => p?.problems ?? []);
    await Promise.all([owner, recipient, stranger].map((p) => p?.close()));
    await browser?.close();
    await network?.close();
    await work?.cleanup();
    // No page error and no Content-Security-Policy violation on any page, in any test.
    assert.deepEqual(problems, []);
  });

  test('first start: the set-up card offers an identity and the local network, and says the keys stay on this computer', async () => {
    const setup = owner.page.getByTestId('setup');
    await setup.waitFor({ timeout: TIMEOUT });
    assert.match((await setup.textContent()) ?? '', /the keys stay on this computer/);
    await screenshot(owner.page, 'first-run');
    for (const person of [owner, recipient, stranger]) {
      await person.page.getByRole('button', { name: 'Create my identity' }).first().click();
      await person.page.getByText('Ready:').first().waitFor({ timeout: TIMEOUT });
    }
    const addressOf = async (person: AppPerson): Promise<string> => {
      await go(person.page, 'Identity & settings');
      return (await person.page.getByTestId('identity-address').textContent()) ?? '';
    };
    ownerAddress = await addressOf(owner);
    recipientAddress = await addressOf(recipient);
    assert.match(ownerAddress, /^0x[0-9a-fA-F]{40}$/);
    assert.notEqual(ownerAddress, recipientAddress);
  });

  test('the owner adds the network from its profile file; the others from the link the owner shares', async () => {
    const settings = screen(owner.page, 'settings');
    await settings.getByLabel('Network link or profile file').fill(network.profilePath);
    await settings.getByRole('button', { name: 'Add network' }).click();
    const item = settings.getByTestId('network');
    await item.waitFor({ timeout: TIMEOUT });
    assert.match((await item.textContent()) ?? '', /3 key holders, any 2 of 3 key holders by default/);
    await item.getByRole('button', { name: /Share a link/ }).click();
    const link = await settings.getByTestId('network-link').inputValue();
    assert.match(link, /^sealdrop:\/\/network\//);
    await screenshot(owner.page, 'settings');
    for (const person of [recipient, stranger]) {
      await go(person.page, 'Identity & settings');
      const theirs = screen(person.page, 'settings');
      await theirs.getByLabel('Network link or profile file').fill(link);
      await theirs.getByRole('button', { name: 'Add network' }).click();
      await theirs.getByTestId('network').waitFor({ timeout: TIMEOUT });
    }
    await go(owner.page, 'Share');
    await owner.page.getByTestId('setup').waitFor({ state: 'detached', timeout: TIMEOUT });
  });

  test('the owner drops the folder, picks the recipient, seals it, and the progress reaches 100 %', async () => {
    const share = screen(owner.page, 'share');
    await dropPaths(owner.page, share.getByTestId('drop-zone'), [folder()]);
    const plan = share.getByTestId('plan');
    await plan.getByText('2 files, 2.10 MB').waitFor({ timeout: TIMEOUT });
    await share.getByLabel('Recipient address').fill(recipientAddress);
    await share.getByRole('button', { name: 'Add', exact: true }).last().click();
    await share.getByRole('list', { name: 'Recipients' }).getByText(recipientAddress).waitFor();
    assert.equal(await share.getByLabel('Who must agree to open it').locator('option:checked').textContent(), 'any 2 of 3 key holders');
    assert.equal(await share.getByLabel('Save in').inputValue(), work.path, 'it suggests the folder next to what was dropped');
    await share.getByLabel('Save in').fill(join(work.path, 'outbox'));
    await screenshot(owner.page, 'share-ready');
    // Every step the progress line shows, as it shows it.
    await owner.page.evaluate(`(() => {
      window.__steps = [];
      new MutationObserver(() => {
        const step = document.querySelector('#screen-share .progress-step')?.textContent;
        if (step && window.__steps.at(-1) !== step) window.__steps.push(step);
      }).observe(document.body, { subtree: true, childList: true, characterData: true });
    })()`);
    await share.getByRole('button', { name: 'Seal', exact: true }).click();
    const result = share.getByTestId('seal-result');
    await result.waitFor({ timeout: TIMEOUT });
    const bar = share.getByRole('progressbar', { name: 'Sealing' });
    assert.equal(await bar.getAttribute('aria-valuenow'), '100');
    assert.match((await share.getByTestId('progress').textContent()) ?? '', /100 %.*2\.10 MB of 2\.10 MB/);
    sealedFile = (await result.getByTestId('sealed-file').textContent()) ?? '';
    assert.equal(sealedFile, join(work.path, 'outbox', 'report.sealdrop'));
    // A browser cannot open the file manager: the card gives the folder's path to copy instead.
    assert.equal(await result.getByRole('button', { name: 'Show in folder' }).count(), 0);
    assert.equal(await result.getByTestId('sealed-folder').textContent(), join(work.path, 'outbox'));
    await result.getByRole('button', { name: "Copy the folder's path" }).waitFor();
    assert.match((await result.getByTestId('seal-message').textContent()) ?? '', /report\.sealdrop/);
    const steps = (await owner.page.evaluate('window.__steps')) as string[];
    assert.ok(steps.some((step) => /^Asking the 3 key holders to create the key/.test(step)), `steps seen: ${steps.join(' | ')}`);
    assert.equal(steps.at(-1), 'Done');
    await screenshot(owner.page, 'share-result');
  });

  /** `person` drops `file` on the Open screen and opens it into `into`; the screen's outcome. */
  async function openAs(person: AppPerson, file: string, into: string, shot?: string, ownerKnown = true): Promise<void> {
    await go(person.page, 'Open');
    const openScreen = screen(person.page, 'open');
    const again = openScreen.getByRole('button', { name: 'Open another file' });
    if (await again.isVisible()) await again.click();
    await dropPaths(person.page, openScreen.getByTestId('drop-zone'), [file], 'text/plain');
    await openScreen.getByTestId('inspect').waitFor({ timeout: TIMEOUT });
    if (ownerKnown) await openScreen.getByTestId('owner').getByText(ownerAddress).waitFor({ timeout: TIMEOUT });
    await openScreen.getByLabel('Open into').fill(into);
    if (shot !== undefined) await screenshot(person.page, shot);
    await openScreen.getByRole('button', { name: 'Open', exact: true }).click();
    await openScreen.locator('[data-testid=open-result], [data-error-kind]').first().waitFor({ timeout: TIMEOUT });
  }

  test('the recipient drops the file, sees its owner and network, opens it, and gets the folder back byte for byte', async () => {
    const inbox = join(work.path, 'inbox');
    await openAs(recipient, sealedFile, inbox, 'open-inspect');
    const openScreen = screen(recipient.page, 'open');
    assert.match((await openScreen.getByTestId('inspect').textContent()) ?? '', /any 2 of 3 key holders must agree/);
    const output = (await openScreen.getByTestId('opened-output').textContent()) ?? '';
    assert.equal(output, join(inbox, 'report'));
    assert.deepEqual(await describeTree(join(output, 'report')), await describeTree(folder()));
    assert.equal(await openScreen.getByRole('progressbar', { name: 'Opening' }).getAttribute('aria-valuenow'), '100');
    await screenshot(recipient.page, 'open-result');
  });

  test('a damaged copy is refused as damaged, naming the part, and nothing is written', async () => {
    const damaged = join(work.path, 'damaged.sealdrop');
    await copyFile(sealedFile, damaged);
    const handle = await open(damaged, 'r+');
    try {
      const { size } = await handle.stat();
      const byte = Buffer.alloc(1);
      await handle.read(byte, 0, 1, size - 300);
      byte[0] = (byte[0] ?? 0) ^ 0x01;
      await handle.write(byte, 0, 1, size - 300);
    } finally {
      await handle.close();
    }
    const inbox = join(work.path, 'inbox');
    const before = await readdir(inbox);
    await openAs(recipient, damaged, inbox);
    const message = screen(recipient.page, 'open').locator('[data-error-kind=damaged]');
    await message.waitFor({ timeout: TIMEOUT });
    const text = (await message.textContent()) ?? '';
    assert.match(text, /This file is damaged/);
    assert.match(text, /part 33 of its contents \(from 2\.10 MB in\) does not check out/);
    assert.deepEqual(await readdir(inbox), before);
    await screenshot(recipient.page, 'open-damaged');
  });

  test('someone the owner did not choose is told they are not allowed, with the owner\u2019s address to ask', async () => {
    await openAs(stranger, sealedFile, join(work.path, 'stranger-inbox'));
    const message = screen(stranger.page, 'open').locator('[data-error-kind=not-allowed]');
    await message.waitFor({ timeout: TIMEOUT });
    const text = (await message.textContent()) ?? '';
    assert.match(text, /You are not allowed to open this/);
    assert.ok(text.includes(`Ask the owner, ${ownerAddress}, to give your address access.`), text);
    assert.deepEqual(await readdir(join(work.path, 'stranger-inbox')), []);
    await screenshot(stranger.page, 'open-not-allowed');
  });

  test('Sealed by me lists the document with who may open it and who tried', async () => {
    await go(owner.page, 'Sealed by me');
    const sealed = screen(owner.page, 'sealed');
    const document = sealed.getByTestId('document');
    await document.waitFor({ timeout: TIMEOUT });
    assert.match((await document.textContent()) ?? '', /report.*2\.10 MB.*any 2 of 3 key holders.*You and 1 other person may open it/s);
    await document.getByRole('button', { name: 'Access and history' }).click();
    await document.getByTestId('access-list').getByText(recipientAddress).waitFor({ timeout: TIMEOUT });
    const audit = document.getByTestId('audit-list');
    await audit.waitFor({ timeout: TIMEOUT });
    const history = (await audit.textContent()) ?? '';
    const short = (address: string): string => `${address.slice(0, 6)}…${address.slice(-4)}`;
    assert.match(history, new RegExp(`Opened by ${short(recipientAddress)} at \\d\\d:\\d\\d \\([23] of 3 nodes agree\\)`));
    assert.ok(history.includes(`Refused ${short(await strangerAddress())}`), history);
    assert.match((await document.textContent()) ?? '', /Removing someone stops their future opens\. It cannot take back a copy they have already opened\./);
    await screenshot(owner.page, 'sealed-by-me');
  });

  test('after the owner removes the recipient, the recipient is refused too', async () => {
    const document = screen(owner.page, 'sealed').getByTestId('document');
    await document.getByRole('button', { name: `Remove ${recipientAddress}` }).click();
    await document.getByText(/^Done: 0x[0-9a-fA-F]{40} can no longer open it \(3 of 3 key holders have the change\)\.$/).waitFor({ timeout: TIMEOUT });
    await document.getByTestId('access-list').getByText(recipientAddress).waitFor({ state: 'detached', timeout: TIMEOUT });
    await openAs(recipient, sealedFile, join(work.path, 'inbox'));
    const message = screen(recipient.page, 'open').locator('[data-error-kind=not-allowed]');
    await message.waitFor({ timeout: TIMEOUT });
    assert.ok(((await message.textContent()) ?? '').includes(ownerAddress));
    await screenshot(recipient.page, 'open-refused-after-revoke');
  });

  test('the owner gives access back, re-seals under a new key and stops the old file: the new file opens, the old one is refused', async () => {
    const sealed = screen(owner.page, 'sealed');
    // Pinned by id: once re-sealed, the new document is listed first.
    const documentId = (await sealed.getByTestId('document').getAttribute('data-document-id')) ?? '';
    const document = sealed.locator(`[data-testid=document][data-document-id="${documentId}"]`);
    await document.getByPlaceholder('0x… to give access to').fill(recipientAddress);
    await document.getByRole('button', { name: 'Give access' }).click();
    await document.getByTestId('access-list').getByText(recipientAddress).waitFor({ timeout: TIMEOUT });
    const reseal = document.getByTestId('reseal');
    assert.match((await reseal.textContent()) ?? '', /Makes a new file, under a new key, that you and 1 other person may open/);
    await reseal.getByLabel(/Also stop the old file/).check();
    await reseal.getByRole('button', { name: 'Re-seal', exact: true }).click();
    const result = reseal.getByTestId('reseal-result');
    await result.waitFor({ timeout: TIMEOUT });
    assert.match((await result.textContent()) ?? '', /Re-sealed under a new key\. Nobody but you can open the old file through the key holders any more\./);
    const newFile = (await result.getByTestId('resealed-file').textContent()) ?? '';
    assert.equal(newFile, join(work.path, 'outbox', 'report (2).sealdrop'));
    // The old document's list is asked again: the recipient is no longer on it.
    await document.getByTestId('access-list').getByText(recipientAddress).waitFor({ state: 'detached', timeout: TIMEOUT });
    await screenshot(owner.page, 'sealed-by-me-resealed');
    // The list now shows the new document first and the old one marked as re-sealed.
    await sealed.getByTestId('document').nth(1).waitFor({ timeout: TIMEOUT });
    const cards = await sealed.getByTestId('document').allTextContents();
    assert.equal(cards.length, 2);
    assert.doesNotMatch(cards[0] ?? '', /re-sealed/);
    assert.match(cards[1] ?? '', /re-sealed/);

    const inbox = join(work.path, 'resealed-inbox');
    await mkdir(inbox);
    await openAs(recipient, newFile, inbox);
    const output = (await screen(recipient.page, 'open').getByTestId('opened-output').textContent()) ?? '';
    assert.deepEqual(await describeTree(join(output, 'report')), await describeTree(folder()));
    await openAs(recipient, sealedFile, join(work.path, 'inbox'));
    await screen(recipient.page, 'open').locator('[data-error-kind=not-allowed]').waitFor({ timeout: TIMEOUT });
  });

  test('a file from a network this computer does not know offers to add its profile, then shows its owner', async () => {
    const newcomer = await openApp(browser.context, work.path + '/renderer', osKeychain());
    try {
      await newcomer.page.getByRole('button', { name: 'Create my identity' }).click();
      await newcomer.page.getByText('Ready:').waitFor({ timeout: TIMEOUT });
      await go(newcomer.page, 'Open');
      const openScreen = screen(newcomer.page, 'open');
      await dropPaths(newcomer.page, openScreen.getByTestId('drop-zone'), [sealedFile]);
      const unknown = openScreen.locator('[data-error-kind=unknown-network]');
      await unknown.waitFor({ timeout: TIMEOUT });
      await screenshot(newcomer.page, 'open-unknown-network');
      await go(owner.page, 'Identity & settings');
      const link = await screen(owner.page, 'settings').getByTestId('network-link').inputValue();
      await unknown.getByLabel('Network link or profile file').fill(link);
      await unknown.getByRole('button', { name: 'Add network' }).click();
      await openScreen.getByTestId('owner').getByText(ownerAddress).waitFor({ timeout: TIMEOUT });
      assert.equal(await unknown.count(), 0);
      assert.equal(newcomer.problems.length, 0, newcomer.problems.join('\n'));
    } finally {
      await newcomer.close();
    }
  });

  test('the Node screen sets up a key server and shows the public key to give the network', async () => {
    await go(owner.page, 'Node');
    const node = screen(owner.page, 'node');
    await node.getByRole('button', { name: 'Set up the key server' }).waitFor({ timeout: TIMEOUT });
    await screenshot(owner.page, 'node-setup');
    await node.getByRole('button', { name: 'Set up the key server' }).click();
    const publicKey = node.getByTestId('node-public-key');
    await publicKey.waitFor({ timeout: TIMEOUT });
    assert.match((await publicKey.textContent()) ?? '', /^0x[0-9a-f]{128}$/);
    assert.match((await node.getByTestId('node-status').textContent()) ?? '', /stopped/);
    await screenshot(owner.page, 'node');
  });

  test('the Node screen starts the key server with a profile that lists it, shows it running, and stops it', async () => {
    const node = screen(owner.page, 'node');
    const status = node.getByTestId('node-status');
    const publicKey = ((await node.getByTestId('node-public-key').textContent()) ?? '').trim();
    const configPath = ((await status.locator('dt:text-is("Configuration") + dd').textContent()) ?? '').trim();
    const config = JSON.parse(await readFile(configPath, 'utf8')) as { http: { host: string; port: number }; peer: { host: string; port: number } };
    // The operator's own one-node network, whose profile lists this node's public key.
    const profilePath = join(work.path, 'desk-network.json');
    const profile = {
      sealdropNetwork: 1,
      name: 'Desk network',
      nodes: [{ publicKey, http: `http://127.0.0.1:${config.http.port}`, peer: `/ip4/127.0.0.1/tcp/${config.peer.port}` }],
      threshold: 0,
      acl: { type: 'owner-signed' },
    };
    await writeFile(profilePath, JSON.stringify(profile));
    await node.getByLabel('The network\u2019s profile').fill(profilePath);
    await node.getByRole('button', { name: 'Start the key server' }).click();
    await status.locator('.badge', { hasText: 'running' }).waitFor({ timeout: TIMEOUT });
    const facts = (await status.locator('dl.facts').textContent()) ?? '';
    assert.match(facts, new RegExp(`API\\s*http://127\\.0\\.0\\.1:${config.http.port}`));
    assert.match(facts, /Keys held\s*0/);
    assert.match(facts, /Requests\s*\d+ served, 0 refused/);
    assert.match(facts, /Running since/);
    await screenshot(owner.page, 'node-running');
    await status.getByRole('button', { name: 'Stop', exact: true }).click();
    await status.locator('.badge', { hasText: 'stopped' }).waitFor({ timeout: TIMEOUT });
    await node.getByRole('button', { name: 'Start the key server' }).waitFor();
    assert.equal(await status.getByRole('button', { name: 'Stop', exact: true }).count(), 0);
    assert.equal(await node.locator('[data-error-code]').count(), 0, 'a clean stop shows no error');
  });

  test('while sealing, the step, bytes, rate and time left show, and Cancel leaves nothing behind', async () => {
    const big = join(work.path, 'big');
    await mkdir(big);
    // Sparse: 1.5 GB to seal that costs no disk to make, so there is time to see progress and cancel.
    await writeFile(join(big, 'disk.img'), '');
    await truncate(join(big, 'disk.img'), 1_500_000_000);
    await go(owner.page, 'Share');
    const share = screen(owner.page, 'share');
    await share.getByRole('button', { name: 'Seal something else' }).click();
    await dropPaths(owner.page, share.getByTestId('drop-zone'), [big]);
    await share.getByTestId('plan').getByText('1 file, 1.50 GB').waitFor({ timeout: TIMEOUT });
    await share.getByLabel('Save in').fill(join(work.path, 'outbox'));
    await share.getByRole('button', { name: 'Seal', exact: true }).click();
    // (waitForFunction would eval a string in the page, which its CSP rightly refuses.)
    const bar = share.getByRole('progressbar', { name: 'Sealing' });
    for (let waited = 0; Number((await bar.getAttribute('aria-valuenow')) ?? 0) < 3; waited += 25) {
      assert.ok(waited < TIMEOUT, 'the progress bar never moved');
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    // No settling pause here: the seal is still running.
    await owner.page.screenshot({ path: join(SCREENSHOT_DIR, 'share-progress.png'), fullPage: true });
    await share.getByRole('button', { name: 'Cancel' }).click();
    const cancelled = share.locator('[data-error-kind=cancelled]');
    await cancelled.waitFor({ timeout: TIMEOUT });
    assert.match((await cancelled.textContent()) ?? '', /Cancelled.*Nothing was kept\./);
    assert.deepEqual((await readdir(join(work.path, 'outbox'))).sort(), ['report (2).sealdrop', 'report.sealdrop'], 'no partial file, hidden or not');
    await screenshot(owner.page, 'share-cancelled');
  });

  test('the screens in the dark colour scheme', async () => {
    await owner.page.emulateMedia({ colorScheme: 'dark' });
    for (const [name, file] of [
      ['Share', 'share-dark'],
      ['Sealed by me', 'sealed-by-me-dark'],
      ['Identity & settings', 'settings-dark'],
    ] as const) {
      await go(owner.page, name);
      await screenshot(owner.page, file);
    }
    await owner.page.emulateMedia({ colorScheme: 'light' });
  });

  test('with two of three key holders down, opening says how many answered', async () => {
    await Promise.all([network.stopNode(1), network.stopNode(2)]);
    await openAs(owner, sealedFile, join(work.path, 'inbox'), undefined, false);
    // With one key holder answering, who owns the key cannot be agreed either; the screen says why.
    assert.match((await screen(owner.page, 'open').getByTestId('owner').textContent()) ?? '', /\w/);
    const message = screen(owner.page, 'open').locator('[data-error-kind=unreachable]');
    await message.waitFor({ timeout: TIMEOUT });
    const text = (await message.textContent()) ?? '';
    assert.match(text, /Not enough key holders could be reached/);
    assert.match(text, /1 of 3 key holders answered; 2 are needed\./);
    await screenshot(owner.page, 'open-unreachable');
  });

  /** The stranger's address, from their own settings screen. */
  async function strangerAddress(): Promise<string> {
    await go(stranger.page, 'Identity & settings');
    return (await stranger.page.getByTestId('identity-address').textContent()) ?? '';
  }
});
