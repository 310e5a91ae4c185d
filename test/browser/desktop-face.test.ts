// The renderer's desktop face in real Chromium: the page sees a `window.api` shaped like the Electron
// preload's (here a stand-in over the browser-mode host, injected before the page's own script, as
// the preload is), so the same bundle takes the desktop paths: dropped Files get their paths from
// pathForFile, the file pickers are offered, and what the OS asks to open is routed to its screen.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Page } from 'playwright-core';
import { create as qrCreate } from 'qrcode';
import { startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { buildRenderer } from '../../scripts/build-renderer.ts';
import { tempFolder } from '../support/cli.ts';
import { startTestNetwork, type TestNetwork } from '../support/network.ts';
import { testTable, type TestTable } from '../support/handlers.ts';
import { chromiumMissing, dropFileWithoutPath, launchChromium, screenshot, watchPage } from './support/chromium.ts';

/**
 * A stand-in preload: window.api over the host's HTTP API; pathForFile knows the names in `paths`;
 * showInFolder records its paths in window.__shown; choosePaths answers what `chosen` has for the
 * kind (the dialog the user would see) and records each kind asked in window.__dialogs.
 */
function standInPreload(paths: Record<string, string>, chosen: Record<string, string[]>): string {
  return `(() => {
    const token = new URLSearchParams(location.hash.slice(1)).get('token');
    const paths = ${JSON.stringify(paths)};
    const chosen = ${JSON.stringify(chosen)};
    let source = null;
    let launch = null;
    window.__sealdropLaunch = (intent) => launch && launch(intent);
    window.api = Object.freeze({
      invoke: (channel, request) =>
        fetch('/api/invoke/' + channel, { method: 'POST', headers: { 'content-type': 'application/json', 'x-sealdrop-token': token }, body: JSON.stringify(request) }).then((r) => r.json()),
      on(event, listener) {
        source = source || new EventSource('/api/events?token=' + token);
        const handler = (message) => listener(JSON.parse(message.data));
        source.addEventListener(event, handler);
        return () => source.removeEventListener(event, handler);
      },
      onLaunch(listener) {
        launch = listener;
        return () => { launch = null; };
      },
      pathForFile: (file) => paths[file.name] || '',
      showInFolder: (path) => {
        (window.__shown = window.__shown || []).push(path);
        return Promise.resolve({ ok: true, value: null });
      },
      choosePaths: (kind) => {
        (window.__dialogs = window.__dialogs || []).push(kind);
        return Promise.resolve({ ok: true, value: chosen[kind] || [] });
      },
    });
  })()`;
}

describe('the renderer with a preload-shaped window.api', { skip: chromiumMissing() }, () => {
  let work: { path: string; cleanup: () => Promise<void> };
  let browser: Awaited<ReturnType<typeof launchChromium>>;
  let t: TestTable;
  let host: RunningHost;
  let page: Page;
  let problems: string[];
  let network: TestNetwork;

  before(async () => {
    work = await tempFolder('sealdrop-desktop-face-');
    const rendererDir = join(work.path, 'renderer');
    const [launched, started] = await Promise.all([launchChromium(), startTestNetwork({ nodes: 1, threshold: 0 }), buildRenderer(rendererDir)]);
    browser = launched;
    network = started;
    await mkdir(join(work.path, 'photos'));
    await writeFile(join(work.path, 'photos', 'a.txt'), 'a');
    await writeFile(join(work.path, 'photos', 'b.txt'), 'bb');
    t = await testTable({ face: 'desktop' });
    host = await startHost({ table: t.table, staticDir: rendererDir });
    page = await browser.context.newPage();
    problems = watchPage(page);
    await mkdir(join(work.path, 'chosen-outbox'));
    const dialogs = { folder: [join(work.path, 'photos')], destination: [join(work.path, 'chosen-outbox')] };
    await page.addInitScript({ content: standInPreload({ photos: join(work.path, 'photos'), 'photos.sealdrop': join(work.path, 'photos.sealdrop') }, dialogs) });
    await page.goto(host.url);
    await page.getByRole('heading', { name: 'Share', level: 1 }).waitFor();
  });

  after(async () => {
    await page?.close();
    await host?.close();
    await t?.close();
    await browser?.close();
    await network?.close();
    await work?.cleanup();
    assert.deepEqual(problems ?? [], []);
  });

  test('offers the file pickers, and a dropped File is sealed from the path the preload gives', async () => {
    const zone = page.locator('#screen-share').getByTestId('drop-zone');
    await zone.getByRole('button', { name: 'Choose files…' }).waitFor();
    await zone.getByRole('button', { name: 'Choose a folder…' }).waitFor();
    await dropFileWithoutPath(page, zone, 'photos');
    await page.getByTestId('plan').getByText(/^2 files, 3 B/).waitFor();
    assert.equal(await page.getByLabel('Save in').inputValue(), work.path);
    await screenshot(page, 'desktop-share');
  });

  test('"Choose a folder…" and the "Save in" Choose… button use the system dialogs window.api offers', async () => {
    const share = page.locator('#screen-share');
    await share.getByRole('button', { name: 'Start over' }).click();
    await share.getByTestId('drop-zone').getByRole('button', { name: 'Choose a folder…' }).click();
    await share.getByTestId('plan').getByText(/^2 files, 3 B/).waitFor();
    await share.getByRole('button', { name: 'Choose where the sealed file goes' }).click();
    await page.waitForFunction('(window.__dialogs || []).length === 2');
    assert.equal(await share.getByLabel('Save in').inputValue(), join(work.path, 'chosen-outbox'));
    assert.deepEqual(await page.evaluate('window.__dialogs'), ['folder', 'destination']);
    await share.getByRole('button', { name: 'Start over' }).click();
  });

  test('a .sealdrop file the OS asks to open is shown on the Open screen, not opened unasked', async () => {
    const file = join(work.path, 'from-the-os.sealdrop');
    await page.evaluate(`window.__sealdropLaunch({ kind: 'open-file', file: ${JSON.stringify(file)} })`);
    await page.getByRole('heading', { name: 'Open', level: 1 }).waitFor();
    const card = page.getByTestId('open-card');
    await card.getByText(file, { exact: true }).waitFor();
    await page.locator('#screen-open [data-error-code=input-not-found]').waitFor();
  });

  test('a network link the OS hands over waits in the add-network field for a click', async () => {
    await page.evaluate(`window.__sealdropLaunch({ kind: 'network-link', link: 'sealdrop://network/abc' })`);
    await page.getByRole('heading', { name: 'Identity & settings', level: 1 }).waitFor();
    assert.equal(await page.locator('#screen-settings').getByLabel('Network link or profile file').inputValue(), 'sealdrop://network/abc');
    assert.equal((await t.call('network:list', {})).ok && (await t.value('network:list', {})).networks.length, 0, 'nothing was added unasked');
  });

  test('Identity & settings shows the address as a QR code: an inline SVG with the symbol of that address', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Identity & settings', exact: true }).click();
    const settings = page.locator('#screen-settings');
    await settings.getByRole('button', { name: 'Create my identity' }).click();
    const address = ((await settings.getByTestId('identity-address').textContent()) ?? '').trim();
    assert.match(address, /^0x[0-9a-fA-F]{40}$/);
    const qr = settings.getByRole('img', { name: `QR code of your address ${address}` });
    await qr.waitFor();
    const expected = qrCreate(address, { errorCorrectionLevel: 'M' }).modules;
    const drawn = (await page.evaluate(`(() => {
      const svg = document.querySelector('#screen-settings [data-testid=qr-code]');
      return {
      tag: svg.tagName.toLowerCase(),
      modules: Number(svg.getAttribute('data-modules')),
      viewBox: svg.getAttribute('viewBox'),
      dark: Array.from(svg.querySelectorAll('g rect')).reduce((sum, r) => sum + Number(r.getAttribute('width')), 0),
      images: svg.querySelectorAll('image, foreignObject').length,
    }; })()`)) as { tag: string; modules: number; viewBox: string; dark: number; images: number };
    let dark = 0;
    for (let i = 0; i < expected.data.length; i++) dark += expected.data[i] ?? 0;
    assert.deepEqual(drawn, { tag: 'svg', modules: expected.size, viewBox: `0 0 ${expected.size + 8} ${expected.size + 8}`, dark, images: 0 });
    await qr.scrollIntoViewIfNeeded();
    await screenshot(page, 'settings-qr');
  });

  test('the sealed file\'s card offers "Show in folder", which asks window.api to show that file', async () => {
    const settings = page.locator('#screen-settings');
    await settings.getByLabel('Network link or profile file').fill(network.profilePath);
    await settings.getByRole('button', { name: 'Add network' }).click();
    await settings.getByTestId('network').waitFor();
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Share', exact: true }).click();
    const share = page.locator('#screen-share');
    await dropFileWithoutPath(page, share.getByTestId('drop-zone'), 'photos');
    await share.getByTestId('plan').getByText(/^2 files, 3 B/).waitFor();
    await share.getByRole('button', { name: 'Seal', exact: true }).click();
    const result = share.getByTestId('seal-result');
    await result.waitFor({ timeout: 30_000 });
    const file = ((await result.getByTestId('sealed-file').textContent()) ?? '').trim();
    assert.equal(file, join(work.path, 'photos.sealdrop'));
    assert.equal(await result.getByTestId('sealed-folder').count(), 0, 'no folder path to copy where the folder can be shown');
    await result.getByRole('button', { name: 'Show in folder' }).click();
    await page.waitForFunction('(window.__shown || []).length === 1');
    assert.deepEqual(await page.evaluate('window.__shown'), [file]);
    await screenshot(page, 'desktop-share-result');
  });

  test('opening the sealed file reveals the opened folder with "Show in folder"', async () => {
    await page.getByRole('navigation', { name: 'Screens' }).getByRole('button', { name: 'Open', exact: true }).click();
    const openScreen = page.locator('#screen-open');
    await dropFileWithoutPath(page, openScreen.getByTestId('drop-zone'), 'photos.sealdrop');
    await openScreen.getByLabel('Open into').fill(join(work.path, 'chosen-outbox'));
    await openScreen.getByRole('button', { name: 'Open', exact: true }).click();
    const result = openScreen.getByTestId('open-result');
    await result.waitFor({ timeout: 30_000 });
    const output = ((await result.getByTestId('opened-output').textContent()) ?? '').trim();
    assert.equal(output, join(work.path, 'chosen-outbox', 'photos'));
    await result.getByRole('button', { name: 'Show in folder' }).click();
    await page.waitForFunction('(window.__shown || []).length === 2');
    assert.deepEqual(((await page.evaluate('window.__shown')) as string[])[1], output);
    await screenshot(page, 'desktop-open-result');
  });
});
