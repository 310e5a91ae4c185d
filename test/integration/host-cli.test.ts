// `sealdrop ui` as users run it: prints where to open the app (a 127.0.0.1 URL with a token), serves
// the placeholder page when the renderer is not built, answers the API, and stops cleanly on Ctrl-C.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { test } from 'node:test';
import { CLI_ENTRY, tempFolder } from '../support/cli.ts';
import { rawRequest, valueOverHttp } from '../support/host-client.ts';

test('sealdrop ui prints the URL, serves the app and its API, and stops on SIGINT', async () => {
  const folder = await tempFolder('sealdrop-ui-cli-');
  const child = spawn(process.execPath, [CLI_ENTRY, 'ui', '--json', '--data-dir', join(folder.path, 'data'), '--renderer', join(folder.path, 'no-build')], { stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    const lines = createInterface({ input: child.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      child.once('exit', (code) => reject(new Error(`sealdrop ui exited (${code})`)));
    });
    const ready = JSON.parse(first) as { event: string; url: string; port: number; built: boolean };
    assert.equal(ready.event, 'ready');
    assert.equal(ready.built, false);
    assert.match(ready.url, /^http:\/\/127\.0\.0\.1:\d+\/#token=[0-9a-f]{64}$/);
    const token = ready.url.split('#token=')[1] ?? '';
    const page = await rawRequest(ready.port, { path: '/' });
    assert.equal(page.status, 200);
    assert.match(page.body, /The UI bundle is not built/);
    const info = await valueOverHttp(ready.port, token, 'app:info', {});
    assert.equal(info.face, 'browser');
    assert.equal(info.dataDir, join(folder.path, 'data'));
    assert.equal((await rawRequest(ready.port, { method: 'POST', path: '/api/invoke/app:info', headers: { 'content-type': 'application/json' }, body: '{}' })).status, 401);
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    await folder.cleanup();
  }
});
