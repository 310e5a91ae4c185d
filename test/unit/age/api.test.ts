/** encryptAge / openAge / inspectAge, X25519 and passphrase keys, key files. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { isSealdropError } from '../../../src-shared/errors.ts';
import {
  ScryptIdentity,
  ScryptRecipient,
  X25519Identity,
  X25519Recipient,
  encryptAge,
  inspectAge,
  openAge,
  parseIdentityFile,
  parseRecipientsFile,
} from '../../../src-main/domain/seal/age/index.ts';
import type { Identity, Recipient } from '../../../src-main/domain/seal/age/index.ts';
import { collect, pieces } from './helpers.ts';

async function sealBytes(plaintext: Uint8Array, recipients: Recipient[], armor = false): Promise<Buffer> {
  return collect(encryptAge(pieces(plaintext, 50_000), recipients, { armor }));
}

async function openBytes(file: Uint8Array, identities: Identity[]): Promise<Buffer> {
  const opened = await openAge(pieces(file, 30_001), identities);
  return collect(opened.plaintext);
}

describe('age container API', () => {
  const alice = X25519Identity.generate();
  const bob = X25519Identity.generate();

  it('seals to several recipients, each of whom can open it, binary and armored', async () => {
    const plaintext = randomBytes(200_000);
    for (const armor of [false, true]) {
      const file = await sealBytes(plaintext, [alice.recipient, bob.recipient], armor);
      assert.ok((await openBytes(file, [bob])).equals(plaintext));
      assert.ok((await openBytes(file, [alice])).equals(plaintext));
    }
  });

  it('uses a fresh file key per call', async () => {
    const one = await sealBytes(Buffer.from('same'), [alice.recipient]);
    const two = await sealBytes(Buffer.from('same'), [alice.recipient]);
    assert.ok(!one.equals(two));
  });

  it('yields ciphertext in buffers of at least 64 KiB', async () => {
    const sizes: number[] = [];
    for await (const part of encryptAge(pieces(randomBytes(3 * 1024 * 1024), 4096), [alice.recipient])) sizes.push(part.length);
    assert.ok(sizes.slice(1, -1).every((size) => size >= 64 * 1024));
  });

  it('reports a stranger key as no-matching-key', async () => {
    const file = await sealBytes(Buffer.from('hi'), [alice.recipient]);
    await assert.rejects(openAge(pieces(file), [bob]), (error) => isSealdropError(error, 'no-matching-key'));
  });

  it('reports a changed header as header-tampered', async () => {
    const file = await sealBytes(Buffer.from('hi'), [alice.recipient]);
    const text = file.toString('latin1');
    const mac = text.indexOf('--- ') + 4;
    file[mac] = file[mac] === 0x41 ? 0x42 : 0x41;
    await assert.rejects(openAge(pieces(file), [alice]), (error) => isSealdropError(error, 'header-tampered'));
  });

  it('says plainly that random bytes are not an age file', async () => {
    await assert.rejects(openAge(pieces(randomBytes(500)), [alice]), (error) => isSealdropError(error, 'not-sealdrop') && error.message === 'this is not a .sealdrop or age file');
  });

  it('inspects stanzas and sizes without a key', async () => {
    const file = await sealBytes(randomBytes(64 * 1024 + 1), [alice.recipient, bob.recipient]);
    const info = await inspectAge(pieces(file));
    assert.deepEqual(info.stanzas.map((stanza) => stanza.type), ['X25519', 'X25519']);
    assert.equal(info.armored, false);
    assert.equal(info.chunks, 2);
    assert.equal(info.headerBytes + info.payloadBytes, file.length);
    assert.equal((await inspectAge(pieces(await sealBytes(Buffer.from('x'), [alice.recipient], true)))).armored, true);
  });

  it('seals to a passphrase and tells a wrong one apart', async () => {
    const file = await sealBytes(Buffer.from('secret'), [new ScryptRecipient('correct horse', { logN: 10 })]);
    assert.equal((await openBytes(file, [new ScryptIdentity('correct horse')])).toString(), 'secret');
    await assert.rejects(openAge(pieces(file), [new ScryptIdentity('wrong')]), (error) => isSealdropError(error, 'wrong-passphrase'));
  });

  it('refuses to mix a passphrase with other recipients', async () => {
    await assert.rejects(sealBytes(Buffer.from('x'), [new ScryptRecipient('pw', { logN: 10 }), alice.recipient]), (error) => isSealdropError(error, 'bad-argument'));
  });

  it('refuses a work factor above the configured maximum', async () => {
    const file = await sealBytes(Buffer.from('x'), [new ScryptRecipient('pw', { logN: 12 })]);
    await assert.rejects(openAge(pieces(file), [new ScryptIdentity('pw', { maxLogN: 11 })]), (error) => isSealdropError(error, 'work-factor-too-high'));
  });
});

describe('X25519 keys and key files', () => {
  it('encodes and parses identities and recipients (age1… / AGE-SECRET-KEY-1…)', () => {
    const identity = X25519Identity.generate();
    const secret = identity.exportSecret();
    assert.match(secret, /^AGE-SECRET-KEY-1[0-9A-Z]{58}$/);
    assert.equal(X25519Identity.parse(secret).recipient.toString(), identity.recipient.toString());
    assert.match(identity.recipient.toString(), /^age1[0-9a-z]{58}$/);
    assert.deepEqual(X25519Recipient.parse(identity.recipient.toString()).publicKey, identity.recipient.publicKey);
  });

  it('derives the published recipient of the spec example identity', () => {
    const identity = X25519Identity.parse('AGE-SECRET-KEY-1GFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPYYSJZGFPQ4EGAEX');
    assert.equal(identity.recipient.toString(), 'age1zvkyg2lqzraa2lnjvqej32nkuu0ues2s82hzrye869xeexvn73equnujwj');
  });

  it('reads identity files with comments and blank lines, and names a bad line without echoing it', () => {
    const first = X25519Identity.generate();
    const second = X25519Identity.generate();
    const text = `# created: today\r\n# public key: ${first.recipient}\n${first.exportSecret()}\n\n${second.exportSecret()}\n`;
    assert.equal(parseIdentityFile(text).length, 2);
    assert.throws(
      () => parseIdentityFile(`${first.exportSecret()}\nAGE-SECRET-KEY-1NOPE\n`),
      (error) => isSealdropError(error, 'bad-argument') && error.details.line === 2 && !error.message.includes('NOPE'),
    );
  });

  it('reads recipients files and rejects other key kinds', () => {
    const identity = X25519Identity.generate();
    assert.equal(parseRecipientsFile(`# team\n${identity.recipient}\n`).length, 1);
    assert.throws(() => parseRecipientsFile('ssh-ed25519 AAAA\n'), (error) => isSealdropError(error, 'bad-argument'));
  });
});
