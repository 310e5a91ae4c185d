import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { X25519Identity } from '../../../src-main/domain/seal/age/x25519.ts';
import { openDocument } from '../../../src-main/domain/seal/open-document.ts';
import { sealDocument } from '../../../src-main/domain/seal/seal-document.ts';
import { isSealdropError } from '../../../src-shared/errors.ts';
import type { Progress } from '../../../src-shared/progress.ts';
import { describeTree } from '../../support/tree.ts';
import { names, withTempDir } from './helpers.ts';

const identity = X25519Identity.generate();
const recipient = identity.recipient;

/** A small folder with nesting, an empty file and folder, an inner link and a private file. */
async function makeDrop(root: string): Promise<string> {
  const drop = path.join(root, 'drop');
  await mkdir(path.join(drop, 'nested', 'deeper'), { recursive: true });
  await mkdir(path.join(drop, 'empty-folder'));
  await writeFile(path.join(drop, 'nested', 'deeper', 'leaf.txt'), 'leaf\n');
  await writeFile(path.join(drop, 'empty.txt'), '');
  await writeFile(path.join(drop, 'data.bin'), randomBytes(200_000));
  await writeFile(path.join(drop, 'private.txt'), 'secret', { mode: 0o600 });
  await symlink('nested/deeper/leaf.txt', path.join(drop, 'leaf-link'));
  return drop;
}

/** One sealed document shared by the opening tests (sealing is tested separately below). */
let shared: { root: string; drop: string; sealed: string };

before(async () => {
  const root = await mkdtemp(path.join(os.tmpdir(), 'sealdrop-doc-'));
  const drop = await makeDrop(root);
  const sealed = path.join(root, 'drop.sealdrop');
  await sealDocument({ paths: [drop], recipients: [recipient], output: sealed, ifExists: 'stop' });
  shared = { root, drop, sealed };
});

after(async () => {
  await rm(shared.root, { recursive: true, force: true });
});

