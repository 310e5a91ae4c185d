// A key server node's persistent store (docs/PROTOCOL.md §8): key share records encrypted at rest,
// owner-signed ACL records and the retrieval audit log, in one classic-level database.
// Consistency rules: every check-then-write on a document id runs under that id's lock (KeyedLock),
// every change that touches several records is one LevelDB batch, and key material is written with
// `sync: true` so an acknowledged share survives a power cut, not just a process crash.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { ClassicLevel } from 'classic-level';
import { SealdropError } from '../../../../../src-shared/errors.ts';
import type { AclRecord, AuditEntry, KeyShareRecord, StoredDocumentKey } from '../records.ts';
import { decodeAclRecord, encodeAclRecord } from './acl-codec.ts';
import { decodeAuditEntry, encodeAuditEntry } from './audit-codec.ts';
import { KeyedLock } from './key-lock.ts';
import { aclKey, auditKey, auditRange, describeDocumentId, documentIdFromShareKey, shareKey, shareRange, timeFromAuditKey } from './key-layout.ts';
import { decodeKeyShareRecord, encodeKeyShareRecord } from './key-share-codec.ts';
import { withLevelErrors } from './level-errors.ts';
import { openValue, sealValue } from './record-cipher.ts';
import { type NodeDatabase, prepareStore } from './store-meta.ts';
import { STORAGE_KEY_LENGTH } from './storage-key.ts';

/** Where the store lives and the key that encrypts its shares (see `deriveStorageKey`). */
export type NodeStoreOptions = { directory: string; storageKey: Uint8Array };

/** Which audit entries to read: from `since` (ms, inclusive), at most `limit` of them. */
export type AuditQuery = { since?: number; limit?: number };

/** Opens (creating if needed) the node database in `directory`; a wrong storage key is 'storage-tampered'. */
export async function openNodeStore(options: NodeStoreOptions): Promise<NodeStore> {
  const { directory } = options;
  if (!(options.storageKey instanceof Uint8Array) || options.storageKey.length !== STORAGE_KEY_LENGTH) {
    throw new SealdropError('bad-argument', `A storage key must be ${STORAGE_KEY_LENGTH} bytes.`);
  }
  // Our own copy: the store wipes it on close without touching the caller's buffer.
  const storageKey = Uint8Array.from(options.storageKey);
  const db: NodeDatabase = new ClassicLevel<string, Uint8Array>(directory, { keyEncoding: 'utf8', valueEncoding: 'view', createIfMissing: true });
  await withLevelErrors('opening the database', directory, () => db.open());
  try {
    const openCount = await prepareStore(db, storageKey, directory);
    return new NodeStore(db, storageKey, directory, openCount);
  } catch (error) {
    // Release the LevelDB lock so the caller can retry (e.g. with the right key); the open error
    // is the one that matters, so a failure to close here is deliberately not reported over it.
    await db.close().catch(() => undefined);
    storageKey.fill(0);
    throw error;
  }
}

/** The open store of one node. Obtain it from `openNodeStore`; every method is async. */
export class NodeStore {
  readonly #db: NodeDatabase;
  readonly #storageKey: Uint8Array;
  readonly #directory: string;
  readonly #lock = new KeyedLock();
  readonly #inFlight = new Set<Promise<unknown>>();
  /** High part of audit sequence numbers (see store-meta.ts); the low part counts appends. */
  readonly #auditSequenceBase: bigint;
  #auditCounter = 0n;
  #closed = false;

  /** Use `openNodeStore`; this constructor assumes an opened, prepared database. */
  constructor(db: NodeDatabase, storageKey: Uint8Array, directory: string, openCount: number) {
    this.#db = db;
    this.#storageKey = storageKey;
    this.#directory = directory;
    this.#auditSequenceBase = BigInt(openCount) << 48n;
  }

  /** The key share record of `documentId`, or null; a record that fails to open is 'storage-tampered'. */
  async getKey(documentId: Uint8Array): Promise<KeyShareRecord | null> {
    return this.#track(() => this.#readKey(documentId));
  }

  /** Whether a key share record exists for `documentId` (without decrypting it). */
  async hasKey(documentId: Uint8Array): Promise<boolean> {
    const key = shareKey(documentId);
    return this.#track(() => this.#level(`looking up document ${describeDocumentId(documentId)}`, () => this.#db.has(key)));
  }

