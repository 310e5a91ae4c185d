// Bundles the CLI and its worker thread into dist/ with esbuild: one file each, so a command starts in
// tens of milliseconds instead of compiling every TypeScript module on each run.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

await build({
  absWorkingDir: root,
  entryPoints: {
    sealdrop: 'src-main/cli/main.ts',
    // The worker must sit next to the bundle: chunk-pool.ts loads it relative to its own URL.
    'chunk-worker': 'src-main/domain/seal/age/chunk-worker.ts',
  },
  outdir: 'dist/cli',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  sourcemap: 'linked',
  logLevel: 'warning',
  // Dependencies load from node_modules: native ones (classic-level, the keyring) cannot be bundled,
  // and libp2p, fastify and ethers gain little from it.
  packages: 'external',
  // CommonJS dependencies (tar-stream) call require() for Node built-ins; give the ESM bundle one.
  banner: { js: "import { createRequire as __sealdropCreateRequire } from 'node:module'; const require = __sealdropCreateRequire(import.meta.url);" },
});
