/** Runs every C2SP CCTV age vector through openAge and checks the outcome and released plaintext. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isSealdropError } from '../../../src-shared/errors.ts';
import type { ErrorCode } from '../../../src-shared/errors.ts';
import { ScryptIdentity, X25519Identity, openAge } from '../../../src-main/domain/seal/age/index.ts';
import type { Identity } from '../../../src-main/domain/seal/age/index.ts';
import { CCTV_VECTORS } from './cctv-vectors.ts';
import type { CctvVector } from './cctv-vectors.ts';
import { drain, pieces, sha256Hex } from './helpers.ts';

/** Vectors we cannot run, each with the reason. */
function skipReason(vector: CctvVector): string | undefined {
  if (vector.identities.some((identity) => identity.startsWith('AGE-SECRET-KEY-PQ-'))) {
    return 'needs an ML-KEM-768 + X25519 (hybrid post-quantum) identity; not supported (Node 22 has no ML-KEM and no such dependency is installed)';
  }
  return undefined;
}

/** Header failures that have a more specific code in Sealdrop than 'header-invalid'. */
const HEADER_FAILURE_CODES: Readonly<Record<string, ErrorCode>> = {
  // No version line at all: not an age file.
  empty: 'not-sealdrop',
  armor_empty: 'not-sealdrop',
  // Above our scrypt work-factor cap (a DoS guard with its own code).
  scrypt_work_factor_23: 'work-factor-too-high',
};

/** Payload failures and the code each must produce (all must release exactly the vector's payload). */
const PAYLOAD_FAILURE_CODES: Readonly<Record<string, ErrorCode>> = {
  armor_garbage_encoded: 'trailing-data',
  stream_bad_tag: 'payload-tampered',
  stream_bad_tag_second_chunk: 'payload-tampered',
  stream_bad_tag_second_chunk_full: 'payload-tampered',
  stream_last_chunk_empty: 'payload-tampered',
  stream_missing_tag: 'payload-truncated',
  stream_no_chunks: 'payload-truncated',
  stream_no_final: 'payload-truncated',
  stream_no_final_full: 'payload-truncated',
  stream_no_final_two_chunks: 'payload-truncated',
  stream_no_final_two_chunks_full: 'payload-truncated',
  stream_short_chunk: 'payload-truncated',
  stream_short_second_chunk: 'payload-truncated',
  stream_trailing_garbage_long: 'trailing-data',
  stream_trailing_garbage_short: 'trailing-data',
  stream_two_final_chunks: 'trailing-data',
  stream_two_final_chunks_full: 'trailing-data',
  stream_two_final_chunks_second: 'trailing-data',
  // A short final chunk followed by more bytes cannot be told apart from one corrupted chunk.
  stream_two_final_chunks_short: 'payload-tampered',
};

/** The error code a failing vector must produce. */
function expectedCode(vector: CctvVector): ErrorCode {
  switch (vector.expect) {
    case 'header failure':
      return HEADER_FAILURE_CODES[vector.name] ?? 'header-invalid';
    case 'HMAC failure':
      return 'header-tampered';
    case 'armor failure':
      return 'armor-invalid';
    case 'no match':
      // A passphrase that does not open an scrypt stanza is reported as a wrong passphrase.
      return vector.passphrases.length > 0 && /\n-> scrypt /.test(Buffer.from(vector.file).toString('latin1')) ? 'wrong-passphrase' : 'no-matching-key';
    case 'payload failure': {
      const code = PAYLOAD_FAILURE_CODES[vector.name];
      assert.ok(code !== undefined, `payload failure vector ${vector.name} needs an expected code`);
      return code;
    }
    case 'success':
      throw new Error('success has no error code');
  }
}

function identitiesOf(vector: CctvVector): Identity[] {
  return [...vector.identities.map((text) => X25519Identity.parse(text)), ...vector.passphrases.map((passphrase) => new ScryptIdentity(passphrase))];
}

/**
 * Opens a vector fed in awkward pieces (7 bytes for small files, to hit every split position of the
 * parsers; an odd 4 KiB for the multi-megabyte ones); returns released plaintext and the error, if any.
 */
async function attempt(vector: CctvVector): Promise<{ released: Buffer; error: unknown }> {
  try {
    const opened = await openAge(pieces(vector.file, vector.file.length < 4096 ? 7 : 4093), identitiesOf(vector));
    return await drain(opened.plaintext);
  } catch (error) {
    return { released: Buffer.alloc(0), error };
  }
}

describe('C2SP CCTV age vectors', () => {
  it('are all present (143 vectors)', () => {
    assert.equal(CCTV_VECTORS.length, 143);
  });

  for (const vector of CCTV_VECTORS) {
    const reason = skipReason(vector);
    const title = `${vector.name}: ${vector.expect}`;
    if (reason !== undefined) {
      it(title, { skip: reason }, () => undefined);
      continue;
    }
    it(title, async () => {
      const { released, error } = await attempt(vector);
      if (vector.expect === 'success') {
        assert.equal(error, undefined);
      } else {
        const code = expectedCode(vector);
        assert.ok(isSealdropError(error, code), `expected ${code}, got ${isSealdropError(error) ? error.code : String(error)}`);
      }
      // CCTV: all plaintext released by the API must match the payload hash, even if decryption fails.
      if (vector.payload !== undefined) assert.equal(sha256Hex(released), vector.payload);
      else assert.equal(released.length, 0);
    });
  }
});
