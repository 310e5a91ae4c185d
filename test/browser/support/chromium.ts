// Real Chromium for the browser tests (DESIGN §7): Debian's /usr/bin/chromium driven by
// playwright-core (never `playwright install`), headless, with a fresh profile in a temporary
// --user-data-dir, and the flags that keep it from calling home. Also: screenshots under
// test/screenshots/ (git-ignored) and a drop of paths as a DataTransfer.
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { ROOT, tempFolder } from '../../support/cli.ts';

/** Debian's Chromium. */
export const CHROMIUM = '/usr/bin/chromium';

/** Why the browser tests cannot run here, or false when they can (for `describe(…, { skip })`). */
export function chromiumMissing(): string | false {
  return existsSync(CHROMIUM) ? false : `skipped: ${CHROMIUM} is missing (install the Debian package "chromium": apt-get install -y chromium)`;
}

/** DESIGN §7: no sandbox (containers), no GPU, nothing in the background, no QUIC, no first-run UI. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic', '--no-first-run'];

/**
 * Each person's page is a tab of one window, and Chromium slows tabs that are not in front (timers,
 * animation frames, which Playwright's checks wait for): these keep every page running at full speed.
 */
const NO_BACKGROUND_THROTTLING = ['--disable-renderer-backgrounding', '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows'];

/** Where the screenshots go (git-ignored; look at them after a run). */
export const SCREENSHOT_DIR = join(ROOT, 'test', 'screenshots');

/** A browser with a fresh profile; `close` also removes the profile. */
export async function launchChromium(): Promise<{ context: BrowserContext; close(): Promise<void> }> {
  const profile = await tempFolder('sealdrop-chromium-');
  const context = await chromium.launchPersistentContext(profile.path, {
    executablePath: CHROMIUM,
    headless: true,
    args: [...CHROMIUM_FLAGS, ...NO_BACKGROUND_THROTTLING],
    viewport: { width: 1180, height: 860 },
    colorScheme: 'light',
    reducedMotion: 'reduce',
    locale: 'en-GB',
  });
  return {
    context,
    async close() {
      await context.close();
      await profile.cleanup();
    },
  };
}

/** Problems a page reported: uncaught errors and console errors (CSP violations among them). */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console: ${message.text()}`);
  });
  return problems;
}

/** Saves a full-page screenshot as test/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<void> {
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  // Pages of one browser are tabs: only the front one paints and runs its transitions.
  await page.bringToFront();
  // From the top, so the sticky sidebar sits where a person sees it.
  await page.evaluate('window.scrollTo(0, 0)');
  // Let transitions (a colour scheme switch, a bar filling) settle.
  await page.waitForTimeout(250);
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}

/**
 * Drops `paths` on `target` the way a drag from a file manager or terminal carries them into a web
 * page: a DataTransfer with `text/uri-list` (file:// URLs) or `text/plain` (one path per line),
 * through dragenter, dragover and drop events.
 */
export async function dropPaths(page: Page, target: Locator, paths: string[], as: 'text/uri-list' | 'text/plain' = 'text/uri-list'): Promise<void> {
  const text = as === 'text/uri-list' ? paths.map((path) => pathToFileURL(path).href).join('\r\n') : paths.join('\n');
  // A string, not a function: the tests are type-checked without the DOM library.
  const dataTransfer = await page.evaluateHandle(`(() => { const data = new DataTransfer(); data.setData(${JSON.stringify(as)}, ${JSON.stringify(text)}); return data; })()`);
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
  await dataTransfer.dispose();
}

/** Drops a File with contents but no path, as a browser gives a page any file dragged in from the desktop. */
export async function dropFileWithoutPath(page: Page, target: Locator, name: string): Promise<void> {
  const dataTransfer = await page.evaluateHandle(
    `(() => { const data = new DataTransfer(); data.items.add(new File(['hello'], ${JSON.stringify(name)}, { type: 'text/plain' })); return data; })()`,
  );
  for (const type of ['dragenter', 'dragover', 'drop']) await target.dispatchEvent(type, { dataTransfer });
  await dataTransfer.dispose();
}
