// Storing a document key and Parity's shadow retrieval across in-process nodes, with the attack of
// the security review: a node obtaining consent with one signature and the parts with another.
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { before, describe, test } from 'node:test';
import { isSealdropError } from '../../../../src-shared/errors.ts';
import { encryptDocumentKey, randomDocumentKey } from '../../../../src-main/domain/secretstore/math/elgamal.ts';
import { signDocumentId } from '../../../../src-main/domain/secretstore/math/requester-signature.ts';
import { combineShadowAnswer } from '../../../../src-main/domain/secretstore/parity/shadow.ts';
import { coordinateDocumentStore } from '../../../../src-main/domain/secretstore/node/sessions/document-coordinator.ts';
import { coordinateGeneration } from '../../../../src-main/domain/secretstore/node/sessions/generation-coordinator.ts';
import { publicKeyInfo } from '../../../../src-main/domain/secretstore/node/sessions/peer-handler.ts';
import type { KeyInfoAnswer } from '../../../../src-main/domain/secretstore/node/sessions/peer-messages.ts';
import { coordinateShadowRetrieval } from '../../../../src-main/domain/secretstore/node/sessions/shadow-coordinator.ts';
import { toHex } from '../../../../src-main/domain/secretstore/node/sessions/wire.ts';
import { SessionNetwork } from './session-network.ts';

describe('document keys and shadow retrieval', () => {
  const author = Uint8Array.from(randomBytes(32));
  const stranger = Uint8Array.from(randomBytes(32));
  const documentId = Uint8Array.from(randomBytes(32));
  const documentKey = randomDocumentKey();
  let network: SessionNetwork;
  let key: KeyInfoAnswer;

  before(async () => {
    network = new SessionNetwork(3);
    const authorSignature = signDocumentId(author, documentId);
    const { serverKey } = await coordinateGeneration(network.askAs(0), { documentId, threshold: 1, authorSignature, participants: network.nodes });
    const { commonPoint, encryptedPoint } = encryptDocumentKey(documentKey, serverKey);
    key = publicKeyInfo((await network.stores[0]!.getKey(documentId))!) as KeyInfoAnswer;
    await coordinateDocumentStore(network.askAs(0), key, { documentId, signature: authorSignature, commonPoint, encryptedPoint });
    key = publicKeyInfo((await network.stores[0]!.getKey(documentId))!) as KeyInfoAnswer;
  });

  test('only the author stores, and only once', async () => {
    const { commonPoint, encryptedPoint } = encryptDocumentKey(randomDocumentKey(), Uint8Array.from(Buffer.from(key.serverKey.slice(2), 'hex')));
    await assert.rejects(
      coordinateDocumentStore(network.askAs(0), key, { documentId, signature: signDocumentId(stranger, documentId), commonPoint, encryptedPoint }),
      (e: unknown) => isSealdropError(e, 'access-denied'),
    );
    await assert.rejects(
      coordinateDocumentStore(network.askAs(0), key, { documentId, signature: signDocumentId(author, documentId), commonPoint, encryptedPoint }),
      (e: unknown) => isSealdropError(e, 'document-key-exists'),
    );
  });

  test('the author gets the document key back through any coordinator; a stranger is refused and logged', async () => {
    for (const coordinator of [0, 1, 2]) {
      const answer = await coordinateShadowRetrieval(network.askAs(coordinator), key, documentId, signDocumentId(author, documentId));
      assert.deepEqual(combineShadowAnswer(author, answer), documentKey);
    }
    await assert.rejects(coordinateShadowRetrieval(network.askAs(0), key, documentId, signDocumentId(stranger, documentId)), (e: unknown) =>
      isSealdropError(e, 'access-denied'),
    );
    assert.ok(network.stores[1]!.audit.some((entry) => !entry.allowed && entry.reason !== ''));
  });

  test('consent given for one requester yields no part for another, nor twice, nor to another coordinator', async () => {
    const session = 'cd'.repeat(16);
    const consent = { type: 'retrieval/consent', session, documentId: toHex(documentId), signature: toHex(signDocumentId(author, documentId)) };
    await network.send(1, 0, consent);
    const own = key.holders.find((h) => h.node === network.nodes[1])!.identifier;
    const consensus = [own, key.holders.find((h) => h.identifier !== own)!.identifier];
    const shadow = (signer: Uint8Array) => ({
      type: 'retrieval/shadow',
      session,
      documentId: toHex(documentId),
      signature: toHex(signDocumentId(signer, documentId)),
      accessKey: `0x${'11'.repeat(32)}`,
      consensus,
    });
    await assert.rejects(network.send(1, 0, shadow(stranger)), /not agreed/);
    await assert.rejects(network.send(1, 2, shadow(author)), /not agreed/);
    await network.send(1, 0, shadow(author));
    await assert.rejects(network.send(1, 0, shadow(author)), /not agreed/);
  });

  test('a consensus naming identifiers that hold no share is refused', async () => {
    const session = 'ef'.repeat(16);
    await network.send(1, 0, { type: 'retrieval/consent', session, documentId: toHex(documentId), signature: toHex(signDocumentId(author, documentId)) });
    const own = key.holders.find((h) => h.node === network.nodes[1])!.identifier;
    await assert.rejects(
      network.send(1, 0, {
        type: 'retrieval/shadow',
        session,
        documentId: toHex(documentId),
        signature: toHex(signDocumentId(author, documentId)),
        accessKey: `0x${'11'.repeat(32)}`,
        consensus: [own, '77'.repeat(32)],
      }),
      /distinct holders/,
    );
  });
});
