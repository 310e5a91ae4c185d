// The message encoding on its own: JSON objects within the size limit, and error answers that carry a
// SealdropError's code but never another error's text.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { decodeMessage, encodeMessage, errorResponseFor } from '../../../../src-main/domain/secretstore/node/transport/message-codec.ts';
import { isSealdropError, SealdropError } from '../../../../src-shared/errors.ts';

describe('message codec', () => {
  test('a JSON object round-trips as UTF-8', () => {
    const message = { type: 'generation/begin', session: '00'.repeat(16), name: 'ключ 🔑' };
    const bytes = encodeMessage(message, 1024);
    assert.equal(new TextDecoder().decode(bytes), JSON.stringify(message));
    assert.deepEqual(decodeMessage(bytes), message);
  });

  test('the size limit counts encoded bytes, not characters', () => {
    const message = { text: 'é'.repeat(10) };
    const size = encodeMessage(message, 1024).length;
    assert.equal(encodeMessage(message, size).length, size);
    assert.throws(() => encodeMessage(message, size - 1), (error) => isSealdropError(error, 'request-invalid'));
  });

  test('only JSON objects are sent', () => {
    for (const value of [[1], 'text', 42, null, undefined]) {
      assert.throws(() => encodeMessage(value, 1024), (error) => isSealdropError(error, 'internal'));
    }
    assert.throws(() => encodeMessage({ big: 1n }, 1024), (error) => isSealdropError(error, 'internal'));
  });

  test('decoding refuses non-objects, bad JSON and bad UTF-8', () => {
    for (const text of ['[]', 'null', '1', '"x"', '{', '']) {
      assert.throws(() => decodeMessage(Buffer.from(text)), (error) => isSealdropError(error, 'request-invalid'), text);
    }
    assert.throws(() => decodeMessage(Uint8Array.of(0x7b, 0x22, 0xff, 0x22, 0x3a, 0x31, 0x7d)), (error) => isSealdropError(error, 'request-invalid'));
  });

  test('a SealdropError answer keeps its code and message; anything else says only "internal"', () => {
    assert.deepEqual(errorResponseFor(new SealdropError('access-denied', 'Not the author.')), {
      ok: false,
      error: { code: 'access-denied', message: 'Not the author.' },
    });
    const internal = errorResponseFor(new TypeError('cannot read share of 0xsecret'));
    assert.deepEqual(internal, { ok: false, error: { code: 'internal', message: 'The node failed to process the request.' } });
    assert.deepEqual(errorResponseFor('a thrown string'), internal);
  });
});
