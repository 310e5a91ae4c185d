// The /v1 routes on a real server with a fake service: response shapes of PROTOCOL §3.2, the exact
// bytes the service receives, zod refusals that name the field, malformed JSON and unknown routes.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checksumAddress } from '../../../../src-main/domain/secretstore/node/http/wire-encoding.ts';
import { documentId, idHex, serverForSuite, sigHex, signature } from './http-helpers.ts';

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString('hex')}`;
const JSON_HEADERS = { 'content-type': 'application/json' };

describe('/v1 routes', () => {
  const harness = serverForSuite();
  const url = (path: string): string => `${harness().api.url}${path}`;
  const post = (path: string, body: unknown, method = 'POST'): Promise<Response> =>
    fetch(url(path), { method, headers: JSON_HEADERS, body: typeof body === 'string' ? body : JSON.stringify(body) });

  test('POST /v1/keys/{id}/partial passes the decoded id and signature and answers node, identifier, envelope', async () => {
    const { service } = harness();
    const response = await post(`/v1/keys/${idHex}/partial`, { signature: `0x${sigHex}` });
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
    const { partial } = service.results;
    assert.deepEqual(await response.json(), { node: hex(partial.node), identifier: `0x${partial.identifier}`, envelope: hex(partial.envelope) });
    assert.deepEqual(service.lastCall(), { method: 'partial', args: [documentId, signature] });
  });

  test('GET /v1/keys/{id} answers the public metadata with a checksummed author', async () => {
    const { service } = harness();
    const info = service.results.keyInfo;
    const response = await fetch(url(`/v1/keys/${idHex.toUpperCase()}`));
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), {
      documentId: hex(info.documentId),
      threshold: 1,
      serverKey: hex(info.serverKey),
      author: '0x00a329c0648769A73afAc7F9381E08FB43dBEA72',
      holders: info.holders.map((holder) => ({ node: hex(holder.node), identifier: `0x${holder.identifier}`, publicShare: hex(holder.publicShare) })),
      documentKey: { commonPoint: hex(info.documentKey?.commonPoint ?? new Uint8Array()), encryptedPoint: hex(info.documentKey?.encryptedPoint ?? new Uint8Array()) },
    });
    assert.deepEqual(service.lastCall(), { method: 'keyInfo', args: [documentId] });
  });

  test('GET /v1/acl/{id} answers the record, or null', async () => {
    const { service } = harness();
    const record = service.results.acl;
    assert.ok(record !== null);
    const response = await fetch(url(`/v1/acl/${idHex}`));
    assert.deepEqual(await response.json(), {
      record: { documentId: hex(record.documentId), version: 3, readers: record.readers.map(checksumAddress), signature: hex(record.signature) },
    });
    service.results.acl = null;
    try {
      assert.deepEqual(await (await fetch(url(`/v1/acl/${idHex}`))).json(), { record: null });
    } finally {
      service.results.acl = record;
    }
  });

  test('PUT /v1/acl/{id} passes the record with readers sorted and answers the version', async () => {
    const { service } = harness();
    const high = `0x${'ff'.repeat(20)}`;
    const low = `0x${'01'.repeat(20)}`;
    const body = { documentId: `0x${idHex}`, version: 4, readers: [high, low], signature: `0x${sigHex}` };
    const response = await post(`/v1/acl/${idHex}`, body, 'PUT');
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { version: 4 });
    assert.deepEqual(service.lastCall(), {
      method: 'putAcl',
      args: [{ documentId, version: 4, readers: [new Uint8Array(20).fill(1), new Uint8Array(20).fill(0xff)], signature }],
    });
  });

  test('POST /v1/audit/{id} answers the entries of PROTOCOL §7', async () => {
    const { service } = harness();
    const response = await post(`/v1/audit/${idHex}`, { signature: `0x${sigHex}`, time: 1_700_000_000_000 });
    assert.deepEqual(await response.json(), {
      entries: [{ requester: '0x00a329c0648769A73afAc7F9381E08FB43dBEA72', time: 1_700_000_000_000, allowed: false, reason: 'not in the owner ACL' }],
    });
    assert.deepEqual(service.lastCall(), { method: 'audit', args: [documentId, signature, 1_700_000_000_000] });
  });

  test('GET /v1/status answers the node state with the HTTP layer\'s request counters', async () => {
    const { api, service } = harness();
    const counts = api.requestCounts();
    const status = (await (await fetch(url('/v1/status'))).json()) as Record<string, unknown>;
    assert.deepEqual(status.requests, counts);
    assert.equal(status.node, hex(service.results.status.node));
    assert.equal(status.network, hex(service.results.status.network));
    assert.deepEqual(status.peers, { connected: 2, total: 3 });
    assert.deepEqual(Object.keys(status), ['node', 'address', 'network', 'peers', 'keysHeld', 'requests', 'startedAt', 'version']);
  });

  test('zod refusals answer 400 request-invalid naming the field, never calling the service', async () => {
    const { service } = harness();
    const before = service.calls.length;
    const v27 = `0x${sigHex.slice(0, 128)}1b`;
    const cases: [string, unknown, string, RegExp][] = [
      ['POST', { signature: sigHex }, `/v1/keys/${idHex}/partial`, /^signature: /],
      ['POST', { signature: v27 }, `/v1/keys/${idHex}/partial`, /^signature: the recovery byte v must be 0-3/],
      ['POST', { signature: `0x${sigHex}`, extra: 1 }, `/v1/keys/${idHex}/partial`, /^body: .*extra/],
      ['POST', {}, `/v1/audit/${idHex}`, /^signature: /],
      ['POST', [1, 2], `/v1/audit/${idHex}`, /^body: /],
      ['POST', { signature: `0x${sigHex}` }, `/v1/keys/0x${idHex}/partial`, /^id: must be 64 hex digits without 0x/],
      ['PUT', { documentId: `0x${idHex}`, version: -1, readers: [], signature: `0x${sigHex}` }, `/v1/acl/${idHex}`, /^version: /],
      ['PUT', { documentId: `0x${idHex}`, version: 1, readers: ['0x12'], signature: `0x${sigHex}` }, `/v1/acl/${idHex}`, /^readers\.0: /],
      ['PUT', { documentId: `0x${idHex}`, version: 1, readers: [`0x${'ab'.repeat(20)}`, `0x${'AB'.repeat(20)}`], signature: `0x${sigHex}` }, `/v1/acl/${idHex}`, /^readers: lists the same address twice/],
      ['PUT', { documentId: `0x${'00'.repeat(32)}`, version: 1, readers: [], signature: `0x${sigHex}` }, `/v1/acl/${idHex}`, /^documentId: does not match/],
    ];
    for (const [method, body, path, pattern] of cases) {
      const response = await post(path, body, method);
      assert.equal(response.status, 400, path);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'request-invalid');
      assert.match(error.message, pattern);
    }
    const badId = await fetch(url('/v1/keys/abc'));
    assert.equal(badId.status, 400);
    assert.match(((await badId.json()) as { error: { message: string } }).error.message, /^id: /);
    assert.equal(service.calls.length, before);
  });

  test('a malformed or empty JSON body, a non-JSON content type and a __proto__ key get 400 with a reason', async () => {
    const path = `/v1/keys/${idHex}/partial`;
    for (const [body, headers, pattern] of [
      ['{"signature": ', JSON_HEADERS, /^body: is not valid JSON/],
      ['', JSON_HEADERS, /^body: is not valid JSON/],
      ['{"__proto__": {"x": 1}, "signature": "0x00"}', JSON_HEADERS, /^body: is not valid JSON \(or has a forbidden __proto__/],
      [JSON.stringify({ signature: `0x${sigHex}` }), { 'content-type': 'text/plain' }, /^body: must be a JSON object/],
    ] as const) {
      const response = await fetch(url(path), { method: 'POST', headers, body });
      assert.equal(response.status, 400, body);
      const { error } = (await response.json()) as { error: { code: string; message: string } };
      assert.equal(error.code, 'request-invalid');
      assert.match(error.message, pattern);
    }
  });

  test('unknown /v1 routes and wrong methods get 404 with a JSON error, never 500', async () => {
    for (const [method, path] of [
      ['GET', '/v1'],
      ['GET', '/v1/'],
      ['GET', '/v1/nothing'],
      ['GET', '/v1/status/'],
      ['DELETE', `/v1/acl/${idHex}`],
      ['GET', `/v1/keys/${idHex}/partial`],
      ['OPTIONS', '/v1/status'],
    ] as const) {
      const response = await fetch(url(path), { method });
      assert.equal(response.status, 404, `${method} ${path}`);
      assert.equal(((await response.json()) as { error: { code: string } }).error.code, 'request-invalid');
    }
  });
});
