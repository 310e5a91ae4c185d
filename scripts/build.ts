// Bundles with esbuild into dist/, one file per entry point:
// - dist/cli/: the CLI and its worker thread, so a command starts in tens of milliseconds instead of
//   compiling every TypeScript module on each run;
// - dist/app/: the Electron main process (and the same worker, which must sit next to its bundle);
// - dist/preload/: the sandboxed preload that builds window.api;
// - dist/renderer/: the React UI (scripts/build-renderer.ts), served by the app and the browser mode.
import { build, type BuildOptions } from 'esbuild';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { IPC_CHANNEL_NAMES, IPC_EVENTS } from '../src-shared/ipc/contract.ts';
import { buildRenderer } from './build-renderer.ts';

const root = fileURLToPath(new URL('../', import.meta.url));

/** What the Node-side bundles (CLI, Electron main) share. */
const nodeBundle: BuildOptions = {
  absWorkingDir: root,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Dependencies load from node_modules: native ones (classic-level, the keyring) cannot be bundled,
  // and libp2p, fastify and ethers gain little from it. (electron-builder packs production
  // dependencies next to the app bundle.)
  packages: 'external',
  // CommonJS dependencies (tar-stream) call require() for Node built-ins; give the ESM bundle one.
  banner: { js: "import { createRequire as __sealdropCreateRequire } from 'node:module'; const require = __sealdropCreateRequire(import.meta.url);" },
};

/** The CLI (`bin/sealdrop`, `npm start`'s browser mode). */
export const cliBuild: BuildOptions = {
  ...nodeBundle,
  entryPoints: {
    sealdrop: 'src-main/cli/main.ts',
    // The worker must sit next to the bundle: chunk-pool.ts loads it relative to its own URL.
    'chunk-worker': 'src-main/domain/seal/age/chunk-worker.ts',
  },
  outdir: 'dist/cli',
  // Commands load lazily (src-main/cli/main.ts): split them into chunks so each command's
  // dependencies are imported only when it runs.
  splitting: true,
  // Chunks sit next to the entry: chunk-pool.ts finds chunk-worker.js relative to its own file.
  chunkNames: 'chunk-[name]-[hash]',
};

/** The Electron main process: ESM (Electron ≥ 28), `electron` provided by the runtime. */
export const appBuild: BuildOptions = {
  ...nodeBundle,
  entryPoints: {
    main: 'src-main/app/main.ts',
    // Key server nodes started by the app run this in Electron utility processes.
    'node-process': 'src-main/app/node-process-entry.ts',
    'chunk-worker': 'src-main/domain/seal/age/chunk-worker.ts',
  },
  outdir: 'dist/app',
  external: ['electron'],
};

/**
 * The preload. A sandboxed preload is one classic script: it may require only `electron` (and a few
 * polyfilled modules), never a Node built-in or a second file, so it is bundled as CommonJS for a
 * browser-like platform. It needs only the contract's names (main validates the requests), which are
 * written in here rather than bundling zod and every schema.
 */
export const preloadBuild: BuildOptions = {
  absWorkingDir: root,
  entryPoints: { preload: 'src-main/preload/preload.ts' },
  outdir: 'dist/preload',
  bundle: true,
  platform: 'browser',
  format: 'cjs',
  target: 'chrome140',
  sourcemap: 'linked',
  logLevel: 'warning',
  external: ['electron'],
  define: { SEALDROP_CONTRACT_NAMES: JSON.stringify({ channels: IPC_CHANNEL_NAMES, events: Object.keys(IPC_EVENTS) }) },
};

if (import.meta.main) {
  // Start clean: chunk names carry content hashes, so old chunks would otherwise pile up in dist/.
  await Promise.all(['dist/cli', 'dist/app', 'dist/preload'].map((dir) => rm(join(root, dir), { recursive: true, force: true })));
  await Promise.all([build(cliBuild), build(appBuild), build(preloadBuild), buildRenderer()]);
}
