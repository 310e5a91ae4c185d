// Limits and hostile requests: body and path sizes (default 64 KiB and 1 KiB), the Origin refusal
// (CORS off), malformed HTTP, request counting, and a server that keeps serving through all of it.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { startHttpApi } from '../../../../src-main/domain/secretstore/node/http/server.ts';
import { FakeKeyServerService } from './fake-service.ts';
import { RecordingLogger, idHex, parityError, rawHttp, rawRequest, serverForSuite, sigHex } from './http-helpers.ts';

describe('limits and hostile requests', () => {
  const harness = serverForSuite();
  const url = (path: string): string => `${harness().api.url}${path}`;

  test('a body over 64 KiB gets 413 with the reason, in each family\'s shape', async () => {
    const big = 'x'.repeat(64 * 1024 + 1);
    const parity = await fetch(url(`/shadow/${idHex}/${sigHex}/1`), { method: 'POST', body: big });
    assert.equal(parity.status, 413);
    assert.equal(await parity.text(), parityError('The request body is larger than 65536 bytes'));
    const v1 = await fetch(url(`/v1/audit/${idHex}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body: big });
    assert.equal(v1.status, 413);
    assert.deepEqual(await v1.json(), { error: { code: 'request-invalid', message: 'The request body is larger than 65536 bytes' } });
  });

  test('a chunked body over the limit is cut off with 413 as well', async () => {
    const { api } = harness();
    const chunk = 'a'.repeat(40 * 1024);
    const body = `${chunk.length.toString(16)}\r\n${chunk}\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n0\r\n\r\n`;
    const head = rawHttp('POST', `/v1/audit/${idHex}`, { 'Content-Type': 'application/json', 'Transfer-Encoding': 'chunked' });
    const response = await rawRequest(api.port, head + body);
    assert.equal(response.status, 413);
  });

  test('a body just under the limit is accepted', async () => {
    const body = JSON.stringify({ signature: `0x${sigHex}`, time: 1, pad: 'x'.repeat(60 * 1024) });
    const response = await fetch(url(`/v1/audit/${idHex}`), { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // Read and schema-checked (and refused for the unknown key), not cut off by the limit.
    assert.equal(response.status, 400);
    assert.match(((await response.json()) as { error: { message: string } }).error.message, /pad/);
  });

  test('a path over 1 KiB gets 414, and one over Node\'s 16 KiB header limit gets 431 with no body', async () => {
    const { api } = harness();
    const parity = await fetch(url(`/shadow/${idHex}/${sigHex}?${'q'.repeat(1024)}`));
    assert.equal(parity.status, 414);
    assert.equal(await parity.text(), parityError('The request path is longer than 1024 bytes'));
    const v1 = await fetch(url(`/v1/keys/${'a'.repeat(1100)}`));
    assert.equal(v1.status, 414);
    assert.equal(((await v1.json()) as { error: { code: string } }).error.code, 'request-invalid');
    const huge = await rawRequest(api.port, rawHttp('GET', `/${'a'.repeat(20_000)}`));
    assert.equal(huge.status, 431);
    assert.equal(huge.body, '');
  });

  test('any request with an Origin header gets 404 with an empty body and no CORS headers', async () => {
    const { api, service } = harness();
    const before = service.calls.length;
    const requests = [
      rawHttp('GET', `/shadow/${idHex}/${sigHex}`, { Origin: 'https://evil.example' }),
      rawHttp('OPTIONS', `/shadow/${idHex}/${sigHex}`, { Origin: 'https://evil.example', 'Access-Control-Request-Method': 'GET' }),
      rawHttp('GET', '/v1/status', { Origin: 'null' }),
      rawHttp('POST', `/shadow/${idHex}/${sigHex}/1`, { Origin: 'http://127.0.0.1' }),
      rawHttp('GET', `/shadow/%ff/${sigHex}`, { Origin: 'null' }),
    ];
    for (const request of requests) {
      const response = await rawRequest(api.port, request);
      assert.equal(response.status, 404, request.split('\r\n')[0]);
      assert.equal(response.body, '');
      assert.ok(Object.keys(response.headers).every((name) => !name.startsWith('access-control-')));
    }
    assert.equal(service.calls.length, before);
  });

  test('a loopback node answers only its loopback Host names: another Host (DNS rebinding) gets 421 and reaches nothing', async () => {
    const { api, service } = harness();
    const before = service.calls.length;
    for (const host of ['evil.example', `evil.example:${api.port}`, `127.0.0.1.evil.example:${api.port}`, `127.0.0.2:${api.port}`, `localhost:${api.port + 1}`, '']) {
      const request = rawHttp('GET', `/shadow/${idHex}/${sigHex}`).replace('Host: 127.0.0.1', `Host: ${host}`);
      const response = await rawRequest(api.port, request);
      assert.equal(response.status, 421, host);
      assert.equal(response.body, '');
    }
    assert.equal(service.calls.length, before, 'no refused request reached the key server');
    for (const host of [`127.0.0.1:${api.port}`, `localhost:${api.port}`, `LOCALHOST:${api.port}`, '127.0.0.1']) {
      const response = await rawRequest(api.port, rawHttp('GET', '/v1/status').replace('Host: 127.0.0.1', `Host: ${host}`));
      assert.equal(response.status, 200, host);
    }
  });

  test('no response ever carries an Access-Control header', async () => {
    for (const path of [`/shadow/${idHex}/${sigHex}`, '/v1/status', '/nothing']) {
      const response = await fetch(url(path));
      for (const name of response.headers.keys()) assert.ok(!name.startsWith('access-control-'), name);
    }
  });

  test('malformed HTTP gets 400 with no body and the server keeps serving', async () => {
    const { api } = harness();
    for (const junk of ['GARBAGE\r\n\r\n', 'GET /\r\n\r\n', `GET /v1/status HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: abc\r\n\r\n`, 'GET / HTTP/1.1\r\nBad Header\r\n\r\n']) {
      const response = await rawRequest(api.port, junk);
      assert.equal(response.status, 400, JSON.stringify(junk));
      assert.equal(response.body, '');
    }
    assert.equal((await fetch(url('/v1/status'))).status, 200);
  });

  test('requests are counted as served (< 400) or refused (>= 400)', async () => {
    const { api } = harness();
    const before = api.requestCounts();
    await (await fetch(url(`/shadow/${idHex}/${sigHex}`))).text();
    await (await fetch(url('/a/b'))).text();
    await (await fetch(url('/v1/status'), { headers: { origin: 'x' } })).text();
    const after = api.requestCounts();
    assert.equal(after.served - before.served, 1);
    assert.equal(after.refused - before.refused, 2);
  });
});

describe('server lifecycle', () => {
  test('custom limits apply, bad limits are refused, and a busy port is a clear error', async () => {
    const service = new FakeKeyServerService();
    const logger = new RecordingLogger();
    const api = await startHttpApi({ host: '127.0.0.1', port: 0, service, logger, maxBodyBytes: 100, maxPathBytes: 300 });
    try {
      assert.match(api.url, /^http:\/\/127\.0\.0\.1:\d+$/);
      const body = await fetch(`${api.url}/v1/audit/${idHex}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: 'x'.repeat(101) });
      assert.equal(body.status, 413);
      const path = await fetch(`${api.url}/shadow/${idHex}/${sigHex}/${'1'.repeat(100)}`, { method: 'POST' });
      assert.equal(path.status, 414);
      await assert.rejects(startHttpApi({ host: '127.0.0.1', port: api.port, service }), { code: 'io-failed' });
      await assert.rejects(startHttpApi({ host: '127.0.0.1', port: 0, service, maxBodyBytes: 1.5 }), { code: 'bad-argument' });
    } finally {
      await api.close();
    }
    await assert.rejects(fetch(`${api.url}/v1/status`));
  });
});
