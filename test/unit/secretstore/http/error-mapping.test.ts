// Every error code the service may throw → the status and body of both route families, and what
// an unexpected exception does: 500, a generic message, a log line without secrets, and the server
// keeps serving.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { ERROR_CODES, SealdropError, type ErrorCode } from '../../../../src-shared/errors.ts';
import { GENERIC_FAILURE } from '../../../../src-main/domain/secretstore/node/http/error-mapping.ts';
import { idHex, parityError, serverForSuite, sigHex } from './http-helpers.ts';

// Parity's `return_error` statuses and Display texts (PARITY.md §3.1), in our codes.
const PARITY_TABLE: [ErrorCode, number, string][] = [
  ['access-denied', 403, 'Access denied'],
  ['not-enough-nodes', 403, 'Consensus unreachable'],
  ['server-key-not-found', 404, 'Server key with this ID is not found'],
  ['document-key-not-found', 404, 'Document key with this ID is not found'],
  ['server-key-exists', 400, 'Server key with this ID is already generated'],
  ['document-key-exists', 400, 'Document key with this ID is already stored'],
  ['threshold-invalid', 500, 'not enough nodes for passed threshold'],
  ['node-unreachable', 500, 'node required for this operation is currently disconnected'],
];

// Codes without a Parity text: the status, and the body text built from the message.
const OTHER_STATUS: Partial<Record<ErrorCode, number>> = {
  'request-invalid': 400,
  'bad-argument': 400,
  'key-invalid': 400,
  'acl-stale': 409,
};

describe('error mapping', () => {
  const harness = serverForSuite();
  const shadowUrl = (): string => `${harness().api.url}/shadow/${idHex}/${sigHex}`;
  const keyUrl = (): string => `${harness().api.url}/v1/keys/${idHex}`;

  test('Parity routes: each Parity error gets Parity\'s status and quoted text', async () => {
    const { service } = harness();
    try {
      for (const [code, status, text] of PARITY_TABLE) {
        service.failure = new SealdropError(code, `our own message for ${code}`);
        const response = await fetch(shadowUrl());
        assert.equal(response.status, status, code);
        assert.equal(response.headers.get('content-type'), 'application/json; charset=utf-8');
        // Failures that are not the requester's carry our explanation after Parity's text.
        const explained = status >= 500 || code === 'not-enough-nodes' ? `${text}: our own message for ${code}` : text;
        assert.equal(await response.text(), parityError(explained), code);
      }
    } finally {
      service.failure = undefined;
    }
  });

  test('every error code maps to the same status on both families, /v1 carrying code and message', async () => {
    const { service } = harness();
    const parityStatus = new Map(PARITY_TABLE.map(([code, status]) => [code, status]));
    try {
      for (const code of ERROR_CODES) {
        const expected = parityStatus.get(code) ?? OTHER_STATUS[code] ?? 500;
        const message = `message for ${code}`;
        service.failure = new SealdropError(code, message);
        const v1 = await fetch(keyUrl());
        assert.equal(v1.status, expected, code);
        assert.deepEqual(await v1.json(), { error: { code, message } });
        const parity = await fetch(shadowUrl());
        assert.equal(parity.status, expected, code);
        const text = JSON.parse(await parity.text()) as string;
        assert.match(text, /^".*"$/, code);
        if (!parityStatus.has(code)) assert.equal(text, expected === 500 ? `"Internal error: ${message}"` : `"${message}"`, code);
      }
    } finally {
      service.failure = undefined;
    }
  });

  test('node-side SealdropErrors (5xx) are logged as warnings with code and message', async () => {
    const { service, logger } = harness();
    const before = logger.lines.length;
    service.failure = new SealdropError('node-unreachable', 'node 3 is down');
    try {
      await (await fetch(shadowUrl())).text();
    } finally {
      service.failure = undefined;
    }
    const line = logger.lines.slice(before).find((item) => item.level === 'warn');
    assert.deepEqual(line?.fields, { route: 'GET /shadow/{id}/{sig}', code: 'node-unreachable', message: 'node 3 is down' });
  });

  test('an unexpected exception is a 500 with a generic message, logged without its message or the URL', async () => {
    const { api, service, logger } = harness();
    const before = logger.lines.length;
    const secretish = 'deadbeefcafe-secret-bytes';
    for (const thrown of [new TypeError(`cannot read ${secretish}`), `a string ${secretish}`, null]) {
      service.failure = thrown;
      try {
        const parity = await fetch(shadowUrl());
        assert.equal(parity.status, 500);
        assert.equal(await parity.text(), parityError(`Internal error: ${GENERIC_FAILURE}`));
        const v1 = await fetch(keyUrl());
        assert.equal(v1.status, 500);
        assert.deepEqual(await v1.json(), { error: { code: 'internal', message: GENERIC_FAILURE } });
      } finally {
        service.failure = undefined;
      }
    }
    const logged = logger.lines.slice(before);
    assert.ok(logged.length >= 6 && logged.every((line) => line.level === 'error'));
    const text = JSON.stringify(logged);
    assert.ok(!text.includes(secretish), 'the thrown message is not logged');
    assert.ok(!text.includes(sigHex) && !text.includes(idHex), 'the URL is not logged');
    assert.equal(logged[0]?.fields.name, 'TypeError');
    // The server still serves.
    const after = await fetch(`${api.url}/shadow/${idHex}/${sigHex}`);
    assert.equal(after.status, 200);
  });

  test('a malformed result from the service is a logged 500, not a crash', async () => {
    const { service, logger } = harness();
    const saved = service.results.serverKey;
    service.results.serverKey = new Uint8Array(10);
    const before = logger.lines.length;
    try {
      const response = await fetch(`${harness().api.url}/server/${idHex}/${sigHex}`);
      assert.equal(response.status, 500);
      await response.text();
    } finally {
      service.results.serverKey = saved;
    }
    assert.equal(logger.lines.slice(before)[0]?.level, 'error');
  });
});
