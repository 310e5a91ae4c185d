import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { planArchive } from '../../../src-main/domain/seal/archive/plan.ts';
import { packArchive } from '../../../src-main/domain/seal/archive/pack.ts';
import { readManifest } from '../../../src-main/domain/seal/archive/manifest.ts';
import { isSealdropError } from '../../../src-shared/errors.ts';
import { withTempDir } from './helpers.ts';

async function drain(stream: AsyncIterable<Uint8Array>): Promise<number> {
  let bytes = 0;
  for await (const chunk of stream) bytes += chunk.byteLength;
  return bytes;
}

describe('packArchive', () => {
  it('starts with a SEALDROP manifest global header', async () => {
    await withTempDir(async (root) => {
      await writeFile(path.join(root, 'f'), 'hello');
      const first = (await packArchive(await planArchive([path.join(root, 'f')]), { manifest: { sender: '0xabc' } }).next()).value as Uint8Array;
      const read = readManifest(first);
      assert.ok('manifest' in read);
      assert.deepEqual({ ...read.manifest, created: 'x' }, { entries: '1', size: '5', created: 'x', sender: '0xabc' });
    });
  });

  it('refuses manifest keys it writes itself, or odd ones', async () => {
    const plan = { entries: [], skipped: [], totals: { entries: 0, files: 0, totalBytes: 0 } };
    await assert.rejects(packArchive(plan, { manifest: { size: '1' } }).next(), (error) => isSealdropError(error, 'bad-argument'));
    await assert.rejects(packArchive(plan, { manifest: { 'a=b': '1' } }).next(), (error) => isSealdropError(error, 'bad-argument'));
  });

  it('fails rather than write a corrupt archive when a file changed size after planning', async () => {
    await withTempDir(async (root) => {
      await mkdir(path.join(root, 'd'));
      await writeFile(path.join(root, 'd', 'f'), 'x'.repeat(1000));
      const plan = await planArchive([path.join(root, 'd')]);
      await appendFile(path.join(root, 'd', 'f'), 'more');
      await assert.rejects(drain(packArchive(plan)), (error) => isSealdropError(error, 'io-failed') && /size changed/.test(error.message));
    });
  });

  it('reports a file removed after planning', async () => {
    await withTempDir(async (root) => {
      await writeFile(path.join(root, 'f'), 'x');
      const plan = await planArchive([path.join(root, 'f')]);
      await import('node:fs/promises').then((fs) => fs.rm(path.join(root, 'f')));
      await assert.rejects(drain(packArchive(plan)), (error) => isSealdropError(error, 'input-not-found'));
    });
  });

  it('stops cleanly when the consumer stops early, and honours cancellation', async () => {
    await withTempDir(async (root) => {
      await writeFile(path.join(root, 'big'), Buffer.alloc(8 * 1024 * 1024));
      const plan = await planArchive([path.join(root, 'big')]);
      for await (const _chunk of packArchive(plan)) break;
      const controller = new AbortController();
      let seen = 0;
      const stream = packArchive(plan, { signal: controller.signal, onProgress: (sample) => { if (sample.bytesDone > 0) controller.abort(); } });
      await assert.rejects(
        (async () => {
          for await (const chunk of stream) seen += chunk.byteLength;
        })(),
        (error) => isSealdropError(error, 'cancelled'),
      );
      assert.ok(seen < 8 * 1024 * 1024);
    });
  });

  it('reports progress up to the plan totals', async () => {
    await withTempDir(async (root) => {
      await mkdir(path.join(root, 'd'));
      await writeFile(path.join(root, 'd', 'a'), 'abc');
      await writeFile(path.join(root, 'd', 'b'), 'de');
      const plan = await planArchive([path.join(root, 'd')]);
      let last = { bytesDone: 0, entriesDone: 0 };
      await drain(packArchive(plan, { onProgress: (sample) => (last = sample) }));
      assert.equal(last.bytesDone, 5);
      assert.equal(last.entriesDone, 3);
    });
  });
});
