// The one-node HTTP client: error bodies (Parity's quoted strings, /v1 JSON errors) become the right
// codes, transport failures name the node, and every 200 body is schema-checked. Canned answers come
// from a small node:http server on 127.0.0.1 (a test double for a node's HTTP layer).
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, test } from 'node:test';
import { isSealdropError } from '../../../../src-shared/errors.ts';
import { nodeApi } from '../../../../src-main/domain/secretstore/client/node-api.ts';
import { codeForParityError, errorFromResponse, parityErrorText, sanitizeRemoteText } from '../../../../src-main/domain/secretstore/client/node-errors.ts';
import { Point, publicFromPoint } from '../../../../src-main/domain/secretstore/math/encoding.ts';

type Canned = { status: number; body: string; delayMs?: number };
let canned: Canned = { status: 200, body: '' };
let lastRequest: { method: string; url: string; body: string; contentType: string | undefined } | null = null;
let server: Server;
let url = '';

before(async () => {
  server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      lastRequest = { method: request.method ?? '', url: request.url ?? '', body: Buffer.concat(chunks).toString(), contentType: request.headers['content-type'] };
      const answer = (): void => {
        response.writeHead(canned.status, { 'content-type': 'application/json; charset=utf-8' });
        response.end(canned.body);
      };
      if (canned.delayMs === undefined) answer();
      else {
        const timer = setTimeout(answer, canned.delayMs);
        response.once('close', () => clearTimeout(timer));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

const documentId = new Uint8Array(32).fill(7);
const signature = new Uint8Array(65).fill(1);
const point = publicFromPoint(Point.BASE.multiply(5n));
const pointHex = `0x${Buffer.from(point).toString('hex')}`;
/** Parity's error body: the quoted text, JSON-encoded (`"\"Access denied\""`). */
const parityBody = (text: string): string => JSON.stringify(`"${text}"`);

async function expectCode(promise: Promise<unknown>, code: string, message?: RegExp): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(isSealdropError(error));
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return true;
  });
}

describe('Parity error bodies', () => {
  test('strips both layers of quoting', () => {
    assert.equal(parityErrorText('"\\"Access denied\\""'), 'Access denied');
    assert.equal(parityErrorText('plain text'), 'plain text');
    assert.equal(parityErrorText(''), '');
  });

  test('maps statuses and texts to codes', () => {
    const cases: [number, string, string][] = [
      [403, 'Access denied', 'access-denied'],
      [403, 'Consensus unreachable', 'not-enough-nodes'],
      [404, 'Server key with this ID is not found', 'server-key-not-found'],
      [404, 'Document key with this ID is not found', 'document-key-not-found'],
      [404, '', 'request-invalid'],
      [400, 'Server key with this ID is already generated', 'server-key-exists'],
      [400, 'Document key with this ID is already stored', 'document-key-exists'],
      [400, 'Insufficient requester data: bad signature', 'request-invalid'],
      [400, 'Sealdrop never lets a node learn a document key', 'request-invalid'],
      [500, 'not enough nodes for passed threshold', 'threshold-invalid'],
      [500, 'Internal error: not enough nodes answered', 'not-enough-nodes'],
      [500, 'node required for this operation is currently disconnected', 'node-unreachable'],
      [500, 'Internal error: database on fire', 'internal'],
      [502, 'Bad gateway', 'internal'],
    ];
    for (const [status, text, code] of cases) assert.equal(codeForParityError(status, text), code, `${status} ${text}`);
  });

  test('a /v1 body carries its own code; an unknown code falls back to the status', () => {
    const known = errorFromResponse('http://n', 409, JSON.stringify({ error: { code: 'acl-stale', message: 'keeps v3' } }));
    assert.equal(known.code, 'acl-stale');
    assert.equal(known.message, 'Key server http://n answered HTTP 409: keeps v3');
    assert.equal(known.details.node, 'http://n');
    const unknown = errorFromResponse('http://n', 403, JSON.stringify({ error: { code: 'made-up', message: 'no' } }));
    assert.equal(unknown.code, 'access-denied');
  });

  test('node text is cleaned before it is shown', () => {
    assert.equal(sanitizeRemoteText('a\u0000b\nc\u001b[31m'), 'a b c [31m');
    assert.equal(sanitizeRemoteText('x'.repeat(500)).length, 301);
  });
});