describe('sealDocument and openDocument', () => {
  it('seal a folder to an X25519 recipient; opening gives the same tree back', async () => {
    await withTempDir(async (dir) => {
      const drop = await makeDrop(dir);
      const out = path.join(dir, 'out');
      await mkdir(out);
      const output = path.join(out, 'drop.sealdrop');
      const progress: Progress[] = [];
      const sealed = await sealDocument({ paths: [drop], recipients: [recipient], output, ifExists: 'stop', onProgress: (p) => progress.push(p) });
      assert.equal(sealed.output, output);
      assert.deepEqual(await names(out), ['drop.sealdrop']); // no temporary left next to it
      assert.equal(sealed.bytesOut, (await stat(output)).size);
      assert.equal(sealed.bytesIn, 200_000 + 5 + 6);
      assert.equal(sealed.files, 4);
      assert.deepEqual(sealed.skipped, []);
      // The last progress report is the whole operation, finished.
      assert.equal(progress.at(-1)?.secondsLeft, 0);
      assert.equal(progress.at(-1)?.bytesDone, sealed.bytesIn);

      const target = path.join(dir, 'opened');
      const opened = await openDocument({ file: output, identities: [identity], output: target, ifExists: 'stop' });
      assert.equal(opened.output, target);
      assert.equal(opened.kind, 'folder');
      assert.equal(opened.entries, sealed.entries);
      assert.equal(opened.files, sealed.files);
      assert.equal(opened.bytes, sealed.bytesIn);
      assert.deepEqual(await names(target), ['drop']);
      assert.deepEqual(await describeTree(path.join(target, 'drop')), await describeTree(drop));
      assert.deepEqual(await names(dir), ['drop', 'opened', 'out']);
    });
  });

  it('a cancel before sealing starts leaves no file and no temporary in the output folder', async () => {
    await withTempDir(async (dir) => {
      const out = path.join(dir, 'out');
      await mkdir(out);
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(
        sealDocument({ paths: [shared.drop], recipients: [recipient], output: path.join(out, 'x.sealdrop'), ifExists: 'stop', signal: controller.signal }),
        (error) => isSealdropError(error, 'cancelled'),
      );
      assert.deepEqual(await names(out), []);
    });
  });

  it('a cancel while sealing leaves no file and no temporary in the output folder', async () => {
    await withTempDir(async (dir) => {
      const drop = path.join(dir, 'big');
      await mkdir(drop);
      const size = 12 * 1024 * 1024; // above the small-file limit, so it is streamed with progress
      await writeFile(path.join(drop, 'big.bin'), randomBytes(size));
      const out = path.join(dir, 'out');
      await mkdir(out);
      const controller = new AbortController();
      let t = 0;
      const seenAtAbort: number[] = [];
      await assert.rejects(
        sealDocument({
          paths: [drop],
          recipients: [recipient],
          output: path.join(out, 'big.sealdrop'),
          ifExists: 'stop',
          signal: controller.signal,
          now: () => (t += 1000), // every sample is a second later, so none is throttled away
          onProgress: (p) => {
            if (p.bytesDone > 0 && !controller.signal.aborted) {
              seenAtAbort.push(p.bytesDone);
              controller.abort();
            }
          },
        }),
        (error) => isSealdropError(error, 'cancelled'),
      );
      assert.equal(seenAtAbort.length, 1);
      assert.ok((seenAtAbort[0] as number) < size, 'cancelled part way through');
      assert.deepEqual(await names(out), []);
    });
  });

  it('sealing into a folder that does not exist fails with a SealdropError and creates nothing', async () => {
    await withTempDir(async (dir) => {
      const output = path.join(dir, 'no-such-folder', 'x.sealdrop');
      await assert.rejects(
        sealDocument({ paths: [shared.drop], recipients: [recipient], output, ifExists: 'rename' }),
        (error) => isSealdropError(error) && ['input-not-found', 'io-failed', 'bad-argument'].includes(error.code),
      );
      assert.deepEqual(await names(dir), []);
    });
  });

  it(
    'sealing into a folder that does not exist names that folder, not the hidden temporary',
    async () => {
      await withTempDir(async (dir) => {
        const folder = path.join(dir, 'no-such-folder');
        await assert.rejects(
          sealDocument({ paths: [shared.drop], recipients: [recipient], output: path.join(folder, 'x.sealdrop'), ifExists: 'rename' }),
          (error) => isSealdropError(error) && error.code !== 'input-not-found' && error.message.includes(folder) && !error.message.includes('.sealing-'),
        );
      });
    },
  );

  it("sealing with 'stop' onto an existing file refuses and leaves that file alone", async () => {
    await withTempDir(async (dir) => {
      const output = path.join(dir, 'x.sealdrop');
      await writeFile(output, 'precious');
      await assert.rejects(
        sealDocument({ paths: [shared.drop], recipients: [recipient], output, ifExists: 'stop' }),
        (error) => isSealdropError(error, 'target-exists'),
      );
      assert.equal(await readFile(output, 'utf8'), 'precious');
      assert.deepEqual(await names(dir), ['x.sealdrop']);
    });
  });

  it("sealing with 'rename' onto an existing file writes \"name (2)\"", async () => {
    await withTempDir(async (dir) => {
      const output = path.join(dir, 'x.sealdrop');
      await writeFile(output, 'precious');
      const result = await sealDocument({ paths: [shared.drop], recipients: [recipient], output, ifExists: 'rename' });
      assert.equal(result.output, path.join(dir, 'x (2).sealdrop'));
      assert.equal(await readFile(output, 'utf8'), 'precious');
      assert.deepEqual(await names(dir), ['x (2).sealdrop', 'x.sealdrop']);
    });
  });

  it("opening with 'stop' onto an existing folder refuses and leaves the folder untouched", async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'opened');
      await mkdir(target);
      await writeFile(path.join(target, 'mine.txt'), 'mine');
      const before = await describeTree(target);
      await assert.rejects(
        openDocument({ file: shared.sealed, identities: [identity], output: target, ifExists: 'stop' }),
        (error) => isSealdropError(error, 'target-exists'),
      );
      assert.deepEqual(await describeTree(target), before);
      assert.deepEqual(await names(dir), ['opened']); // the temporary folder is gone too
    });
  });

  it("opening with 'rename' onto an existing folder uses \"name (2)\"", async () => {
    await withTempDir(async (dir) => {
      const target = path.join(dir, 'opened');
      await mkdir(target);
      const result = await openDocument({ file: shared.sealed, identities: [identity], output: target, ifExists: 'rename' });
      assert.equal(result.output, path.join(dir, 'opened (2)'));
      assert.deepEqual(await names(target), []);
      assert.deepEqual(await describeTree(path.join(result.output, 'drop')), await describeTree(shared.drop));
    });
  });

  it('opening with a key it was not sealed for fails before anything is created', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(
        openDocument({ file: shared.sealed, identities: [X25519Identity.generate()], output: path.join(dir, 'opened'), ifExists: 'stop' }),
        (error) => isSealdropError(error, 'no-matching-key'),
      );
      assert.deepEqual(await names(dir), []);
    });
  });

  it('opening a file that does not exist is input-not-found', async () => {
    await withTempDir(async (dir) => {
      await assert.rejects(
        openDocument({ file: path.join(dir, 'missing.sealdrop'), identities: [identity], output: path.join(dir, 'opened'), ifExists: 'stop' }),
        (error) => isSealdropError(error, 'input-not-found'),
      );
      assert.deepEqual(await names(dir), []);
    });
  });

  it('a cancelled opening leaves nothing behind', async () => {
    await withTempDir(async (dir) => {
      const controller = new AbortController();
      controller.abort();
      await assert.rejects(
        openDocument({ file: shared.sealed, identities: [identity], output: path.join(dir, 'opened'), ifExists: 'stop', signal: controller.signal }),
        (error) => isSealdropError(error, 'cancelled'),
      );
      assert.deepEqual(await names(dir), []);
    });
  });
});
