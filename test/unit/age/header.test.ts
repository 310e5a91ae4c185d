/** Header and armor codecs: byte-exact round trips on the CCTV vectors, arbitrary stanza kinds. */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { decodeArmor, encodeArmor } from '../../../src-main/domain/seal/age/armor.ts';
import { ByteReader } from '../../../src-main/domain/seal/age/byte-reader.ts';
import { encodeHeader, readHeader, reencodeHeader, verifyHeaderMac } from '../../../src-main/domain/seal/age/header.ts';
import { CCTV_VECTORS } from './cctv-vectors.ts';
import { collect, pieces } from './helpers.ts';

/** The binary age file of a vector (armor removed). */
async function binaryOf(file: Uint8Array, armored: boolean): Promise<Buffer> {
  return armored ? collect(decodeArmor(pieces(file, 100))) : Buffer.from(file);
}

describe('age header', () => {
  const parseable = CCTV_VECTORS.filter((vector) => vector.expect !== 'header failure' && vector.expect !== 'armor failure');
  it(`re-encodes the header of all ${parseable.length} parseable CCTV vectors byte for byte`, async () => {
    for (const vector of parseable) {
      const binary = await binaryOf(vector.file, vector.armored);
      const header = await readHeader(new ByteReader(pieces(binary, 13)));
      assert.ok(Buffer.from(reencodeHeader(header)).equals(binary.subarray(0, header.byteLength)), vector.name);
    }
  });

  it('writes and reads arbitrary stanza types, arguments and body sizes', async () => {
    const fileKey = randomBytes(16);
    const stanzas = [0, 1, 47, 48, 49, 96, 300].map((bodyBytes, index) => ({
      type: index === 0 ? 'sealdrop.example/v1' : `kind${index}`,
      args: index % 2 === 0 ? [] : ['arg', '!"#$%&\'()*+,-./~'],
      body: new Uint8Array(randomBytes(bodyBytes)),
    }));
    const encoded = encodeHeader(stanzas, fileKey);
    const header = await readHeader(new ByteReader(pieces(encoded, 5)));
    assert.deepEqual(
      header.stanzas.map((stanza) => ({ ...stanza, body: Buffer.from(stanza.body) })),
      stanzas.map((stanza) => ({ ...stanza, body: Buffer.from(stanza.body) })),
    );
    assert.equal(header.byteLength, encoded.length);
    assert.ok(verifyHeaderMac(header, fileKey));
    assert.ok(!verifyHeaderMac(header, randomBytes(16)));
  });

  it('refuses to write an argument with a space or control character', () => {
    for (const bad of ['', 'two words', 'tab\t', 'é']) {
      assert.throws(() => encodeHeader([{ type: 'x', args: [bad], body: new Uint8Array(0) }], randomBytes(16)), (error) => isSealdropError(error, 'bad-argument'));
    }
  });

  it('reports input without a version line as not an age file', async () => {
    await assert.rejects(readHeader(new ByteReader(pieces(Buffer.from('PK\x03\x04 zip file')))), (error) => isSealdropError(error, 'not-sealdrop'));
  });
});

describe('ASCII armor', () => {
  it('round-trips every armored CCTV success vector to the canonical encoding', async () => {
    for (const vector of CCTV_VECTORS.filter((candidate) => candidate.armored && candidate.expect === 'success')) {
      const binary = await binaryOf(vector.file, true);
      const reencoded = (await collect(encodeArmor(pieces(binary, 1000)))).toString('latin1');
      // CCTV: account for CRLF/LF and leading/trailing whitespace tolerance.
      const canonical = `${Buffer.from(vector.file).toString('latin1').replace(/\r\n/g, '\n').trim()}\n`;
      assert.equal(reencoded, canonical, vector.name);
    }
  });

  it('round-trips sizes around the 48-byte line boundary', async () => {
    for (const size of [0, 1, 47, 48, 49, 95, 96, 97, 10_000]) {
      const data = randomBytes(size);
      const armored = await collect(encodeArmor(pieces(data, 17)));
      assert.ok((await collect(decodeArmor(pieces(armored, 11)))).equals(data), `size ${size}`);
    }
  });
});
