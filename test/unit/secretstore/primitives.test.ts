// Encodings, ElGamal, Lagrange, Chaum-Pedersen proofs, ECIES and the Parity document cipher on fresh keys.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { formatAddress, parseAddress } from '../../../src-main/domain/secretstore/math/address.ts';
import { provePartialDecryption, verifyPartialDecryption } from '../../../src-main/domain/secretstore/math/chaum-pedersen.ts';
import { Point, pointFromPublic, publicFromPoint, randomScalar, scalarFromSecret, secretFromScalar } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { decryptDocumentKey, encryptDocumentKey, randomDocumentKey } from '../../../src-main/domain/secretstore/math/elgamal.ts';
import { lagrangeCoefficient } from '../../../src-main/domain/secretstore/math/lagrange.ts';
import { recoverRequesterPublic, signDocumentId } from '../../../src-main/domain/secretstore/math/requester-signature.ts';
import { parityDocumentDecrypt, parityDocumentEncrypt } from '../../../src-main/domain/secretstore/parity/document-cipher.ts';
import { eciesDecrypt, eciesEncrypt } from '../../../src-main/domain/secretstore/parity/ecies.ts';

const context = new TextEncoder().encode('document-id|requester');

describe('encodings', () => {
  test('a point survives X‖Y encoding and a point off the curve is refused', () => {
    const P = Point.BASE.multiply(randomScalar());
    assert.ok(pointFromPublic(publicFromPoint(P)).equals(P));
    const bad = publicFromPoint(P);
    bad[63] = (bad[63] ?? 0) ^ 1;
    assert.throws(() => pointFromPublic(bad), { code: 'key-invalid' });
    assert.throws(() => pointFromPublic(new Uint8Array(65)), { code: 'key-invalid' });
  });

  test('secrets are 32 bytes in [1, n-1]', () => {
    const s = randomScalar();
    assert.equal(scalarFromSecret(secretFromScalar(s)), s);
    assert.throws(() => scalarFromSecret(new Uint8Array(32)), { code: 'key-invalid' });
    assert.throws(() => scalarFromSecret(new Uint8Array(32).fill(0xff)), { code: 'key-invalid' });
  });

  test('addresses format with 0x and parse back', () => {
    const address = parseAddress('0x00A329C0648769A73AFAC7F9381E08FB43DBEA72');
    assert.equal(formatAddress(address), '0x00a329c0648769a73afac7f9381e08fb43dbea72');
  });

  test('a requester signature recovers the signer and rejects v = 27 and a wrong length', () => {
    const secret = secretFromScalar(randomScalar());
    const id = new Uint8Array(32).fill(7);
    const signature = signDocumentId(secret, id);
    assert.ok(signature[64] === 0 || signature[64] === 1);
    assert.deepEqual(recoverRequesterPublic(signature, id), publicFromPoint(Point.BASE.multiply(scalarFromSecret(secret))));
    const legacyV = Uint8Array.from(signature);
    legacyV[64] = 27;
    assert.throws(() => recoverRequesterPublic(legacyV, id), { code: 'key-invalid' });
    assert.throws(() => recoverRequesterPublic(signature.subarray(0, 64), id), { code: 'key-invalid' });
  });
});

describe('ElGamal document key', () => {
  test('C = r·G, E = M + r·Y decrypts with the server secret', () => {
    const x = randomScalar();
    const Y = publicFromPoint(Point.BASE.multiply(x));
    const M = randomDocumentKey();
    assert.deepEqual(decryptDocumentKey(encryptDocumentKey(M, Y), x), M);
  });

  test('Lagrange refuses duplicate and zero identifiers', () => {
    assert.throws(() => lagrangeCoefficient([1n, 1n], 1n), { code: 'bad-argument' });
    assert.throws(() => lagrangeCoefficient([0n, 2n], 2n), { code: 'bad-argument' });
    assert.equal(lagrangeCoefficient([5n], 5n), 1n);
  });
});

describe('Chaum-Pedersen partial decryption', () => {
  const s = randomScalar();
  const Yi = publicFromPoint(Point.BASE.multiply(s));
  const C = publicFromPoint(Point.BASE.multiply(randomScalar()));

  test('an honest partial verifies', () => {
    assert.ok(verifyPartialDecryption(Yi, C, provePartialDecryption(s, C, context), context));
  });

  test('a partial made with another scalar is rejected even with a proof for that scalar', () => {
    const other = provePartialDecryption(randomScalar(), C, context);
    assert.equal(verifyPartialDecryption(Yi, C, other, context), false);
  });

  test('a swapped partial, a flipped proof bit, another context or common point are rejected', () => {
    const proven = provePartialDecryption(s, C, context);
    const wrongPartial = { ...proven, partial: publicFromPoint(pointFromPublic(proven.partial).double()) };
    const flipped = Uint8Array.from(proven.proof);
    flipped[40] = (flipped[40] ?? 0) ^ 1;
    assert.equal(verifyPartialDecryption(Yi, C, wrongPartial, context), false);
    assert.equal(verifyPartialDecryption(Yi, C, { ...proven, proof: flipped }, context), false);
    assert.equal(verifyPartialDecryption(Yi, C, proven, new Uint8Array(3)), false);
    assert.equal(verifyPartialDecryption(Yi, Yi, proven, context), false);
    assert.equal(verifyPartialDecryption(Yi, C, { partial: new Uint8Array(64), proof: proven.proof }, context), false);
  });
});

describe('ECIES and the Parity document cipher', () => {
  const secret = secretFromScalar(randomScalar());
  const recipient = publicFromPoint(Point.BASE.multiply(scalarFromSecret(secret)));

  test('a changed byte anywhere in the envelope is refused', () => {
    const envelope = eciesEncrypt(recipient, new Uint8Array(32).fill(9));
    for (const index of [0, 5, 70, 90, envelope.length - 1]) {
      const changed = Uint8Array.from(envelope);
      changed[index] = (changed[index] ?? 0) ^ 0x01;
      assert.throws(() => eciesDecrypt(secret, changed), { code: 'ciphertext-tampered' }, `byte ${index}`);
    }
    assert.throws(() => eciesDecrypt(secretFromScalar(randomScalar()), envelope), { code: 'ciphertext-tampered' });
    assert.throws(() => eciesDecrypt(secret, envelope.subarray(0, 100)), { code: 'ciphertext-tampered' });
  });

  test('the document cipher round-trips as ct ‖ iv (V7)', () => {
    const M = randomDocumentKey();
    const plaintext = new TextEncoder().encode('deadbeef and more');
    const encrypted = parityDocumentEncrypt(M, plaintext);
    assert.equal(encrypted.length, plaintext.length + 16);
    assert.deepEqual(parityDocumentDecrypt(M, encrypted), Buffer.from(plaintext));
  });
});