  /** Stores a newly generated key share; refuses an existing document id with 'server-key-exists'. */
  async putKey(record: KeyShareRecord): Promise<void> {
    const key = shareKey(record.documentId);
    const name = describeDocumentId(record.documentId);
    // Encode before taking the lock: a malformed record fails fast and never waits behind others.
    const sealed = this.#seal(key, encodeKeyShareRecord(record));
    return this.#track(() =>
      this.#lock.run(key, async () => {
        if (await this.#level(`looking up document ${name}`, () => this.#db.has(key))) {
          throw new SealdropError('server-key-exists', `A server key with document id ${name} already exists on this node.`, { documentId: name });
        }
        await this.#level(`storing the key share of document ${name}`, () => this.#db.put(key, sealed, { sync: true }));
      }),
    );
  }

  /** Sets the document key once: 'server-key-not-found' without a share, 'document-key-exists' if set. */
  async setDocumentKey(documentId: Uint8Array, documentKey: StoredDocumentKey): Promise<void> {
    const key = shareKey(documentId);
    const name = describeDocumentId(documentId);
    const copy = { commonPoint: Uint8Array.from(documentKey.commonPoint), encryptedPoint: Uint8Array.from(documentKey.encryptedPoint) };
    return this.#track(() =>
      this.#lock.run(key, async () => {
        const record = await this.#readKey(documentId);
        if (record === null) throw new SealdropError('server-key-not-found', `No server key with document id ${name} is held by this node.`, { documentId: name });
        try {
          if (record.documentKey !== null) {
            throw new SealdropError('document-key-exists', `A document key is already stored under document id ${name}.`, { documentId: name });
          }
          const sealed = this.#seal(key, encodeKeyShareRecord({ ...record, documentKey: copy }));
          await this.#level(`storing the document key of ${name}`, () => this.#db.put(key, sealed, { sync: true }));
        } finally {
          record.share.fill(0);
        }
      }),
    );
  }

  /** Removes a key share and its ACL in one batch (rolls back an aborted generation); true if it existed. */
  async deleteKey(documentId: Uint8Array): Promise<boolean> {
    const key = shareKey(documentId);
    const name = describeDocumentId(documentId);
    return this.#track(() =>
      this.#lock.run(key, async () => {
        if (!(await this.#level(`looking up document ${name}`, () => this.#db.has(key)))) return false;
        // The ACL goes too: a later key under the same id must not inherit the old author's list.
        // The audit log stays: it records what happened and is never rewritten.
        const operations = [
          { type: 'del' as const, key },
          { type: 'del' as const, key: aclKey(documentId) },
        ];
        await this.#level(`deleting the key share of document ${name}`, () => this.#db.batch(operations, { sync: true }));
        return true;
      }),
    );
  }

  /** How many key shares this node holds (for the node status screen). */
  async countKeys(): Promise<number> {
    return this.#track(async () => (await this.#listShareKeys()).length);
  }

  /** The document ids of every key share held, in byte order. */
  async listDocumentIds(): Promise<Uint8Array[]> {
    return this.#track(async () => (await this.#listShareKeys()).map(documentIdFromShareKey));
  }

  /** The newest stored ACL record of `documentId`, or null. */
  async getAcl(documentId: Uint8Array): Promise<AclRecord | null> {
    const key = aclKey(documentId);
    return this.#track(async () => {
      const bytes = await this.#level(`reading the ACL of document ${describeDocumentId(documentId)}`, () => this.#db.get(key));
      return bytes === undefined ? null : decodeAclRecord(bytes, documentId);
    });
  }

  /** Keeps `record` only if its version is strictly newer than the stored one, else 'acl-stale'. The caller verifies the signature. */
  async putAcl(record: AclRecord): Promise<void> {
    const key = aclKey(record.documentId);
    const name = describeDocumentId(record.documentId);
    const encoded = encodeAclRecord(record);
    return this.#track(() =>
      // Same lock as the key share: deleteKey removes both, and must not interleave with this check.
      this.#lock.run(shareKey(record.documentId), async () => {
        const stored = await this.#level(`reading the ACL of document ${name}`, () => this.#db.get(key));
        const current = stored === undefined ? null : decodeAclRecord(stored, record.documentId);
        if (current !== null && record.version <= current.version) {
          throw new SealdropError('acl-stale', `ACL version ${record.version} of document ${name} is not newer than the stored version ${current.version}.`, {
            documentId: name,
            version: record.version,
            storedVersion: current.version,
          });
        }
        // Synced: a node that acknowledged a revocation must not forget it after a power cut.
        await this.#level(`storing the ACL of document ${name}`, () => this.#db.put(key, encoded, { sync: true }));
      }),
    );
  }

  /** Appends one retrieval attempt to the audit log. */
  async appendAudit(entry: AuditEntry): Promise<void> {
    const encoded = encodeAuditEntry(entry);
    // Taken synchronously, so concurrent appends in one millisecond keep their call order.
    const sequence = this.#auditSequenceBase + this.#auditCounter++;
    const key = auditKey(entry.documentId, entry.time, sequence);
    // Not synced: the log is written on every retrieval; a power cut may lose its last entries,
    // which costs far less than an fsync per request. A process crash loses nothing (OS cache).
    return this.#track(() => this.#level(`appending to the audit log of ${describeDocumentId(entry.documentId)}`, () => this.#db.put(key, encoded)));
  }

  /** The audit entries of `documentId` in time order (ties in append order), optionally from `since`, at most `limit`. */
  async readAudit(documentId: Uint8Array, query: AuditQuery = {}): Promise<AuditEntry[]> {
    const range = auditRange(documentId, query.since ?? 0);
    const limit = query.limit ?? -1;
    if (!Number.isSafeInteger(limit) || limit < -1) throw new SealdropError('bad-argument', 'An audit limit must be a non-negative integer.');
    return this.#track(() =>
      this.#level(`reading the audit log of ${describeDocumentId(documentId)}`, async () => {
        const entries: AuditEntry[] = [];
        for await (const [key, value] of this.#db.iterator({ ...range, limit })) {
          entries.push(decodeAuditEntry(value, documentId, timeFromAuditKey(key, documentId)));
        }
        return entries;
      }),
    );
  }

  /** Bytes the database folder takes on disk (all LevelDB files, logs included). */
  async sizeOnDisk(): Promise<number> {
    return this.#track(async () => {
      try {
        const names = await readdir(this.#directory);
        const sizes = await Promise.all(names.map((name) => fileSize(path.join(this.#directory, name))));
        return sizes.reduce((total, size) => total + size, 0);
      } catch (cause) {
        throw new SealdropError('io-failed', `Cannot measure the key database at ${this.#directory}.`, { directory: this.#directory }, { cause });
      }
    });
  }

  /** Waits for running operations, closes the database and wipes the storage key; later calls fail. */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    // Operations already accepted finish (or fail) first, so no acknowledged write is cut off.
    await Promise.allSettled([...this.#inFlight]);
    this.#storageKey.fill(0);
    await withLevelErrors('closing the database', this.#directory, () => this.#db.close());
  }

  async #readKey(documentId: Uint8Array): Promise<KeyShareRecord | null> {
    const key = shareKey(documentId);
    const name = describeDocumentId(documentId);
    const sealed = await this.#level(`reading the key share of document ${name}`, () => this.#db.get(key));
    if (sealed === undefined) return null;
    const plaintext = openValue(this.#storageKey, key, sealed, `The key share of document ${name}`, { documentId: name });
    try {
      return decodeKeyShareRecord(plaintext, documentId);
    } finally {
      plaintext.fill(0);
    }
  }

  async #listShareKeys(): Promise<string[]> {
    return this.#level('listing the key shares', () => this.#db.keys(shareRange()).all());
  }

  /** Encrypts an encoded record and wipes the plaintext encoding. */
  #seal(key: string, plaintext: Uint8Array): Uint8Array {
    try {
      return sealValue(this.#storageKey, key, plaintext);
    } finally {
      plaintext.fill(0);
    }
  }

  #level<T>(action: string, call: () => Promise<T>): Promise<T> {
    return withLevelErrors(action, this.#directory, call);
  }

  /** Refuses work after close and remembers running work so close can wait for it. */
  #track<T>(work: () => Promise<T>): Promise<T> {
    if (this.#closed) return Promise.reject(new SealdropError('io-failed', 'The node store is closed.', { directory: this.#directory }));
    // A synchronous throw inside `work` becomes a rejection like any other failure.
    const running = new Promise<T>((resolve) => resolve(work()));
    this.#inFlight.add(running);
    const forget = (): void => {
      this.#inFlight.delete(running);
    };
    running.then(forget, forget);
    return running;
  }
}

/** A file's size, or 0 when it vanished since the folder was listed (LevelDB deletes old files as it compacts). */
async function fileSize(file: string): Promise<number> {
  try {
    return (await stat(file)).size;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
}
