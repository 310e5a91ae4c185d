// "Sealed by me": a small index of the documents sealed from this computer, so the app can list
// them and manage who may open each without the .sealdrop file at hand. Kept in
// `<dataDir>/documents/sealed.json` (mode 600), written atomically, read with a schema (a damaged
// index is reported, never silently replaced). Nothing secret: ids, names, addresses, paths.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { SealdropError } from '../../../src-shared/errors.ts';
import { writePrivateFile } from '../identity/private-file.ts';
import { toSealdropError } from '../seal/fs-errors.ts';

/** Most documents the index keeps; the oldest are dropped beyond it. */
export const MAX_SEALED_DOCUMENTS = 10_000;

const hex32 = z.string().regex(/^0x[0-9a-f]{64}$/);
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/);

const documentSchema = z.strictObject({
  documentId: hex32,
  name: z.string().max(1000),
  size: z.number().int().min(0),
  sealedAt: z.string().max(40),
  recipients: z.array(address).max(1000),
  network: hex32,
  networkName: z.string().max(1000).nullable(),
  threshold: z.number().int().min(0).max(999),
  output: z.string().max(4096),
  /** The document that replaced it, when it was re-sealed under a new key. */
  replacedBy: hex32.optional(),
});

const indexSchema = z.strictObject({ sealdropDocuments: z.literal(1), documents: z.array(documentSchema).max(MAX_SEALED_DOCUMENTS) });

/** One document sealed from this computer. */
export type SealedDocument = z.infer<typeof documentSchema>;

/** The index of one data folder. */
export type SealedDocuments = {
  /** Every document, newest first. */
  list(): Promise<SealedDocument[]>;
  /** The document with this id (0x + 64 lowercase hex), or null. */
  find(documentId: string): Promise<SealedDocument | null>;
  /** Adds (or replaces, by id) a document. */
  add(document: SealedDocument): Promise<void>;
  /** Records who may open a document now (after a grant or revoke); false when it is not in the index. */
  setRecipients(documentId: string, recipients: readonly string[]): Promise<boolean>;
  /** Records that a document was re-sealed as `replacement`; false when it is not in the index. */
  markReplaced(documentId: string, replacement: string): Promise<boolean>;
};

/** Where the index lives. */
export function sealedDocumentsPath(dataDir: string): string {
  return join(dataDir, 'documents', 'sealed.json');
}

/** The index of `dataDir`. Changes made through one object are applied one after another. */
export function sealedDocuments(dataDir: string): SealedDocuments {
  const file = sealedDocumentsPath(dataDir);
  // Why a queue: two seals finishing together must not both read the old index and lose one entry.
  let queue: Promise<unknown> = Promise.resolve();
  const serialized = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };

  async function read(): Promise<SealedDocument[]> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw toSealdropError(error, `reading ${file}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (cause) {
      throw new SealdropError('storage-tampered', `The list of sealed documents (${file}) is not valid JSON.`, { path: file }, { cause });
    }
    const parsed = indexSchema.safeParse(json);
    if (!parsed.success) throw new SealdropError('storage-tampered', `The list of sealed documents (${file}) is malformed.`, { path: file });
    return parsed.data.documents;
  }

  async function write(documents: SealedDocument[]): Promise<void> {
    const index = { sealdropDocuments: 1 as const, documents: documents.slice(0, MAX_SEALED_DOCUMENTS) };
    await writePrivateFile(file, `${JSON.stringify(indexSchema.parse(index), null, 2)}\n`, { overwrite: true });
  }

  /** Changes one document in place; false when it is not in the index. */
  function update(documentId: string, change: (found: SealedDocument) => SealedDocument): Promise<boolean> {
    return serialized(async () => {
      const documents = await read();
      const index = documents.findIndex((d) => d.documentId === documentId.toLowerCase());
      const found = documents[index];
      if (found === undefined) return false;
      documents[index] = change(found);
      await write(documents);
      return true;
    });
  }

  return {
    list: () => serialized(read),
    find: (documentId) => serialized(async () => (await read()).find((d) => d.documentId === documentId.toLowerCase()) ?? null),
    add: (document) =>
      serialized(async () => {
        const checked = documentSchema.parse({ ...document, documentId: document.documentId.toLowerCase(), network: document.network.toLowerCase() });
        const rest = (await read()).filter((d) => d.documentId !== checked.documentId);
        await write([checked, ...rest]);
      }),
    setRecipients: (documentId, recipients) => update(documentId, (found) => ({ ...found, recipients: [...recipients] })),
    markReplaced: (documentId, replacement) => update(documentId, (found) => ({ ...found, replacedBy: replacement.toLowerCase() })),
  };
}
