// Bundles the React renderer (src-renderer) into dist/renderer with esbuild: app.js (one script), app.css,
// their source maps, a static index.html and the icon. The page has no inline script or style, so
// the strict Content-Security-Policy of the desktop app and of the browser mode (script-src 'self',
// style-src 'self') holds. Deterministic: no hashes, no timestamps, the folder is emptied first, so
// the same sources give the same bytes. Run alone (`node scripts/build-renderer.ts`) or call
// `buildRenderer()` from the main build.
import { build, type BuildOptions } from 'esbuild';
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../', import.meta.url));

/** Where the renderer build goes (served as app://sealdrop/ and by `sealdrop ui`). */
export const RENDERER_OUT_DIR = join(root, 'dist', 'renderer');

/**
 * The page. Relative URLs, so it works under app://sealdrop/ and http://127.0.0.1:<port>/ alike. The
 * meta policy repeats what both servers send as a header, for defence in depth (policies intersect).
 */
export const RENDERER_INDEX_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'none'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Sealdrop</title>
<link rel="icon" href="icon.svg" type="image/svg+xml">
<link rel="stylesheet" href="app.css">
<script defer src="app.js"></script>
</head>
<body>
<div id="root"></div>
<noscript><p>Sealdrop needs JavaScript to show its screens.</p></noscript>
</body>
</html>
`;

/** The esbuild options of the renderer bundle. */
export function rendererBuildOptions(outdir: string = RENDERER_OUT_DIR): BuildOptions {
  return {
    absWorkingDir: root,
    entryPoints: { app: 'src-renderer/main.tsx' },
    outdir,
    bundle: true,
    platform: 'browser',
    // One classic script (deferred): nothing depends on how a custom scheme treats module scripts.
    format: 'iife',
    // Electron 45 is Chromium 140; Debian's Chromium (the browser-mode tests) is newer.
    target: ['chrome120'],
    jsx: 'automatic',
    minify: true,
    sourcemap: 'linked',
    legalComments: 'none',
    charset: 'utf8',
    logLevel: 'warning',
    // React picks its production build from this.
    define: { 'process.env.NODE_ENV': '"production"' },
  };
}

/** Builds the renderer into `outdir` (default dist/renderer), replacing whatever was there. */
export async function buildRenderer(outdir: string = RENDERER_OUT_DIR): Promise<void> {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  await build(rendererBuildOptions(outdir));
  await writeFile(join(outdir, 'index.html'), RENDERER_INDEX_HTML);
  await copyFile(join(root, 'src-renderer', 'static', 'icon.svg'), join(outdir, 'icon.svg'));
}

if (import.meta.main) {
  await buildRenderer(process.argv[2] === undefined ? RENDERER_OUT_DIR : join(process.cwd(), process.argv[2]));
}
