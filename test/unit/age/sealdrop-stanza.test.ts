// The Sealdrop network stanza (docs/FORMAT.md §1.6): known-answer vectors from sealdrop-stanza-vectors.json,
// strict parsing, and whole files opened through the age container with the network identity.
import assert from 'node:assert/strict';
import { Buffer } from 'node:buffer';
import { execFile } from 'node:child_process';
import { createDecipheriv, hkdfSync } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { promisify } from 'node:util';
import { openAge } from '../../../src-main/domain/seal/age/decrypt.ts';
import { encryptAge } from '../../../src-main/domain/seal/age/encrypt.ts';
import { readHeader, verifyHeaderMac } from '../../../src-main/domain/seal/age/header.ts';
import { ByteReader } from '../../../src-main/domain/seal/age/byte-reader.ts';
import { ScryptRecipient } from '../../../src-main/domain/seal/age/scrypt.ts';
import { SealdropNetworkIdentity, SealdropNetworkRecipient } from '../../../src-main/domain/seal/age/sealdrop-recipient.ts';
import { parseSealdropStanza, unwrapFileKeyWithDocumentKey, wrapFileKeyForNetwork, wrapFileKeyWithSalt } from '../../../src-main/domain/seal/age/sealdrop-stanza.ts';
import { encodeStanza, parseStanza, type Stanza } from '../../../src-main/domain/seal/age/stanza.ts';
import { X25519Identity } from '../../../src-main/domain/seal/age/x25519.ts';
import { serversSetHash } from '../../../src-main/domain/secretstore/parity/servers-set-hash.ts';
import { collect, pieces } from './helpers.ts';
import vectors from './sealdrop-stanza-vectors.json' with { type: 'json' };

type StanzaVector = (typeof vectors.stanzas)[number];
const bytes = (hex: string): Uint8Array => Uint8Array.from(Buffer.from(hex, 'hex'));
const first = vectors.stanzas[0] as StanzaVector;

async function hasAge(): Promise<boolean> {
  try {
    await promisify(execFile)('age', ['--version']);
    return true;
  } catch {
    return false;
  }
}
const ageInstalled = await hasAge();

/** Parses exact stanza text with the generic header code. */
async function stanzaFromText(text: string): Promise<Stanza> {
  const [argLine, ...rest] = text.split('\n');
  return parseStanza(argLine as string, async () => rest.shift() ?? '');
}

function wrapOf(vector: StanzaVector) {
  return {
    documentKey: bytes(vector.documentKey),
    documentId: bytes(vector.documentId),
    networkId: bytes(vector.networkId),
    threshold: vector.threshold,
    serverKey: bytes(vector.serverKey),
  };
}

describe('Sealdrop stanza vectors', () => {
  for (const vector of vectors.stanzas) {
    test(`${vector.name}: text, fields and file key are exactly as recorded`, async () => {
      assert.equal(encodeStanza(wrapFileKeyWithSalt(bytes(vector.fileKey), wrapOf(vector), bytes(vector.salt))), vector.stanza);
      const stanza = await stanzaFromText(vector.stanza);
      const fields = parseSealdropStanza(stanza);
      assert.deepEqual(fields, { documentId: bytes(vector.documentId), networkId: bytes(vector.networkId), threshold: vector.threshold, serverKey: bytes(vector.serverKey), salt: bytes(vector.salt) });
      assert.deepEqual(fields.networkId, serversSetHash(vector.nodes.map(bytes)));
      assert.deepEqual(unwrapFileKeyWithDocumentKey(stanza, bytes(vector.documentKey)), bytes(vector.fileKey));
    });

    test(`${vector.name}: the body is the documented formula, computed without Sealdrop code`, async () => {
      const stanza = await stanzaFromText(vector.stanza);
      const key = Buffer.from(hkdfSync('sha256', bytes(vector.documentKey), bytes(vector.salt), 'sealdrop/v1/file-key', 32));
      const decipher = createDecipheriv('chacha20-poly1305', key, Buffer.alloc(12), { authTagLength: 16 });
      decipher.setAuthTag(stanza.body.subarray(16));
      assert.equal(Buffer.concat([decipher.update(stanza.body.subarray(0, 16)), decipher.final()]).toString('hex'), vector.fileKey);
    });
  }
});

