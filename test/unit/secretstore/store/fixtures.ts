/** Shared by the store tests and the crash-writer child: deterministic records, temp dirs, raw access. */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import type { AclRecord, AuditEntry, KeyShareRecord, StoredDocumentKey } from '../../../../src-main/domain/secretstore/node/records.ts';
import { deriveStorageKey } from '../../../../src-main/domain/secretstore/node/store/storage-key.ts';
import { withTempDir } from '../../../support/temp.ts';

/** Runs `body` with a fresh temporary folder that is removed afterwards. */
export function withStoreDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  return withTempDir(body, 'sealdrop-store-');
}

/** `length` bytes determined by `label` (SHA-256 in counter mode), so parent and child agree. */
export function bytesOf(label: string, length: number): Uint8Array {
  const out = new Uint8Array(length);
  for (let offset = 0, counter = 0; offset < length; counter++) {
    const block = createHash('sha256').update(`${label}#${counter}`).digest();
    out.set(block.subarray(0, Math.min(block.length, length - offset)), offset);
    offset += block.length;
  }
  return out;
}

/** The storage key of test node `name`. */
export function storageKeyOf(name: string): Uint8Array {
  return deriveStorageKey(bytesOf(`node secret ${name}`, 32));
}

/** Document id number `index`. */
export function documentIdOf(index: number): Uint8Array {
  return bytesOf(`document ${index}`, 32);
}

/** A complete key share record for document `index`, 3 holders, t = 1, no document key yet. */
export function keyShareOf(index: number): KeyShareRecord {
  const holders = [0, 1, 2].map((holder) => ({
    node: bytesOf(`node ${holder}`, 64),
    identifier: Buffer.from(bytesOf(`identifier ${index}/${holder}`, 32)).toString('hex'),
    publicShare: bytesOf(`public share ${index}/${holder}`, 64),
  }));
  return {
    documentId: documentIdOf(index),
    threshold: 1,
    author: bytesOf(`author ${index}`, 20),
    serverKey: bytesOf(`server key ${index}`, 64),
    holders,
    share: bytesOf(`share ${index}`, 32),
    documentKey: null,
    createdAt: 1_700_000_000_000 + index,
  };
}

/** The document key the tests store under document `index`. */
export function documentKeyOf(index: number): StoredDocumentKey {
  return { commonPoint: bytesOf(`common ${index}`, 64), encryptedPoint: bytesOf(`encrypted ${index}`, 64) };
}

/** An ACL record for document `index` at `version` with `readerCount` sorted readers. */
export function aclOf(index: number, version: number, readerCount = 2): AclRecord {
  const readers = Array.from({ length: readerCount }, (_, reader) => bytesOf(`reader ${index}/${reader}`, 20)).sort((a, b) => Buffer.compare(a, b));
  return { documentId: documentIdOf(index), version, readers, signature: bytesOf(`signature ${index}/${version}`, 65) };
}

/** An audit entry for document `index` at `time`. */
export function auditOf(index: number, time: number, reason = `attempt at ${time}`): AuditEntry {
  return { documentId: documentIdOf(index), requester: bytesOf(`requester ${time}`, 20), time, allowed: time % 2 === 0, reason, route: time % 3 === 0 ? 'shadow' : 'partial' };
}

/** Runs `body` on the database folder opened directly with classic-level (the store must be closed). */
export async function withRawDatabase<T>(dir: string, body: (db: ClassicLevel<string, Uint8Array>) => Promise<T>): Promise<T> {
  const db = new ClassicLevel<string, Uint8Array>(dir, { keyEncoding: 'utf8', valueEncoding: 'view' });
  await db.open();
  try {
    return await body(db);
  } finally {
    await db.close();
  }
}

/** The names of the files in `dir` whose bytes contain `needle`. */
export async function filesContaining(dir: string, needle: Uint8Array): Promise<string[]> {
  const found: string[] = [];
  for (const name of await readdir(dir)) {
    const bytes = await readFile(path.join(dir, name));
    if (bytes.indexOf(needle) !== -1) found.push(name);
  }
  return found;
}
