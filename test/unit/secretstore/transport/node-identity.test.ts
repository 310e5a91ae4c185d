// The node key and the libp2p identity are the same key in two shapes; a peer id tells which node it is.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import {
  compressNodeKey,
  libp2pKeyFromNodeSecret,
  nodeKeyFromCompressed,
  nodeKeyFromLibp2pKey,
  nodeKeyFromPeerId,
  nodeLabel,
  peerIdFromNodeKey,
  peerIdOfLibp2pKey,
} from '../../../../src-main/domain/secretstore/node/transport/node-identity.ts';
import { isSealdropError } from '../../../../src-shared/errors.ts';
import { hex, newNodeKey } from './helpers.ts';

describe('node identity', () => {
  test('the peer id made from the secret equals the one made from the public node key', () => {
    const key = newNodeKey();
    const privateKey = libp2pKeyFromNodeSecret(key.secret);
    assert.equal(privateKey.type, 'secp256k1');
    assert.equal(hex(nodeKeyFromLibp2pKey(privateKey)), hex(key.publicKey));
    const peerId = peerIdOfLibp2pKey(privateKey);
    assert.ok(peerId.equals(peerIdFromNodeKey(key.publicKey)));
    assert.equal(hex(nodeKeyFromPeerId(peerId)!), hex(key.publicKey));
  });

  test('compressing and expanding a node key round-trips, and matches noble', () => {
    const key = newNodeKey();
    const compressed = compressNodeKey(key.publicKey);
    assert.equal(compressed.length, 33);
    assert.equal(hex(compressed), hex(secp256k1.getPublicKey(key.secret, true)));
    assert.equal(hex(nodeKeyFromCompressed(compressed)), hex(key.publicKey));
  });

  test('refuses keys that are the wrong length or not on the curve', () => {
    assert.throws(() => compressNodeKey(new Uint8Array(65)), (error) => isSealdropError(error, 'key-invalid'));
    assert.throws(() => compressNodeKey(new Uint8Array(64).fill(1)), (error) => isSealdropError(error, 'key-invalid'));
    assert.throws(() => nodeKeyFromCompressed(Uint8Array.of(2, ...new Uint8Array(32).fill(0xff))), (error) => isSealdropError(error, 'key-invalid'));
  });

  test('refuses secrets that are the wrong length, zero or not below the group order', () => {
    assert.throws(() => libp2pKeyFromNodeSecret(new Uint8Array(31)), (error) => isSealdropError(error, 'key-invalid'));
    assert.throws(() => libp2pKeyFromNodeSecret(new Uint8Array(32)), (error) => isSealdropError(error, 'key-invalid'));
    assert.throws(() => libp2pKeyFromNodeSecret(new Uint8Array(32).fill(0xff)), (error) => isSealdropError(error, 'key-invalid'));
  });

  test('labels a node by the first and last hex digits of its key', () => {
    const key = new Uint8Array(64);
    key[0] = 0x1a;
    key[1] = 0x2b;
    key[62] = 0x9f;
    key[63] = 0x0e;
    assert.equal(nodeLabel(key), 'node 0x1a2b…9f0e');
  });
});