describe('nodeApi over HTTP', () => {
  test('sends Parity paths in bare hex and parses a quoted server key', async () => {
    canned = { status: 200, body: JSON.stringify(pointHex) };
    const key = await nodeApi(url).generateServerKey(documentId, signature, 1);
    assert.deepEqual(key, point);
    assert.equal(lastRequest?.method, 'POST');
    assert.equal(lastRequest?.url, `/shadow/${'07'.repeat(32)}/${'01'.repeat(65)}/1`);
  });

  test('a Parity 403 quoted body becomes access-denied naming the node', async () => {
    canned = { status: 403, body: parityBody('Access denied') };
    await expectCode(nodeApi(url).serverKey(documentId, signature), 'access-denied', new RegExp(`^Key server ${url} answered HTTP 403: Access denied$`));
  });

  test('a Parity "disconnected" 500 says plainly that a peer is unreachable, and is not a transport failure', async () => {
    canned = { status: 500, body: parityBody('node required for this operation is currently disconnected') };
    await assert.rejects(nodeApi(url).generateServerKey(documentId, signature, 1), (error: unknown) => {
      assert.ok(isSealdropError(error, 'node-unreachable'));
      assert.match(error.message, /currently disconnected \(another key server it needs is unreachable\)$/);
      assert.equal(error.details.transport, undefined);
      return true;
    });
  });

  test('a Parity 404 distinguishes server key from document key by its text', async () => {
    canned = { status: 404, body: parityBody('Document key with this ID is not found') };
    await expectCode(nodeApi(url).shadowRetrieve(documentId, signature), 'document-key-not-found');
    canned = { status: 404, body: parityBody('Server key with this ID is not found') };
    await expectCode(nodeApi(url).shadowRetrieve(documentId, signature), 'server-key-not-found');
  });

  test('a Parity 400 "already stored" becomes document-key-exists', async () => {
    canned = { status: 400, body: parityBody('Document key with this ID is already stored') };
    await expectCode(nodeApi(url).storeDocumentKey(documentId, signature, point, point), 'document-key-exists');
  });

  test('/v1 posts JSON with the signature in 0x hex', async () => {
    canned = { status: 200, body: JSON.stringify({ entries: [] }) };
    assert.deepEqual(await nodeApi(url).audit(documentId, signature, 1234), []);
    assert.equal(lastRequest?.url, `/v1/audit/${'07'.repeat(32)}`);
    assert.equal(lastRequest?.contentType, 'application/json');
    assert.deepEqual(JSON.parse(lastRequest?.body ?? ''), { signature: `0x${'01'.repeat(65)}`, time: 1234 });
  });

  test('a server key of the wrong length or off the curve is a malformed answer', async () => {
    canned = { status: 200, body: JSON.stringify(pointHex.slice(0, -2)) };
    await expectCode(nodeApi(url).serverKey(documentId, signature), 'internal', /malformed server key/);
    canned = { status: 200, body: JSON.stringify(`0x${'00'.repeat(64)}`) };
    await expectCode(nodeApi(url).serverKey(documentId, signature), 'internal', /not a point on secp256k1/);
    canned = { status: 200, body: 'not json' };
    await expectCode(nodeApi(url).serverKey(documentId, signature), 'internal', /not JSON/);
  });

  test('a partial answer with a short envelope is refused', async () => {
    canned = { status: 200, body: JSON.stringify({ node: pointHex, identifier: `0x${'11'.repeat(32)}`, envelope: `0x${'00'.repeat(100)}` }) };
    await assert.rejects(nodeApi(url).partial(documentId, signature), (error: unknown) => isSealdropError(error, 'internal') && error.details.malformed === true);
  });

  test('accepts identifiers with or without 0x and returns the bare lowercase form', async () => {
    const envelope = `0x${'00'.repeat(241)}`;
    canned = { status: 200, body: JSON.stringify({ node: pointHex, identifier: `0x${'AB'.repeat(32)}`, envelope }) };
    assert.equal((await nodeApi(url).partial(documentId, signature)).identifier, 'ab'.repeat(32));
    canned = { status: 200, body: JSON.stringify({ node: pointHex, identifier: 'cd'.repeat(32), envelope }) };
    assert.equal((await nodeApi(url).partial(documentId, signature)).identifier, 'cd'.repeat(32));
  });

  test('status is decoded; a mixed-case (EIP-55) address is accepted', async () => {
    canned = {
      status: 200,
      body: JSON.stringify({
        node: pointHex,
        address: '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
        network: `0x${'ab'.repeat(32)}`,
        peers: { connected: 2, total: 4 },
        keysHeld: 3,
        requests: { served: 10, refused: 1 },
        startedAt: 1700000000000,
        version: '0.1.0',
      }),
    };
    const status = await nodeApi(url).status();
    assert.equal(status.peers.connected, 2);
    assert.equal(Buffer.from(status.address).toString('hex'), '5aaeb6053f3e94c9b9a09f33669435e7ef1beaed');
  });

  test('a refused connection is node-unreachable naming the URL, and surely not delivered', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const deadUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(nodeApi(deadUrl).status(), (error: unknown) => {
      assert.ok(isSealdropError(error, 'node-unreachable'));
      assert.equal(error.message, `Cannot reach key server ${deadUrl} (connection refused).`);
      assert.equal(error.details.delivered, false);
      assert.equal(error.details.transport, true);
      return true;
    });
  });

  test('an unknown host name is node-unreachable', async () => {
    await expectCode(nodeApi('http://sealdrop-no-such-host.invalid').status({ timeoutMs: 5000 }), 'node-unreachable', /sealdrop-no-such-host\.invalid/);
  });

  test('a node slower than the time limit is a timeout naming the node', async () => {
    canned = { status: 200, body: '{}', delayMs: 2000 };
    await expectCode(nodeApi(url, { timeoutMs: 100 }).status(), 'timeout', new RegExp(`^Key server ${url} did not answer within 0.1 s\\.$`));
  });

  test('the caller can cancel a request', async () => {
    canned = { status: 200, body: '{}', delayMs: 2000 };
    const controller = new AbortController();
    const pending = nodeApi(url).status({ signal: controller.signal });
    setTimeout(() => controller.abort(), 30);
    await expectCode(pending, 'cancelled');
  });

  test('an answer larger than the limit is refused', async () => {
    canned = { status: 200, body: JSON.stringify({ entries: [], pad: 'x'.repeat(5 * 1024 * 1024) }) };
    await expectCode(nodeApi(url).audit(documentId, signature, 1234), 'internal', /larger than/);
  });
});
