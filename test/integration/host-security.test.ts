// The browser-mode host refuses everything that is not this person's own page talking to it: a
// missing or wrong token (401), another Origin (403), another Host name (DNS rebinding, 421),
// unknown routes (404), oversized bodies (413); it serves the renderer with a strict CSP and no
// CORS, and streams events (progress of a real open) as Server-Sent Events.
import assert from 'node:assert/strict';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { ScryptRecipient } from '../../src-main/domain/seal/age/scrypt.ts';
import { sealDocument } from '../../src-main/domain/seal/seal-document.ts';
import { CONTENT_SECURITY_POLICY } from '../../src-main/host/security-headers.ts';
import { MAX_BODY_BYTES, startHost, type RunningHost } from '../../src-main/host/host-server.ts';
import { PLACEHOLDER_PAGE } from '../../src-main/host/static-files.ts';
import { testTable, type TestTable } from '../support/handlers.ts';
import { invokeOverHttp, rawRequest, readEvents, valueOverHttp } from '../support/host-client.ts';
import { describeTree } from '../support/tree.ts';

describe('the browser-mode host', () => {
  let t: TestTable;
  let host: RunningHost;
  let renderer: string;
  const json = (token: string | null, extra: Record<string, string> = {}): Record<string, string> => ({
    'content-type': 'application/json',
    ...(token === null ? {} : { 'x-sealdrop-token': token }),
    ...extra,
  });

  before(async () => {
    t = await testTable({ face: 'browser' });
    renderer = join(t.root, 'renderer');
    await mkdir(join(renderer, 'assets'), { recursive: true });
    await writeFile(join(renderer, 'index.html'), '<!doctype html><title>Sealdrop</title><script type="module" src="/assets/app.js"></script>\n');
    await writeFile(join(renderer, 'assets', 'app.js'), 'console.log("app");\n');
    await writeFile(join(t.root, 'secret.txt'), 'outside the bundle\n');
    host = await startHost({ table: t.table, staticDir: renderer });
  });
  after(async () => {
    await host.close();
    await t.close();
  });

  test('listens on 127.0.0.1 and prints a URL carrying a 32-byte token in the fragment', () => {
    assert.match(host.url, new RegExp(`^http://127\\.0\\.0\\.1:${host.port}/#token=[0-9a-f]{64}$`));
    assert.equal(host.url.split('token=')[1], host.token);
  });

  test('an API call with the token and the page origin works (Host 127.0.0.1 or localhost)', async () => {
    const info = await valueOverHttp(host.port, host.token, 'app:info', {});
    assert.equal(info.face, 'browser');
    const viaLocalhost = await rawRequest(host.port, {
      method: 'POST',
      path: '/api/invoke/app:info',
      headers: json(host.token, { host: `localhost:${host.port}`, origin: `http://localhost:${host.port}` }),
      body: '{}',
    });
    assert.equal(viaLocalhost.status, 200);
    assert.equal(JSON.parse(viaLocalhost.body).ok, true);
  });

  test('a missing or wrong token is 401', async () => {
    for (const token of [null, '', 'a'.repeat(64), `${host.token.slice(0, 63)}0`, `${host.token}0`, host.token.toUpperCase()]) {
      const answer = await rawRequest(host.port, { method: 'POST', path: '/api/invoke/app:info', headers: json(token), body: '{}' });
      assert.equal(answer.status, 401, `token ${JSON.stringify(token)}`);
      assert.ok(!answer.body.includes('"ok"'));
    }
    const events = await rawRequest(host.port, { path: '/api/events?token=nope' });
    assert.equal(events.status, 401);
    const eventsNoToken = await rawRequest(host.port, { path: '/api/events' });
    assert.equal(eventsNoToken.status, 401);
  });

  test('another Origin is 403, even with the token; so is a cross-site fetch', async () => {
    for (const origin of ['http://evil.example', `http://127.0.0.1:${host.port + 1}`, `https://127.0.0.1:${host.port}`, 'null', `http://localhost:${host.port}`]) {
      const answer = await rawRequest(host.port, { method: 'POST', path: '/api/invoke/app:info', headers: json(host.token, { origin }), body: '{}' });
      assert.equal(answer.status, 403, origin);
    }
    const crossSite = await rawRequest(host.port, { path: '/', headers: { 'sec-fetch-site': 'cross-site' } });
    assert.equal(crossSite.status, 403);
    const page = await rawRequest(host.port, { path: '/', headers: { origin: 'http://evil.example' } });
    assert.equal(page.status, 403);
  });

  test('another Host name is refused (DNS rebinding), for the page and the API', async () => {
    for (const hostHeader of ['evil.example', `evil.example:${host.port}`, `127.0.0.1:${host.port + 1}`, `127.0.0.2:${host.port}`, `[::1]:${host.port}`, '127.0.0.1']) {
      const page = await rawRequest(host.port, { path: '/', headers: { host: hostHeader } });
      assert.equal(page.status, 421, hostHeader);
      const api = await rawRequest(host.port, { method: 'POST', path: '/api/invoke/app:info', headers: json(host.token, { host: hostHeader }), body: '{}' });
      assert.equal(api.status, 421, hostHeader);
    }
  });

  test('unknown routes are 404; the invoke route takes only POST with JSON', async () => {
    for (const path of ['/nothing', '/api', '/api/', '/api/nope', '/api/invoke', '/../secret.txt', '/%2e%2e/secret.txt', '/assets/../../secret.txt', '/.hidden', '/assets/%00x', '/%E0%A4%A']) {
      const answer = await rawRequest(host.port, { path, headers: { 'x-sealdrop-token': host.token } });
      assert.equal(answer.status, 404, path);
      assert.ok(!answer.body.includes('outside the bundle'));
    }
    assert.equal((await rawRequest(host.port, { method: 'DELETE', path: '/' })).status, 404);
    assert.equal((await rawRequest(host.port, { method: 'OPTIONS', path: '/api/invoke/app:info', headers: { 'x-sealdrop-token': host.token } })).status, 405);
    assert.equal((await rawRequest(host.port, { path: '/api/invoke/app:info', headers: { 'x-sealdrop-token': host.token } })).status, 405);
    const form = await rawRequest(host.port, { method: 'POST', path: '/api/invoke/app:info', headers: { 'x-sealdrop-token': host.token, 'content-type': 'text/plain' }, body: '{}' });
    assert.equal(form.status, 415);
  });

  test('an unknown channel and malformed requests answer request-invalid', async () => {
    const unknown = await rawRequest(host.port, { method: 'POST', path: '/api/invoke/nope:nothing', headers: json(host.token), body: '{}' });
    assert.equal(unknown.status, 200);
    assert.equal(JSON.parse(unknown.body).error.code, 'request-invalid');
    const notJson = await rawRequest(host.port, { method: 'POST', path: '/api/invoke/app:info', headers: json(host.token), body: '{nope' });
    assert.equal(notJson.status, 400);
    assert.equal(JSON.parse(notJson.body).error.code, 'request-invalid');
    const malformed = await invokeOverHttp(host.port, host.token, 'seal:plan', { paths: [] });
    assert.equal(malformed.ok ? 'ok' : malformed.error.code, 'request-invalid');
  });

  test('an oversized body is 413 (declared or streamed), and the server keeps serving', async () => {
    const big = Buffer.alloc(MAX_BODY_BYTES + 1, 0x20);
    const declared = await rawRequest(host.port, { method: 'POST', path: '/api/invoke/app:info', headers: json(host.token), body: big });
    assert.equal(declared.status, 413);
    const streamed = await new Promise<number>((resolve, reject) => {
      import('node:http').then(({ request }) => {
        const req = request({ host: '127.0.0.1', port: host.port, method: 'POST', path: '/api/invoke/app:info', headers: { ...json(host.token), host: `127.0.0.1:${host.port}`, 'transfer-encoding': 'chunked' } }, (response) => {
          response.resume();
          resolve(response.statusCode ?? 0);
        });
        req.on('error', (error: NodeJS.ErrnoException) => (error.code === 'EPIPE' || error.code === 'ECONNRESET' ? undefined : reject(error)));
        for (let i = 0; i < 4; i++) req.write(Buffer.alloc(MAX_BODY_BYTES / 2, 0x20));
        req.end();
      }, reject);
    });
    assert.equal(streamed, 413);
    assert.equal((await valueOverHttp(host.port, host.token, 'app:info', {})).face, 'browser');
  });

  test('the renderer is served with a strict CSP, nosniff, and no CORS header', async () => {
    const page = await rawRequest(host.port, { path: '/' });
    assert.equal(page.status, 200);
    assert.match(page.headers['content-type'] ?? '', /^text\/html/);
    assert.equal(page.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
    assert.match(CONTENT_SECURITY_POLICY, /default-src 'self'/);
    assert.doesNotMatch(CONTENT_SECURITY_POLICY, /unsafe-inline|unsafe-eval/);
    assert.equal(page.headers['x-content-type-options'], 'nosniff');
    const script = await rawRequest(host.port, { path: '/assets/app.js' });
    assert.equal(script.status, 200);
    assert.match(script.headers['content-type'] ?? '', /^text\/javascript/);
    for (const answer of [page, script, await rawRequest(host.port, { method: 'POST', path: '/api/invoke/app:info', headers: json(host.token), body: '{}' })]) {
      assert.equal(answer.headers['x-content-type-options'], 'nosniff');
      assert.equal(answer.headers['content-security-policy'], CONTENT_SECURITY_POLICY);
      assert.ok(!Object.keys(answer.headers).some((name) => name.startsWith('access-control-')), 'no CORS header');
    }
  });

  test('without a renderer build it serves a placeholder page saying so', async () => {
    const other = await testTable();
    const bare = await startHost({ table: other.table, staticDir: join(t.root, 'not-built') });
    try {
      const page = await rawRequest(bare.port, { path: '/' });
      assert.equal(page.status, 200);
      assert.equal(page.body, PLACEHOLDER_PAGE);
      assert.match(page.body, /not built/);
      assert.doesNotMatch(page.body, /<script|style=/);
      assert.equal((await rawRequest(bare.port, { path: '/assets/app.js' })).status, 404);
    } finally {
      await bare.close();
      await other.close();
    }
  });

  test('Server-Sent Events deliver the progress and the result of an operation', async () => {
    const folder = join(t.root, 'photos');
    await mkdir(folder);
    await writeFile(join(folder, 'a.bin'), Buffer.alloc(3 * 1024 * 1024, 1));
    const sealed = join(t.root, 'photos.sealdrop');
    await sealDocument({ paths: [folder], recipients: [new ScryptRecipient('pw for the stream', { logN: 10 })], output: sealed, ifExists: 'stop' });
    const out = join(t.root, 'stream-out');
    await mkdir(out);
    const events = await readEvents(host.port, host.token);
    try {
      const { operationId } = await valueOverHttp(host.port, host.token, 'open:start', { file: sealed, outputFolder: out, passphrase: 'pw for the stream' });
      const done = await events.waitFor('operation:done', (payload) => payload.operationId === operationId);
      assert.equal(done.result.ok, true);
      const progress = events.events.filter((e) => e.event === 'progress' && (e.payload as { operationId: string }).operationId === operationId);
      assert.ok(progress.length >= 1, 'progress events arrived');
      const last = progress.at(-1)?.payload as { bytesDone: number; bytesTotal: number; kind: string };
      assert.equal(last.kind, 'open');
      assert.equal(last.bytesDone, last.bytesTotal);
      assert.deepEqual(await describeTree(join(out, 'photos', 'photos')), await describeTree(folder));
    } finally {
      events.close();
    }
  });
});
