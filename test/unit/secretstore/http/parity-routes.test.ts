// Parity's routes on a real server with a fake service: exact bodies and content types, the exact
// bytes the service receives, Parity's URL edge cases (A30) and the routes Sealdrop refuses.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { defaultResults, pointOf } from './fake-service.ts';
import { documentId, idHex, parityError, rawHttp, rawRequest, serverForSuite, sigHex, signature } from './http-helpers.ts';

const JSON_TYPE = 'application/json; charset=utf-8';
const hexOf = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

describe('Parity routes', () => {
  const harness = serverForSuite();
  const url = (path: string): string => `${harness().api.url}${path}`;

  test('POST /shadow/{id}/{sig}/{t} generates a server key and answers "0x<Y>"', async () => {
    const { service } = harness();
    const response = await fetch(url(`/shadow/${idHex}/${sigHex}/1`), { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), JSON_TYPE);
    assert.equal(await response.text(), `"0x${hexOf(defaultResults().serverKey)}"`);
    const call = service.lastCall();
    assert.equal(call?.method, 'generateServerKey');
    assert.deepEqual(call?.args, [documentId, signature, 1]);
  });

  test('POST /shadow/{id}/{sig}/{C}/{E} passes the exact decoded points and answers 200 with no body', async () => {
    const { service } = harness();
    const C = pointOf(3n);
    const E = pointOf(5n);
    const response = await fetch(url(`/shadow/${idHex}/${sigHex}/${hexOf(C)}/${hexOf(E).toUpperCase()}`), { method: 'POST' });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), null);
    assert.equal(await response.text(), '');
    assert.deepEqual(service.lastCall(), { method: 'storeDocumentKey', args: [documentId, signature, C, E] });
  });

  test('GET /shadow/{id}/{sig} answers the shadow object with snake_case keys in Parity order', async () => {
    const { service } = harness();
    const response = await fetch(url(`/shadow/${idHex}/${sigHex}`));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), JSON_TYPE);
    const shadow = service.results.shadow;
    const expected = {
      decrypted_secret: `0x${hexOf(shadow.decryptedSecret)}`,
      common_point: `0x${hexOf(shadow.commonPoint)}`,
      decrypt_shadows: shadow.decryptShadows.map((item) => `0x${hexOf(item)}`),
    };
    assert.equal(await response.text(), JSON.stringify(expected));
    assert.deepEqual(service.lastCall(), { method: 'shadowRetrieve', args: [documentId, signature] });
  });

  test('GET /server/{id}/{sig} answers the server key of its author', async () => {
    const { service } = harness();
    const response = await fetch(url(`/server/${idHex}/${sigHex}`));
    assert.equal(response.status, 200);
    assert.equal(await response.json(), `0x${hexOf(service.results.serverKey)}`);
    assert.equal(service.lastCall()?.method, 'serverKeyForAuthor');
  });

  test('a %-encoded path is decoded first, as Parity does', async () => {
    const { service } = harness();
    const encoded = [...`shadow/${idHex}/${sigHex}`].map((char) => `%${char.charCodeAt(0).toString(16).padStart(2, '0')}`).join('');
    const response = await fetch(url(`/${encoded}`));
    assert.equal(response.status, 200);
    assert.deepEqual(service.lastCall(), { method: 'shadowRetrieve', args: [documentId, signature] });
  });

  test('A30: 0x params, trailing /, extra segment and wrong method get 400 with an empty body', async () => {
    const { service } = harness();
    const before = service.calls.length;
    const cases: [string, string][] = [
      ['GET', `/shadow/0x${idHex}/${sigHex}`],
      ['GET', `/shadow/${idHex}/0x${sigHex}`],
      ['POST', `/shadow/${idHex}/${sigHex}/0x1`],
      ['GET', `/shadow/${idHex}/${sigHex}/`],
      ['GET', `/shadow/${idHex}/${sigHex}/extra`],
      ['POST', `/shadow/${idHex}/${sigHex}`],
      ['DELETE', `/shadow/${idHex}/${sigHex}`],
      ['GET', `/server/${idHex}/${sigHex}/1`],
      ['GET', '/shadow'],
      ['GET', '/'],
      ['GET', '/a/b'],
      ['GET', '/favicon.ico'],
    ];
    for (const [method, path] of cases) {
      const response = await fetch(url(path), { method });
      assert.equal(response.status, 400, `${method} ${path}`);
      assert.equal(await response.text(), '', `${method} ${path}`);
    }
    assert.equal(service.calls.length, before, 'the service is never called');
  });

  test('OPTIONS and malformed percent-encoding get 400 with an empty body (raw socket)', async () => {
    const { api } = harness();
    for (const request of [
      rawHttp('OPTIONS', `/shadow/${idHex}/${sigHex}`),
      rawHttp('OPTIONS', '*'),
      rawHttp('GET', `/shadow/%ff/${sigHex}`),
      rawHttp('GET', `/shadow/${idHex}%zz/${sigHex}`),
    ]) {
      const response = await rawRequest(api.port, request);
      assert.equal(response.status, 400, request.split('\r\n')[0]);
      assert.equal(response.body, '');
    }
  });

  test('a signature with v = 27 or 28 is refused with Parity\'s InsufficientRequesterData text', async () => {
    const { service } = harness();
    const before = service.calls.length;
    for (const v of ['1b', '1c', '04']) {
      const response = await fetch(url(`/shadow/${idHex}/${sigHex.slice(0, 128)}${v}`));
      assert.equal(response.status, 400);
      assert.equal(response.headers.get('content-type'), JSON_TYPE);
      const text = JSON.parse(await response.text()) as string;
      assert.match(text, /^"Insufficient requester data: bad signature: .*"$/);
    }
    assert.equal(service.calls.length, before);
  });

  test('the trust-the-master routes are refused with the reason, never calling the service', async () => {
    const { service } = harness();
    const before = service.calls.length;
    for (const [method, path] of [
      ['POST', `/${idHex}/${sigHex}/1`],
      ['GET', `/${idHex}/${sigHex}`],
    ] as const) {
      const response = await fetch(url(path), { method });
      assert.equal(response.status, 400);
      assert.equal(await response.text(), parityError('Sealdrop never lets a node learn a document key'));
    }
    assert.equal(service.calls.length, before);
  });

  test('Schnorr, ECDSA and servers-set change are refused as not supported yet', async () => {
    const hash = 'ab'.repeat(32);
    for (const [method, path] of [
      ['GET', `/schnorr/${idHex}/${sigHex}/${hash}`],
      ['GET', `/ecdsa/${idHex}/${sigHex}/${hash}`],
      ['POST', `/admin/servers_set_change/${sigHex}/${sigHex}`],
    ] as const) {
      const response = await fetch(url(path), { method, body: method === 'POST' ? '[]' : null });
      assert.equal(response.status, 400, path);
      assert.match(JSON.parse(await response.text()) as string, /^".* is not supported yet"$/);
    }
  });

  test('a threshold beyond any network reaches Parity\'s NotEnoughNodesForThreshold (500)', async () => {
    const response = await fetch(url(`/shadow/${idHex}/${sigHex}/18446744073709551615`), { method: 'POST' });
    assert.equal(response.status, 500);
    assert.match(JSON.parse(await response.text()) as string, /^"not enough nodes for passed threshold: .+"$/);
    const tooBig = await fetch(url(`/shadow/${idHex}/${sigHex}/18446744073709551616`), { method: 'POST' });
    assert.equal(tooBig.status, 400);
    assert.equal(await tooBig.text(), '');
  });

  test('a Parity route ignores a body, even one labelled JSON that is not JSON', async () => {
    const response = await fetch(url(`/shadow/${idHex}/${sigHex}/0`), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{not json',
    });
    assert.equal(response.status, 200);
    assert.deepEqual(harness().service.lastCall()?.args, [documentId, signature, 0]);
  });
});
