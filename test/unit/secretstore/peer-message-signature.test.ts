// Canonical JSON and node signatures on peer messages (docs/PROTOCOL.md §4), cross-checked with ethers.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { SigningKey, keccak256, toUtf8Bytes } from 'ethers';
import { canonicalJson, MAX_CANONICAL_DEPTH } from '../../../src-main/domain/secretstore/math/canonical-json.ts';
import { CURVE_ORDER, hexFromBytes, publicFromSecret, randomScalar, secretFromScalar } from '../../../src-main/domain/secretstore/math/encoding.ts';
import { peerMessageDigest, signPeerMessage, verifyPeerMessage } from '../../../src-main/domain/secretstore/math/peer-message-signature.ts';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';

const message = {
  type: 'generation/round1',
  session: '00112233445566778899aabbccddeeff',
  threshold: 1,
  commitment: ['0x02aa', '0x03bb'],
  nested: { z: null, a: false, m: [1, -2, 0] },
};

describe('canonical JSON', () => {
  test('sorts keys recursively and leaves no whitespace', () => {
    assert.equal(
      canonicalJson(message),
      '{"commitment":["0x02aa","0x03bb"],"nested":{"a":false,"m":[1,-2,0],"z":null},"session":"00112233445566778899aabbccddeeff","threshold":1,"type":"generation/round1"}',
    );
  });

  test('orders keys by UTF-16 code units and escapes strings as JSON.stringify (RFC 8785)', () => {
    // RFC 8785 §3.2.3: "\u20ac" (€) sorts before "\ud83d\ude00" (😀), which sorts before "\ufb33".
    assert.equal(canonicalJson({ '\ufb33': 1, '😀': 2, '€': 3, '\r': 4, '1': 5 }), '{"\\r":4,"1":5,"€":3,"😀":2,"דּ":1}');
    assert.equal(canonicalJson('a"b\\c\u0001\ud800'), '"a\\"b\\\\c\\u0001\\ud800"');
    assert.equal(canonicalJson(-0), '0');
    assert.equal(canonicalJson(Object.assign(Object.create(null) as object, { b: 1, a: 2 })), '{"a":2,"b":1}');
  });

  test('refuses floats, NaN, unsafe integers, undefined and anything that is not plain JSON data', () => {
    const sparse = [1, , 3]; // eslint-disable-line no-sparse-arrays
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    let deep: unknown = 0;
    for (let i = 0; i <= MAX_CANONICAL_DEPTH; i++) deep = [deep];
    for (const bad of [1.5, NaN, Infinity, 2 ** 53, undefined, { a: undefined }, [undefined], 1n, () => 1, Symbol('s'), new Uint8Array(2), new Date(0), new Map(), sparse, cyclic, deep, { [Symbol('k')]: 1 }]) {
      assert.throws(() => canonicalJson(bad), { code: 'bad-argument' });
    }
  });

  test('the same data shared twice is fine (only cycles are refused)', () => {
    const shared = { x: 1 };
    assert.equal(canonicalJson({ a: shared, b: [shared] }), '{"a":{"x":1},"b":[{"x":1}]}');
  });
});

describe('peer message signatures', () => {
  const secret = secretFromScalar(randomScalar());
  const publicKey = publicFromSecret(secret);

  test('the digest is keccak256(label ‖ canonical JSON) and the signature is ethers-compatible', () => {
    const expected = keccak256(toUtf8Bytes(`sealdrop/v1/peer-message${canonicalJson(message)}`));
    assert.equal(`0x${hexFromBytes(peerMessageDigest(message))}`, expected);
    const signature = signPeerMessage(secret, message);
    assert.equal(signature.length, 65);
    assert.ok(signature[64] === 0 || signature[64] === 1);
    // ethers signs with RFC 6979 too, so r and s match byte for byte; its v is 27 + ours.
    const theirs = new SigningKey(`0x${hexFromBytes(secret)}`).sign(expected);
    assert.equal(`0x${hexFromBytes(signature.subarray(0, 64))}`, `${theirs.r}${theirs.s.slice(2)}`);
    assert.equal(theirs.v, 27 + (signature[64] ?? 0));
    assert.equal(SigningKey.recoverPublicKey(expected, theirs), `0x04${hexFromBytes(publicKey)}`);
  });

  test('verifies whatever the key order of the object it is given', () => {
    const signature = signPeerMessage(secret, message);
    const reordered = { nested: { m: [1, -2, 0], a: false, z: null }, type: message.type, threshold: 1, session: message.session, commitment: ['0x02aa', '0x03bb'] };
    assert.equal(verifyPeerMessage(publicKey, reordered, signature), true);
    assert.equal(verifyPeerMessage(publicKey, JSON.parse(JSON.stringify(message)), signature), true);
  });

  test('detects a changed field, an added field, array order and another signer', () => {
    const signature = signPeerMessage(secret, message);
    assert.equal(verifyPeerMessage(publicKey, { ...message, threshold: 2 }, signature), false);
    assert.equal(verifyPeerMessage(publicKey, { ...message, extra: true }, signature), false);
    assert.equal(verifyPeerMessage(publicKey, { ...message, commitment: ['0x03bb', '0x02aa'] }, signature), false);
    assert.equal(verifyPeerMessage(publicFromSecret(secretFromScalar(randomScalar())), message, signature), false);
  });

  test('refuses damaged, re-encoded and malformed signatures without throwing', () => {
    const signature = signPeerMessage(secret, message);
    const flipped = Uint8Array.from(signature);
    flipped[10] = (flipped[10] ?? 0) ^ 1;
    assert.equal(verifyPeerMessage(publicKey, message, flipped), false);
    const legacyV = Uint8Array.from(signature);
    legacyV[64] = 27 + (signature[64] ?? 0);
    assert.equal(verifyPeerMessage(publicKey, message, legacyV), false);
    // (r, n − s, 1 − v) is the same signature re-encoded with high S: refused.
    const highS = Uint8Array.from(signature);
    highS.set(numberToBytesBE(CURVE_ORDER - bytesToNumberBE(signature.subarray(32, 64)), 32), 32);
    highS[64] = 1 - (signature[64] ?? 0);
    assert.equal(verifyPeerMessage(publicKey, message, highS), false);
    assert.equal(verifyPeerMessage(publicKey, message, signature.subarray(0, 64)), false);
    assert.equal(verifyPeerMessage(publicKey.subarray(1), message, signature), false);
    assert.equal(verifyPeerMessage(publicKey, { ...message, bad: 1.5 }, signature), false);
  });

  test('signing refuses a message that is not JSON data and a bad secret', () => {
    assert.throws(() => signPeerMessage(secret, { at: new Date() }), { code: 'bad-argument' });
    assert.throws(() => signPeerMessage(new Uint8Array(32), message), { code: 'key-invalid' });
  });
});
