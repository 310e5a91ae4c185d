import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import os from 'node:os';
import { toSealdropError } from '../../../src-main/domain/seal/fs-errors.ts';
import { SealdropError } from '../../../src-shared/errors.ts';

function errno(code: string, message = `${code}: something happened`): NodeJS.ErrnoException {
  return Object.assign(new Error(message), { code });
}

describe('toSealdropError', () => {
  for (const code of ['ENOSPC', 'EDQUOT']) {
    it(`turns ${code} into disk-full, keeping the original as the cause`, () => {
      const original = errno(code);
      const error = toSealdropError(original, 'writing the sealed file');
      assert.equal(error.code, 'disk-full');
      assert.match(error.message, /writing the sealed file/);
      assert.equal(error.cause, original);
    });
  }

  it('turns a real ENOENT into input-not-found that names the path', async () => {
    const missing = path.join(os.tmpdir(), `sealdrop-missing-${process.pid}-${Date.now()}`);
    const original = await readFile(missing).catch((e: unknown) => e);
    const error = toSealdropError(original, 'reading the input');
    assert.equal(error.code, 'input-not-found');
    assert.ok(error.message.includes(missing), error.message);
  });

  it('turns an AbortError (as AbortSignal raises it) into cancelled', () => {
    const controller = new AbortController();
    controller.abort();
    let raised: unknown;
    try {
      controller.signal.throwIfAborted();
    } catch (e) {
      raised = e;
    }
    assert.equal(toSealdropError(raised, 'sealing').code, 'cancelled');
  });

  it("turns Node's ABORT_ERR into cancelled", () => {
    assert.equal(toSealdropError(errno('ABORT_ERR'), 'sealing').code, 'cancelled');
  });

  it('turns any other errno into io-failed with the errno in the details', () => {
    const error = toSealdropError(errno('EACCES', 'EACCES: permission denied'), 'writing the sealed file');
    assert.equal(error.code, 'io-failed');
    assert.deepEqual(error.details, { errno: 'EACCES' });
    assert.match(error.message, /writing the sealed file.*permission denied/);
  });

  it('turns a non-errno failure into io-failed without details', () => {
    const error = toSealdropError('a thrown string', 'reading');
    assert.equal(error.code, 'io-failed');
    assert.deepEqual(error.details, {});
    assert.match(error.message, /a thrown string/);
  });

  it('passes a SealdropError through as the same object', () => {
    const original = new SealdropError('payload-tampered', 'chunk 3 was changed', { chunk: 3 });
    assert.equal(toSealdropError(original, 'opening'), original);
  });
});
