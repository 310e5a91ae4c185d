// End to end in the real Electron runtime (Playwright's _electron), for the machines where that
// runtime exists. Here it is not installed (the electron npm package downloads it on first use, and
// there is no internet), so every test skips with that reason. Run it with:
//   npm run build && node_modules/.bin/node --test test/electron/app.test.ts
// What it checks is what only a real Electron can show: the window's settings as Electron applied
// them, the app:// page and its CSP, that the page sees window.api and nothing of Node or Electron,
// that navigation and new windows are refused, and that a .sealdrop file on the command line
// reaches the page through window.api.onLaunch.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { _electron, type ElectronApplication, type Page } from 'playwright-core';
import { electronExecutable } from '../../scripts/start.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ELECTRON = electronExecutable(join(ROOT, 'node_modules', 'electron'), process.env);
const SKIP = ELECTRON === null ? 'Electron runtime not installed (node_modules/electron/dist missing): no internet to download it' : false;

describe('the desktop app in Electron', { skip: SKIP, timeout: 120_000 }, () => {
  let home: string;
  let file: string;
  let app: ElectronApplication;
  let page: Page;

  before(async () => {
    for (const bundle of ['dist/app/main.js', 'dist/preload/preload.js', 'dist/renderer/index.html']) {
      assert.ok(existsSync(join(ROOT, bundle)), `${bundle} is missing: run \`npm run build\` first`);
    }
    home = await mkdtemp(join(tmpdir(), 'sealdrop-electron-'));
    file = join(home, 'report.sealdrop');
    await writeFile(file, 'age-encryption.org/v1\n');
    const asRoot = process.getuid?.() === 0;
    app = await _electron.launch({
      executablePath: ELECTRON as string,
      // Chromium refuses to run its sandbox as root; anywhere else the OS sandbox stays on.
      args: [join(ROOT, 'dist', 'app', 'main.js'), file, ...(asRoot ? ['--no-sandbox'] : [])],
      chromiumSandbox: !asRoot,
      // A data folder of its own: Sealdrop's files and Chromium's profile (and the instance lock).
      env: { ...(process.env as Record<string, string>), SEALDROP_HOME: join(home, 'data'), XDG_CONFIG_HOME: join(home, 'config') },
      timeout: 60_000,
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  after(async () => {
    await app?.close();
    if (home !== undefined) await rm(home, { recursive: true, force: true });
  });

  test('the window shows app://sealdrop/ in a sandboxed renderer process', async () => {
    assert.equal(page.url(), 'app://sealdrop/index.html');
    const tab = await app.evaluate(({ app: electronApp, BrowserWindow }) => {
      const pid = BrowserWindow.getAllWindows()[0]?.webContents.getOSProcessId();
      const metric = electronApp.getAppMetrics().find((entry) => entry.pid === pid);
      return metric === undefined ? null : { type: metric.type, sandboxed: metric.sandboxed ?? null };
    });
    assert.equal(tab?.type, 'Tab');
    // Electron reports the OS sandbox on macOS and Windows only.
    if (process.platform === 'darwin' || process.platform === 'win32') assert.equal(tab?.sandboxed, true);
  });

  test('the page sees window.api and nothing of Node or Electron', async () => {
    const seen = await page.evaluate(() => {
      const global = globalThis as unknown as Record<string, unknown>;
      return {
        api: Object.keys(global.api as object).sort(),
        require: typeof global.require,
        process: typeof global.process,
        module: typeof global.module,
        ipcRenderer: typeof global.ipcRenderer,
        electron: typeof global.electron,
      };
    });
    assert.deepEqual(seen, { api: ['invoke', 'on', 'onLaunch', 'pathForFile'], require: 'undefined', process: 'undefined', module: 'undefined', ipcRenderer: 'undefined', electron: 'undefined' });
  });

  test('window.api reaches the handler table through the sender check', async () => {
    const info = await page.evaluate(() => (globalThis as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown> } }).api.invoke('app:info', {}));
    assert.equal((info as { ok: boolean }).ok, true, JSON.stringify(info));
    assert.equal((info as { value: { face: string } }).value.face, 'desktop');
    const bad = await page.evaluate(() => (globalThis as unknown as { api: { invoke(c: string, r: unknown): Promise<unknown> } }).api.invoke('settings:set', { keepNodeRunning: 'yes' }));
    assert.equal((bad as { error: { code: string } }).error.code, 'request-invalid');
  });

  test('the CSP forbids eval, inline script and remote requests', async () => {
    const result = await page.evaluate(async () => {
      let evalRan = false;
      try {
        evalRan = (0, eval)('true') === true;
      } catch {
        // Refused by script-src.
      }
      let fetched = false;
      try {
        await fetch('https://example.com/');
        fetched = true;
      } catch {
        // Refused by connect-src (and the session's request filter).
      }
      return { evalRan, fetched };
    });
    assert.deepEqual(result, { evalRan: false, fetched: false });
  });

  test('navigation away and new windows are refused', async () => {
    await page.evaluate(() => {
      const page = globalThis as unknown as { open(url: string, target: string): unknown; location: { href: string } };
      page.open('https://example.com/', '_blank');
      page.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(500);
    assert.equal(page.url(), 'app://sealdrop/index.html');
    assert.equal(app.windows().length, 1);
  });

  test('permissions are refused', async () => {
    const state = await page.evaluate(async () => {
      const { navigator } = globalThis as unknown as { navigator: { permissions: { query(descriptor: { name: string }): Promise<{ state: string }> } } };
      return (await navigator.permissions.query({ name: 'geolocation' })).state;
    });
    assert.equal(state, 'denied');
  });

  test('the .sealdrop file on the command line reaches the page through window.api.onLaunch', async () => {
    const intents = await page.evaluate(
      () =>
        new Promise<unknown[]>((resolve) => {
          const heard: unknown[] = [];
          (globalThis as unknown as { api: { onLaunch(listener: (intent: unknown) => void): () => void } }).api.onLaunch((intent) => heard.push(intent));
          setTimeout(() => resolve(heard), 500);
        }),
    );
    assert.deepEqual(intents, [{ kind: 'open-file', file }]);
  });
});
