// Parity's published Secret Store vectors (../shared/vectors/parity-secretstore.json), one test per vector.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { addressFromPublic } from '../../../src-main/domain/secretstore/math/address.ts';
import { Point, Fn, publicFromPoint, publicFromSecret, pointFromPublic, scalarFromSecret } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { decryptDocumentKey } from '../../../src-main/domain/secretstore/math/elgamal.ts';
import { combinePartialDecryptions, interpolateSecret, lagrangeCoefficient } from '../../../src-main/domain/secretstore/math/lagrange.ts';
import { recoverRequesterAddress, signDocumentId } from '../../../src-main/domain/secretstore/math/requester-signature.ts';
import { functionSelector } from '../../../src-main/domain/secretstore/parity/abi-selector.ts';
import { parityDocumentDecrypt } from '../../../src-main/domain/secretstore/parity/document-cipher.ts';
import { DEFAULT_MAC, ECIES_OVERHEAD, eciesDecrypt, eciesEncrypt } from '../../../src-main/domain/secretstore/parity/ecies.ts';
import { combineShadowAnswer, combineShadowParts, computeShadowPart } from '../../../src-main/domain/secretstore/parity/shadow.ts';
import { serversSetHash } from '../../../src-main/domain/secretstore/parity/servers-set-hash.ts';
import { hex, toHex, vectors } from './vectors.ts';

/** All k-element subsets of [0, n). */
function subsets(n: number, k: number): number[][] {
  if (k === 0) return [[]];
  if (n < k) return [];
  return [...subsets(n - 1, k - 1).map((s) => [...s, n - 1]), ...subsets(n - 1, k)];
}

describe('threshold_decryption (V1: t=3, n=5)', () => {
  const v = vectors.threshold_decryption;
  const ids = v.id_numbers.map((x) => scalarFromSecret(hex(x)));
  const shares = v.shares.map((x) => scalarFromSecret(hex(x)));
  const C = hex(v.common_point);

  test('threshold_decryption: every 4-of-5 subset recovers the document key by Lagrange partials', () => {
    for (const subset of subsets(5, v.threshold + 1)) {
      const partials = subset.map((i) => ({
        identifier: ids[i] ?? 0n,
        partial: publicFromPoint(pointFromPublic(C).multiply(shares[i] ?? 0n)),
      }));
      assert.equal(toHex(combinePartialDecryptions(hex(v.encrypted_point), partials)), v.document_key, `subset ${subset}`);
    }
  });

  test('threshold_decryption: the interpolated secret decrypts E directly', () => {
    const x = interpolateSecret([0, 1, 2, 3].map((i) => ({ identifier: ids[i] ?? 0n, share: shares[i] ?? 0n })));
    const key = decryptDocumentKey({ commonPoint: C, encryptedPoint: hex(v.encrypted_point) }, x);
    assert.equal(toHex(key), v.document_key);
  });

  test('threshold_decryption: three shares give a different point', () => {
    const partials = [0, 1, 2].map((i) => ({
      identifier: ids[i] ?? 0n,
      partial: publicFromPoint(pointFromPublic(C).multiply(shares[i] ?? 0n)),
    }));
    assert.notEqual(toHex(combinePartialDecryptions(hex(v.encrypted_point), partials)), v.document_key);
  });

  test('threshold_decryption: the full shadow protocol (A12) yields the document key on the client', () => {
    const requesterSecret = Point.Fn.toBytes(12345n);
    const requesterPublic = publicFromSecret(requesterSecret);
    const consensus = [4, 0, 2, 3];
    const setIds = consensus.map((i) => ids[i] ?? 0n);
    const accessKey = Fn.create(987654321n);
    const parts = consensus.map((i) =>
      computeShadowPart(shares[i] ?? 0n, lagrangeCoefficient(setIds, ids[i] ?? 0n), accessKey, C, requesterPublic),
    );
    const answer = combineShadowParts(hex(v.encrypted_point), C, accessKey, parts);
    assert.equal(answer.decryptShadows.length, 4);
    assert.equal(toHex(combineShadowAnswer(requesterSecret, answer)), v.document_key);
  });
});

