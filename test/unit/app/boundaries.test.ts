// src-main/app keeps Electron in a few glue files; every decision lives in plain modules that never
// load electron and are tested in Node (STYLE: each file says where it may run). A new file must be
// added to one list or the other, so the split is a choice, not an accident.
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, test } from 'node:test';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** Files that import electron at run time: thin glue, checked by the Electron end-to-end test. */
const ELECTRON_GLUE = new Set([
  'app/ipc-binding.ts',
  'app/main.ts',
  'app/node-process.ts',
  'app/protocol.ts',
  'app/tray.ts',
  'app/windows.ts',
  'preload/preload.ts',
]);

/** `import … from 'electron'` that is not `import type`. */
const RUNTIME_ELECTRON_IMPORT = /^\s*import\s+(?!type\s)[^;]*?\sfrom\s+['"]electron(\/[^'"]*)?['"]/m;
const ANY_REQUIRE_ELECTRON = /require\(\s*['"]electron['"]\s*\)|import\(\s*['"]electron['"]\s*\)/;

async function sources(folder: string): Promise<string[]> {
  const names = await readdir(join(ROOT, 'src-main', folder));
  return names.filter((name) => name.endsWith('.ts')).map((name) => `${folder}/${name}`);
}

describe('where Electron may be imported', () => {
  test('only the listed glue files of src-main/app and src-main/preload import electron at run time', async () => {
    const files = [...(await sources('app')), ...(await sources('preload'))];
    const importing: string[] = [];
    for (const file of files) {
      const text = await readFile(join(ROOT, 'src-main', file), 'utf8');
      if (RUNTIME_ELECTRON_IMPORT.test(text) || ANY_REQUIRE_ELECTRON.test(text)) importing.push(file);
    }
    assert.deepEqual(importing.sort(), [...ELECTRON_GLUE].sort());
  });

  test('the glue files are few and small', async () => {
    for (const file of ELECTRON_GLUE) {
      const lines = (await readFile(join(ROOT, 'src-main', file), 'utf8')).split('\n').length;
      assert.ok(lines <= 200, `${file}: ${lines} lines`);
    }
  });

  test('no plain module of the app imports a glue file (they stay loadable in Node)', async () => {
    const plain = [...(await sources('app')), ...(await sources('preload'))].filter((file) => !ELECTRON_GLUE.has(file));
    for (const file of plain) {
      const text = await readFile(join(ROOT, 'src-main', file), 'utf8');
      for (const glue of ELECTRON_GLUE) {
        const base = glue.split('/')[1] ?? '';
        const imports = [...text.matchAll(/^\s*import\s+(?!type\s)[^;]*?from\s+['"]([^'"]+)['"]/gm)].map((match) => match[1] ?? '');
        assert.ok(!imports.some((path) => path.endsWith(`/${base}`)), `${file} imports ${glue}`);
      }
    }
  });
});