describe('Sealdrop stanza rules', () => {
  test('every wrap draws a fresh salt', () => {
    const fileKey = bytes(first.fileKey);
    const a = wrapFileKeyForNetwork(fileKey, wrapOf(first));
    const b = wrapFileKeyForNetwork(fileKey, wrapOf(first));
    assert.notEqual(a.args[4], b.args[4]);
    assert.notDeepEqual(a.body, b.body);
    assert.deepEqual(unwrapFileKeyWithDocumentKey(b, bytes(first.documentKey)), fileKey);
  });

  test('another document key does not open it: no-matching-key', async () => {
    const stanza = await stanzaFromText(first.stanza);
    assert.throws(() => unwrapFileKeyWithDocumentKey(stanza, bytes((vectors.stanzas[1] as StanzaVector).documentKey)), { code: 'no-matching-key' });
  });

  test('malformed stanzas are header-invalid', async () => {
    const good = await stanzaFromText(first.stanza);
    const args = good.args;
    const offCurve = Buffer.from(bytes(first.serverKey));
    offCurve[63] = (offCurve[63] ?? 0) ^ 1;
    const withArg = (index: number, value: string): Stanza => ({ ...good, args: args.map((arg, i) => (i === index ? value : arg)) });
    const bad: Stanza[] = [
      { ...good, args: args.slice(0, 4) },
      { ...good, args: [...args, 'x'] },
      { ...good, type: 'Sealdrop' },
      withArg(0, `${args[0]}=`),
      withArg(0, Buffer.alloc(33).toString('base64').replace(/=+$/, '')),
      withArg(1, `${(args[1] as string).slice(0, -1)}l`), // non-zero trailing bits: not canonical
      withArg(2, '01'),
      withArg(2, '1000'),
      withArg(2, '-1'),
      withArg(2, '+1'),
      withArg(2, '1.0'),
      withArg(3, offCurve.toString('base64').replace(/=+$/, '')),
      withArg(3, Buffer.alloc(64).toString('base64').replace(/=+$/, '')),
      withArg(3, offCurve.subarray(0, 63).toString('base64').replace(/=+$/, '')),
      withArg(4, Buffer.alloc(31).toString('base64').replace(/=+$/, '')),
      { ...good, body: good.body.subarray(0, 31) },
      { ...good, body: Buffer.concat([good.body, Buffer.alloc(1)]) },
    ];
    for (const stanza of bad) {
      assert.throws(() => parseSealdropStanza(stanza), { code: 'header-invalid' }, stanza.args.join(' '));
      assert.throws(() => unwrapFileKeyWithDocumentKey(stanza, bytes(first.documentKey)), { code: 'header-invalid' });
    }
  });

  test('wrapping refuses wrong lengths, a threshold out of range and points off the curve', () => {
    const wrap = wrapOf(first);
    const fileKey = bytes(first.fileKey);
    assert.throws(() => wrapFileKeyForNetwork(fileKey.subarray(1), wrap), { code: 'bad-argument' });
    assert.throws(() => wrapFileKeyForNetwork(fileKey, { ...wrap, documentId: new Uint8Array(31) }), { code: 'bad-argument' });
    assert.throws(() => wrapFileKeyForNetwork(fileKey, { ...wrap, networkId: new Uint8Array(33) }), { code: 'bad-argument' });
    assert.throws(() => wrapFileKeyForNetwork(fileKey, { ...wrap, threshold: 1000 }), { code: 'bad-argument' });
    assert.throws(() => wrapFileKeyForNetwork(fileKey, { ...wrap, threshold: -1 }), { code: 'bad-argument' });
    assert.throws(() => wrapFileKeyForNetwork(fileKey, { ...wrap, serverKey: new Uint8Array(64) }), { code: 'key-invalid' });
    assert.throws(() => wrapFileKeyForNetwork(fileKey, { ...wrap, documentKey: new Uint8Array(64) }), { code: 'key-invalid' });
    assert.throws(() => wrapFileKeyWithSalt(fileKey, wrap, new Uint8Array(16)), { code: 'bad-argument' });
  });
});

