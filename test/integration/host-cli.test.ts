// `sealdrop ui` as users run it: prints where to open the app (a 127.0.0.1 URL with a token), serves
// the placeholder page when the renderer is not built, answers the API, and stops cleanly on Ctrl-C.
// On a first start it makes the identity in the (real, test-session) keychain and starts the local
// network of real node processes, which stop with it.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { join } from 'node:path';
import { test } from 'node:test';
import { createKeyVault } from '../../src-main/domain/identity/key-vault.ts';
import { osKeychain } from '../../src-main/domain/identity/os-keychain.ts';
import { CLI_ENTRY, tempFolder } from '../support/cli.ts';
import { rawRequest, valueOverHttp } from '../support/host-client.ts';

test('sealdrop ui prints the URL, serves the app and its API, and stops on SIGINT', async () => {
  const folder = await tempFolder('sealdrop-ui-cli-');
  const child = spawn(process.execPath, [CLI_ENTRY, 'ui', '--json', '--no-local-network', '--data-dir', join(folder.path, 'data'), '--renderer', join(folder.path, 'no-build')], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
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

test('sealdrop ui on a first start makes the identity in the keychain and starts the local network; Ctrl-C stops it', async () => {
  const folder = await tempFolder('sealdrop-ui-first-');
  const dataDir = join(folder.path, 'data');
  const child = spawn(process.execPath, [CLI_ENTRY, 'ui', '--json', '--data-dir', dataDir, '--renderer', join(folder.path, 'no-build')], { stdio: ['ignore', 'pipe', 'pipe'] });
  let nodePorts: number[] = [];
  try {
    const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
    const next = async (): Promise<Record<string, unknown>> => {
      const line = await lines.next();
      if (line.done === true) throw new Error('sealdrop ui stopped early');
      return JSON.parse(line.value) as Record<string, unknown>;
    };
    const ready = (await next()) as { event: string; url: string; port: number };
    assert.equal(ready.event, 'ready');
    const embedded = await next();
    assert.equal(embedded.event, 'embedded-default');
    assert.equal(embedded.identity, 'created');
    assert.equal(embedded.localNetwork, 'started');
    assert.deepEqual(embedded.problems, []);
    const token = ready.url.split('#token=')[1] ?? '';
    const info = await valueOverHttp(ready.port, token, 'app:info', {});
    assert.equal(info.identity, embedded.address);
    assert.equal(info.firstRun, false);
    assert.equal(info.localNetworkRunning, true);
    const identity = await valueOverHttp(ready.port, token, 'identity:get', {});
    assert.equal(identity.identity?.storage, 'keychain');
    const status = await valueOverHttp(ready.port, token, 'network:status', {});
    assert.equal(status.reachable, 3);
    assert.equal(status.keysStayOnThisComputer, true);
    nodePorts = status.nodes.map((node) => Number(new URL(node.url).port));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    // The key holders stopped with it: nothing answers on their ports any more.
    for (const port of nodePorts) await assert.rejects(rawRequest(port, { path: '/v1/status' }));
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    const vault = createKeyVault({ dataDir, keychain: osKeychain(), passphrase: async () => null });
    await vault.delete('identity').catch(() => false);
    const devnet = createKeyVault({ dataDir: join(dataDir, 'devnet'), keychain: osKeychain(), passphrase: async () => null });
    for (let i = 1; i <= 3; i++) await devnet.delete(`node-devnet-${i}`).catch(() => false);
    await folder.cleanup();
  }
});
