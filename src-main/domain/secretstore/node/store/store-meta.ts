// Store bookkeeping done once at open: the storage-key check and the open counter.
// - Key check: a small constant encrypted under the storage key. Opening a database with another
//   node's key then fails at once with 'storage-tampered', instead of the node starting up and
//   failing every later read of a share it claims to hold.
// - Open counter: incremented on every open and used as the high part of audit sequence numbers,
//   so entries appended in the same millisecond after a restart never overwrite earlier ones.
import type { ClassicLevel } from 'classic-level';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import { ByteReader, ByteWriter, sameBytes } from './byte-codec.ts';
import { KEY_CHECK_KEY, OPEN_COUNT_KEY } from './key-layout.ts';
import { withLevelErrors } from './level-errors.ts';
import { openValue, sealValue } from './record-cipher.ts';

/** The node database as the store opens it: UTF-8 keys, byte values. */
export type NodeDatabase = ClassicLevel<string, Uint8Array>;

const KEY_CHECK_PLAINTEXT = new TextEncoder().encode('sealdrop/v1/share-storage key check');

/** Verifies (or, in a new database, records) the storage key and bumps the open counter; returns it. */
export async function prepareStore(db: NodeDatabase, storageKey: Uint8Array, directory: string): Promise<number> {
  const [keyCheck, openCount] = await withLevelErrors('reading the store header', directory, () => db.getMany([KEY_CHECK_KEY, OPEN_COUNT_KEY]));
  if (keyCheck !== undefined) verifyKeyCheck(storageKey, keyCheck, directory);
  const nextOpenCount = (openCount === undefined ? 0 : decodeOpenCount(openCount, directory)) + 1;
  const writer = new ByteWriter();
  writer.u64(nextOpenCount, 'open count');
  const operations: Array<{ type: 'put'; key: string; value: Uint8Array }> = [{ type: 'put', key: OPEN_COUNT_KEY, value: writer.finish() }];
  if (keyCheck === undefined) operations.push({ type: 'put', key: KEY_CHECK_KEY, value: sealValue(storageKey, KEY_CHECK_KEY, KEY_CHECK_PLAINTEXT) });
  // One synced batch: a new database gets its key check and first open count together or not at all.
  await withLevelErrors('writing the store header', directory, () => db.batch(operations, { sync: true }));
  return nextOpenCount;
}

function verifyKeyCheck(storageKey: Uint8Array, sealed: Uint8Array, directory: string): void {
  const details = { directory };
  let plaintext: Uint8Array;
  try {
    plaintext = openValue(storageKey, KEY_CHECK_KEY, sealed, 'The key check record', details);
  } catch (cause) {
    throw new SealdropError(
      'storage-tampered',
      `The node's key database at ${directory} does not open with this node's storage key: it belongs to another node key, or it was changed on disk.`,
      details,
      { cause },
    );
  }
  if (!sameBytes(plaintext, KEY_CHECK_PLAINTEXT)) {
    throw new SealdropError('storage-tampered', `The key check record of the database at ${directory} holds unexpected content.`, details);
  }
}

function decodeOpenCount(bytes: Uint8Array, directory: string): number {
  const reader = new ByteReader(bytes, 'The open counter of the node store', { directory });
  const count = reader.u64();
  reader.end();
  return count;
}