describe('shadow_combination (V2: rpc_secretstore_shadow_decrypt)', () => {
  const v = vectors.shadow_combination;
  const secret = hex(v.requester_secret);

  test('shadow_combination: the requester secret has the published address', () => {
    assert.equal(toHex(addressFromPublic(publicFromSecret(secret))), v.requester_address);
  });

  test('shadow_combination: each decrypt shadow opens (auth 00 00) to the published scalar', () => {
    v.decrypt_shadows.forEach((shadow, i) => {
      assert.equal(hex(shadow).length, 145);
      assert.equal(toHex(eciesDecrypt(secret, hex(shadow), DEFAULT_MAC)), v.decrypted_shadow_scalars[i]);
    });
  });

  test('shadow_combination: decrypted_secret + (Σ c_i)·common_point is the document key', () => {
    const answer = {
      decryptedSecret: hex(v.decrypted_secret),
      commonPoint: hex(v.common_point),
      decryptShadows: v.decrypt_shadows.map(hex),
    };
    assert.equal(toHex(combineShadowAnswer(secret, answer)), v.document_key);
  });

  test('shadow_combination: the legacy document ciphertext decrypts to the published plaintext', () => {
    assert.equal(toHex(parityDocumentDecrypt(hex(v.document_key), hex(v.legacy_ciphertext))), v.legacy_plaintext);
  });

  test('shadow_combination: a shadow under the wrong auth data is refused', () => {
    const shadow = hex(v.decrypt_shadows[0] ?? '');
    assert.throws(() => eciesDecrypt(secret, shadow, new Uint8Array(0)), { code: 'ciphertext-tampered' });
  });
});

describe('ecies (envelope description; its only published ciphertext is the V2 shadow above)', () => {
  const secret = Point.Fn.toBytes(0xc0ffeen);
  const recipient = publicFromSecret(secret);

  test('ecies: 0x04 ‖ ephemeral ‖ iv ‖ ct ‖ tag with 113 bytes overhead, 145 for a scalar, 177 for a point', () => {
    const scalarEnvelope = eciesEncrypt(recipient, new Uint8Array(32));
    const pointEnvelope = eciesEncrypt(recipient, new Uint8Array(64));
    assert.equal(ECIES_OVERHEAD, 113);
    assert.equal(scalarEnvelope.length, 145);
    assert.equal(pointEnvelope.length, 177);
    assert.equal(scalarEnvelope[0], 0x04);
    pointFromPublic(scalarEnvelope.subarray(1, 65));
  });

  test('ecies: round-trips with the default and empty auth data', () => {
    const message = new TextEncoder().encode('parity envelope');
    assert.deepEqual(eciesDecrypt(secret, eciesEncrypt(recipient, message)), Buffer.from(message));
    assert.deepEqual(eciesDecrypt(secret, eciesEncrypt(recipient, message, new Uint8Array(0)), new Uint8Array(0)), Buffer.from(message));
  });
});

describe('requester_signatures (V5: Parity dev account)', () => {
  const v = vectors.requester_signatures;
  const secret = hex(v.secret);
  const address = addressFromPublic(publicFromSecret(secret));
  for (const c of v.cases) {
    test(`requester_signatures: id ${c.id} signs to the published r‖s‖v`, () => {
      assert.equal(toHex(signDocumentId(secret, hex(c.id))), c.signature);
    });
    test(`requester_signatures: id ${c.id} recovers to the dev account address`, () => {
      assert.deepEqual(recoverRequesterAddress(hex(c.signature), hex(c.id)), address);
    });
  }
  test('requester_signatures: the dev account is 0x00a329c0…ea72', () => {
    assert.match(toHex(address), /^00a329c0.*ea72$/);
  });
});

describe('servers_set_hash (V6)', () => {
  const v = vectors.servers_set_hash;
  test('servers_set_hash: keccak256 of the sorted node keys', () => {
    assert.equal(toHex(serversSetHash(v.nodes.map(hex))), v.hash);
    assert.equal(toHex(serversSetHash([...v.nodes].reverse().map(hex))), v.hash);
  });
});

describe('acl_selector', () => {
  const v = vectors.acl_selector;
  test('acl_selector: checkPermissions(address,bytes32) is 0xb36a9a7c', () => {
    assert.equal(toHex(functionSelector(v.signature)), v.selector);
  });
});

describe('vectors named in PARITY.md but not published in full in the shared file', () => {
  test.skip('V3 rpc_secretstore_encrypt_and_decrypt: PARITY.md gives only truncated hex (0440262a…4fbf), no full envelope', () => {});
  test.skip('V4 wiki secretstore_decrypt with the dev account: PARITY.md gives only truncated hex (049b0547…bba4)', () => {});
  test.skip('V7 encrypt_and_decrypt_document: round-trip only with a random IV, covered by document-cipher tests', () => {});
});
