import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { encryptAge } from '../../../src-main/domain/seal/age/encrypt.ts';
import { openAge } from '../../../src-main/domain/seal/age/decrypt.ts';
import { ChunkPool } from '../../../src-main/domain/seal/age/chunk-pool.ts';
import { ScryptRecipient } from '../../../src-main/domain/seal/age/scrypt.ts';
import type { Identity, Recipient } from '../../../src-main/domain/seal/age/recipient.ts';
import {
  generateKeyPair,
  identitiesFromFiles,
  identityFileText,
  needsPassphrase,
  passphraseIdentity,
  recipientsFromArguments,
} from '../../../src-main/domain/seal/keys.ts';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { collect, pieces } from '../age/helpers.ts';
import { withTempDir } from './helpers.ts';

const MESSAGE = Buffer.from('only the holder of the secret key reads this');

/** Seals MESSAGE to `recipients` and opens it with `identities`, inline (no worker threads). */
async function roundTrip(recipients: readonly Recipient[], identities: readonly Identity[]): Promise<Buffer> {
  const pool = new ChunkPool({ workers: 0 });
  try {
    const sealed = await collect(encryptAge(pieces(MESSAGE), recipients, { pool }));
    const { plaintext } = await openAge(pieces(sealed), identities, { pool });
    return await collect(plaintext);
  } finally {
    await pool.close();
  }
}

describe('generateKeyPair', () => {
  it('gives an age1… public key and an AGE-SECRET-KEY-1… secret, fresh each time', () => {
    const a = generateKeyPair();
    const b = generateKeyPair();
    assert.match(a.publicKey, /^age1[02-9ac-hj-np-z]{58}$/);
    assert.match(a.secretKey, /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/);
    assert.notEqual(a.secretKey, b.secretKey);
    assert.notEqual(a.publicKey, b.publicKey);
  });

  it('round-trips: sealed to the public key, opened with the secret from an identity file', async () => {
    await withTempDir(async (dir) => {
      const pair = generateKeyPair();
      const identityFile = path.join(dir, 'key.txt');
      await writeFile(identityFile, identityFileText(pair, new Date()));
      const recipients = await recipientsFromArguments([pair.publicKey]);
      const identities = await identitiesFromFiles([identityFile]);
      assert.deepEqual(await roundTrip(recipients, identities), MESSAGE);
    });
  });

  it("another pair's secret does not open it", async () => {
    await withTempDir(async (dir) => {
      const pair = generateKeyPair();
      const other = path.join(dir, 'other.txt');
      await writeFile(other, identityFileText(generateKeyPair(), new Date()));
      await assert.rejects(
        roundTrip(await recipientsFromArguments([pair.publicKey]), await identitiesFromFiles([other])),
        (error) => isSealdropError(error, 'no-matching-key'),
      );
    });
  });
});

describe('identityFileText', () => {
  it("uses age-keygen's layout: created time without milliseconds, the public key, then the secret", () => {
    const pair = generateKeyPair();
    const text = identityFileText(pair, new Date('2024-05-06T07:08:09.123Z'));
    assert.equal(text, `# created: 2024-05-06T07:08:09Z\n# public key: ${pair.publicKey}\n${pair.secretKey}\n`);
  });
});

describe('recipientsFromArguments', () => {
  it('reads recipients files (comments and blank lines allowed) next to age1… strings', async () => {
    await withTempDir(async (dir) => {
      const [a, b, c] = [generateKeyPair(), generateKeyPair(), generateKeyPair()];
      const file = path.join(dir, 'recipients.txt');
      await writeFile(file, `# team\n${b.publicKey}\n\n${c.publicKey}\n`);
      const recipients = await recipientsFromArguments([a.publicKey, file]);
      assert.deepEqual(
        recipients.map((r) => r.toString()),
        [a.publicKey, b.publicKey, c.publicKey],
      );
      // Each of them really can open it.
      const cFile = path.join(dir, 'c.txt');
      await writeFile(cFile, identityFileText(c, new Date()));
      assert.deepEqual(await roundTrip(recipients, await identitiesFromFiles([cFile])), MESSAGE);
    });
  });

  it('rejects a path that does not exist with bad-argument', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(recipientsFromArguments([path.join(dir, 'nobody.txt')]), (error) => isSealdropError(error, 'bad-argument'));
    });
  });

  it('rejects a malformed age1… string', async () => {
    await assert.rejects(recipientsFromArguments(['age1notavalidkey']), (error) => isSealdropError(error));
  });

  it('rejects a recipients file with a line that is not a recipient', async () => {
    await withTempDir(async (dir) => {
      const file = path.join(dir, 'recipients.txt');
      await writeFile(file, `${generateKeyPair().publicKey}\nhello\n`);
      await assert.rejects(recipientsFromArguments([file]), (error) => isSealdropError(error, 'bad-argument') && error.details.line === 2);
    });
  });
});

describe('identitiesFromFiles', () => {
  it('reports a missing identity file as input-not-found', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(identitiesFromFiles([path.join(dir, 'missing.txt')]), (error) => isSealdropError(error, 'input-not-found'));
    });
  });
});

describe('needsPassphrase', () => {
  it('is true only when an scrypt stanza is present', () => {
    assert.equal(needsPassphrase([{ type: 'scrypt' }]), true);
    assert.equal(needsPassphrase([{ type: 'X25519' }, { type: 'X25519' }]), false);
    assert.equal(needsPassphrase([]), false);
  });

  it('recognises a passphrase-sealed header, which opens with passphraseIdentity', async () => {
    const pool = new ChunkPool({ workers: 0 });
    try {
      // A low work factor keeps the test fast; the identity reads it from the stanza.
      const sealed = await collect(encryptAge(pieces(MESSAGE), [new ScryptRecipient('correct horse', { logN: 10 })], { pool }));
      const { header, plaintext } = await openAge(pieces(sealed), [passphraseIdentity('correct horse')], { pool });
      assert.equal(needsPassphrase(header.stanzas), true);
      assert.deepEqual(await collect(plaintext), MESSAGE);
      await assert.rejects(openAge(pieces(sealed), [passphraseIdentity('wrong horse')], { pool }), (error) => isSealdropError(error, 'wrong-passphrase'));
    } finally {
      await pool.close();
    }
  });
});
