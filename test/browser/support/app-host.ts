// One person's Sealdrop in browser mode for the tests: a handler table over its own data folder
// (every answer checked against the contract), served by the real browser-mode host on 127.0.0.1,
// with the renderer build, and a page of the test browser on it.
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { createKeyVault } from '../../../src-main/domain/identity/key-vault.ts';
import type { Keychain } from '../../../src-main/domain/identity/keychain.ts';
import { startHost, type RunningHost } from '../../../src-main/host/host-server.ts';
import { testTable, type TestTable } from '../../support/handlers.ts';
import { watchPage } from './chromium.ts';

/** A person at their Sealdrop. */
export type AppPerson = { t: TestTable; host: RunningHost; page: Page; problems: string[]; close(): Promise<void> };

/** Starts a Sealdrop serving `rendererDir` and opens it in a new page of `context`. */
export async function openApp(context: BrowserContext, rendererDir: string, keychain?: Keychain): Promise<AppPerson> {
  const t = await testTable({ face: 'browser', ...(keychain === undefined ? {} : { keychain }) });
  const host = await startHost({ table: t.table, staticDir: rendererDir });
  const page = await context.newPage();
  const problems = watchPage(page);
  await page.goto(host.url);
  return {
    t,
    host,
    page,
    problems,
    async close() {
      await page.close();
      await host.close();
      // Keys this person made in the (test session's) keychain go with them.
      for (const [dir, names] of [
        [t.dataDir, ['identity']],
        [join(t.dataDir, 'devnet'), ['node-devnet-1', 'node-devnet-2', 'node-devnet-3']],
        [join(t.dataDir, 'node'), ['node-my-node']],
      ] as const) {
        const vault = createKeyVault({ dataDir: dir, keychain: t.keychain, passphrase: async () => null });
        for (const name of names) await vault.delete(name).catch(() => false);
      }
      await t.close();
    },
  };
}
