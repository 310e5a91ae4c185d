import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { X25519Identity, type X25519Recipient } from '../../../src-main/domain/seal/age/x25519.ts';
import { inspectAge } from '../../../src-main/domain/seal/age/inspect.ts';
import { readFileBlocks } from '../../../src-main/domain/seal/file-io.ts';
import { openDocument } from '../../../src-main/domain/seal/open-document.ts';
import { resealDocument } from '../../../src-main/domain/seal/reseal-document.ts';
import { sealDocument } from '../../../src-main/domain/seal/seal-document.ts';
import { isSealdropError } from '../../../src-shared/errors.ts';
import type { Progress } from '../../../src-shared/progress.ts';
import { describeTree } from '../../support/tree.ts';
import { names, withTempDir } from './helpers.ts';

const before = X25519Identity.generate();
const after = X25519Identity.generate();

/** A folder of a few files, one large enough to span several worker batches (3 MiB). */
async function sealedDrop(dir: string): Promise<{ drop: string; sealed: string }> {
  const drop = path.join(dir, 'drop');
  await mkdir(path.join(drop, 'inner'), { recursive: true });
  await writeFile(path.join(drop, 'inner', 'note.txt'), 'hello\n');
  await writeFile(path.join(drop, 'big.bin'), randomBytes(3 * 1024 * 1024 + 17));
  const sealed = path.join(dir, 'drop.sealdrop');
  await sealDocument({ paths: [drop], recipients: [before.recipient], output: sealed, ifExists: 'stop' });
  return { drop, sealed };
}

async function stanzaTypes(file: string): Promise<string[]> {
  const handle = await open(file, 'r');
  try {
    const header = await inspectAge(readFileBlocks(handle));
    return header.stanzas.map((stanza) => stanza.type);
  } finally {
    await handle.close();
  }
}

describe('resealDocument', () => {
  it('re-seals for a new recipient: the new key opens the same tree, the old key does not', async () => {
    await withTempDir(async (dir) => {
      const { drop, sealed } = await sealedDrop(dir);
      const output = path.join(dir, 'drop (new).sealdrop');
      const progress: Progress[] = [];
      const result = await resealDocument({ file: sealed, identities: [before], recipients: [after.recipient], output, ifExists: 'stop', onProgress: (p) => progress.push(p) });
      assert.equal(result.output, output);
      assert.equal(result.bytesIn, (await stat(sealed)).size);
      assert.equal(result.bytesOut, (await stat(output)).size);
      assert.equal(progress.at(-1)?.bytesDone, result.bytesIn);
      assert.deepEqual(await names(dir), ['drop', 'drop (new).sealdrop', 'drop.sealdrop']);

      await mkdir(path.join(dir, 'out'));
      const opened = await openDocument({ file: output, identities: [after], output: path.join(dir, 'out', 'drop'), ifExists: 'stop' });
      assert.deepEqual(await describeTree(path.join(opened.output, 'drop')), await describeTree(drop));
      await assert.rejects(
        openDocument({ file: output, identities: [before], output: path.join(dir, 'out', 'again'), ifExists: 'stop' }),
        (error) => isSealdropError(error, 'no-matching-key'),
      );
      // A fresh file key and header: nothing of the old file's key material is reused.
      assert.deepEqual(await stanzaTypes(output), ['X25519']);
      assert.notDeepEqual((await readFile(output)).subarray(0, 200), (await readFile(sealed)).subarray(0, 200));
    });
  });

  it('a key that does not open the old file: a clear error, no new file, and the recipients are never asked for', async () => {
    await withTempDir(async (dir) => {
      const { sealed } = await sealedDrop(dir);
      let asked = 0;
      const recipients = async (): Promise<readonly X25519Recipient[]> => {
        asked++;
        return [after.recipient];
      };
      await assert.rejects(
        resealDocument({ file: sealed, identities: [after], recipients, output: path.join(dir, 'new.sealdrop'), ifExists: 'stop' }),
        (error) => isSealdropError(error, 'no-matching-key'),
      );
      assert.equal(asked, 0, 'nothing (such as a new network document) is made for a file that does not open');
      assert.deepEqual(await names(dir), ['drop', 'drop.sealdrop']);
    });
  });

  it('a damaged old file (a flipped bit in a middle chunk): payload-tampered, and nothing half-written', async () => {
    await withTempDir(async (dir) => {
      const { sealed } = await sealedDrop(dir);
      const bytes = await readFile(sealed);
      const middle = Math.floor(bytes.length / 2);
      bytes[middle] = (bytes[middle] as number) ^ 0x01;
      await writeFile(sealed, bytes);
      await assert.rejects(
        resealDocument({ file: sealed, identities: [before], recipients: [after.recipient], output: path.join(dir, 'new.sealdrop'), ifExists: 'stop' }),
        (error) => isSealdropError(error, 'payload-tampered'),
      );
      assert.deepEqual(await names(dir), ['drop', 'drop.sealdrop']);
    });
  });

  it('an existing output: "stop" refuses and keeps it, "rename" picks the next free name', async () => {
    await withTempDir(async (dir) => {
      const { sealed } = await sealedDrop(dir);
      const taken = path.join(dir, 'taken.sealdrop');
      await writeFile(taken, 'mine');
      await assert.rejects(
        resealDocument({ file: sealed, identities: [before], recipients: [after.recipient], output: taken, ifExists: 'stop' }),
        (error) => isSealdropError(error, 'target-exists'),
      );
      assert.equal(await readFile(taken, 'utf8'), 'mine');
      const renamed = await resealDocument({ file: sealed, identities: [before], recipients: [after.recipient], output: taken, ifExists: 'rename' });
      assert.equal(renamed.output, path.join(dir, 'taken (2).sealdrop'));
      assert.deepEqual(await names(dir), ['drop', 'drop.sealdrop', 'taken (2).sealdrop', 'taken.sealdrop']);
    });
  });

  it('cancelled half way: the abort reason, and no new file', async () => {
    await withTempDir(async (dir) => {
      const { sealed } = await sealedDrop(dir);
      const controller = new AbortController();
      const reseal = resealDocument({
        file: sealed,
        identities: [before],
        recipients: [after.recipient],
        output: path.join(dir, 'new.sealdrop'),
        ifExists: 'stop',
        signal: controller.signal,
        onProgress: (p) => {
          if (p.bytesDone > 0) controller.abort();
        },
      });
      await assert.rejects(reseal);
      assert.deepEqual(await names(dir), ['drop', 'drop.sealdrop']);
    });
  });
});