/** A resolver that knows one stanza vector's network and document. */
function resolverFor(vector: StanzaVector, documentKey = vector.documentKey) {
  const asked: unknown[] = [];
  const resolve = async (fields: ReturnType<typeof parseSealdropStanza>): Promise<Uint8Array | null> => {
    asked.push(fields);
    if (Buffer.from(fields.networkId).toString('hex') !== vector.networkId) return null;
    assert.equal(Buffer.from(fields.documentId).toString('hex'), vector.documentId);
    assert.equal(fields.threshold, vector.threshold);
    return bytes(documentKey);
  };
  return { resolve, asked };
}

describe('whole .sealdrop files with a Sealdrop stanza', () => {
  for (const file of vectors.files) {
    const vector = vectors.stanzas.find((s) => s.name === file.stanzaVector) as StanzaVector;
    const sealed = Buffer.from(file.file, 'base64');

    test(`${file.name}: opens with the document key, and its header MAC is keyed by the recorded file key`, async () => {
      const { resolve } = resolverFor(vector);
      const opened = await openAge(pieces(sealed, 7), [new SealdropNetworkIdentity(resolve)]);
      assert.equal((await collect(opened.plaintext)).toString('utf8'), file.plaintext);
      const header = await readHeader(new ByteReader(pieces(sealed)));
      assert.equal(verifyHeaderMac(header, bytes(file.fileKey)), true);
      const stanza = header.stanzas.find((s) => s.type === 'sealdrop') as Stanza;
      assert.deepEqual(parseSealdropStanza(stanza).documentId, bytes(vector.documentId));
    });

    test(`${file.name}: a wrong or unavailable document key opens nothing`, async () => {
      const wrong = resolverFor(vector, (vectors.stanzas[2] as StanzaVector).documentKey);
      await assert.rejects(openAge(pieces(sealed), [new SealdropNetworkIdentity(wrong.resolve)]), { code: 'no-matching-key' });
      await assert.rejects(openAge(pieces(sealed), [new SealdropNetworkIdentity(async () => null)]), { code: 'no-matching-key' });
    });
  }

  const mixed = vectors.files.find((f) => f.x25519Identity !== null);
  test('a file with X25519 beside the Sealdrop stanza opens with the age identity alone', async () => {
    assert.ok(mixed?.x25519Identity);
    const opened = await openAge(pieces(Buffer.from(mixed.file, 'base64')), [X25519Identity.parse(mixed.x25519Identity)]);
    assert.equal((await collect(opened.plaintext)).toString('utf8'), mixed.plaintext);
  });

  test('the stock age CLI opens that file with the X25519 identity and ignores the Sealdrop stanza', { skip: !ageInstalled && 'age is not installed' }, async () => {
    assert.ok(mixed?.x25519Identity);
    const folder = await mkdtemp(path.join(os.tmpdir(), 'sealdrop-stanza-'));
    try {
      await writeFile(path.join(folder, 'me.key'), `${mixed.x25519Identity}\n`);
      await writeFile(path.join(folder, 'f.sealdrop'), Buffer.from(mixed.file, 'base64'));
      const { stdout } = await promisify(execFile)('age', ['-d', '-i', path.join(folder, 'me.key'), path.join(folder, 'f.sealdrop')]);
      assert.equal(stdout, mixed.plaintext);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });

  test('two Sealdrop stanzas, or one beside scrypt, are refused', async () => {
    const { resolve } = resolverFor(first);
    const recipient = new SealdropNetworkRecipient(wrapOf(first));
    const twice = await collect(encryptAge(pieces(Buffer.from('x')), [recipient, recipient]));
    await assert.rejects(openAge(pieces(twice), [new SealdropNetworkIdentity(resolve)]), { code: 'header-invalid' });
    await assert.rejects(collect(encryptAge(pieces(Buffer.from('x')), [recipient, new ScryptRecipient('pw', { logN: 1 })])), { code: 'bad-argument' });
    const identity = new SealdropNetworkIdentity(resolve);
    const [stanza] = await recipient.wrap(bytes(first.fileKey));
    await assert.rejects(identity.unwrap([stanza as Stanza, { type: 'scrypt', args: ['AAAAAAAAAAAAAAAAAAAAAA', '10'], body: new Uint8Array(32) }]), { code: 'header-invalid' });
  });
});
