// Crash consistency: a child process writes records in a loop and is killed with SIGKILL at
// different moments. After each kill the database must reopen, every record must be complete and
// readable or absent (never half written), every acknowledged step must be there, and the store
// must keep working.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { openNodeStore, type NodeStore } from '../../../../src-main/domain/secretstore/node/store/node-store.ts';
import { aclOf, auditOf, documentIdOf, documentKeyOf, keyShareOf, storageKeyOf, withStoreDir } from './fixtures.ts';

const writer = path.join(import.meta.dirname, 'crash-writer.ts');
/** Milliseconds between the child's "ready" and the kill; 0 kills it during its first writes. */
const KILL_DELAYS = [0, 30, 90, 200];
/** Each round writes its own index range, so rounds never collide. */
const ROUND_SPAN = 1_000_000;

/** Runs the writer from index `first`, kills it `delay` ms after it is ready; returns the last index it acknowledged. */
async function runAndKill(directory: string, first: number, delay: number): Promise<number> {
  const child = spawn(process.execPath, [writer, directory, String(first)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let errors = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const exited = new Promise<NodeJS.Signals | null>((resolve) => child.on('exit', (_code, signal) => resolve(signal)));
  while (!output.includes('ready\n')) {
    if (child.exitCode !== null) assert.fail(`the writer exited early: ${errors}`);
    await sleep(2);
  }
  await sleep(delay);
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL', `the writer was still running when killed (${errors})`);
  const done = [...output.matchAll(/^done (\d+)$/gm)].map((match) => Number(match[1]));
  return done.length === 0 ? first - 1 : Math.max(...done);
}

/** The state index `index` must be in once all of its steps were acknowledged. */
async function assertFinished(store: NodeStore, index: number): Promise<void> {
  const id = documentIdOf(index);
  if (index % 5 === 4) {
    assert.equal(await store.getKey(id), null, `index ${index} was rolled back`);
    assert.equal(await store.getAcl(id), null);
  } else {
    const documentKey = index % 2 === 0 ? documentKeyOf(index) : null;
    assert.deepEqual(await store.getKey(id), { ...keyShareOf(index), documentKey }, `index ${index} is complete`);
    assert.deepEqual(await store.getAcl(id), index % 3 === 0 ? aclOf(index, 1) : null);
  }
  assert.deepEqual(await store.readAudit(id), [auditOf(index, index)]);
}

/** Any record present, acknowledged or not, must be one of the states the writer passes through. */
async function assertEveryRecordWhole(store: NodeStore): Promise<void> {
  for (const id of await store.listDocumentIds()) {
    const record = await store.getKey(id);
    assert.ok(record !== null);
    const index = record.createdAt - keyShareOf(0).createdAt;
    assert.deepEqual(record.documentId, documentIdOf(index));
    assert.ok(record.documentKey === null || index % 2 === 0);
    assert.deepEqual(record, { ...keyShareOf(index), documentKey: record.documentKey === null ? null : documentKeyOf(index) });
    const acl = await store.getAcl(id);
    assert.ok(acl === null || (index % 3 === 0 && acl.version === 1));
  }
}

test('a writer killed with SIGKILL leaves only whole records, keeps every acknowledged one, and the store works after', { timeout: 60_000 }, async (context) => {
  await withStoreDir(async (directory) => {
    const acknowledged: Array<[first: number, last: number]> = [];
    for (const [round, delay] of KILL_DELAYS.entries()) {
      const first = round * ROUND_SPAN;
      acknowledged.push([first, await runAndKill(directory, first, delay)]);
      const store = await openNodeStore({ directory, storageKey: storageKeyOf('crash') });
      try {
        await assertEveryRecordWhole(store);
        for (const [start, last] of acknowledged) {
          for (let index = start; index <= last; index++) await assertFinished(store, index);
        }
        // The store still takes writes after the crash.
        const probe = ROUND_SPAN * 100 + round;
        await store.putKey(keyShareOf(probe));
        assert.deepEqual(await store.getKey(documentIdOf(probe)), keyShareOf(probe));
      } finally {
        await store.close();
      }
    }
    // Guard against a vacuous pass: the writer must have done real work before being killed. Only
    // the sum is required, so a slow, loaded machine (no step within 30 ms) does not fail the test.
    const steps = acknowledged.map(([first, last]) => last - first + 1);
    context.diagnostic(`acknowledged steps per round: ${steps.join(', ')}`);
    assert.ok(steps.reduce((sum, count) => sum + count, 0) > 0, `acknowledged steps per round: ${steps.join(', ')}`);
  });
});
