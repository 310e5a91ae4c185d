/** Shared helpers for the archive tests: temp folders, packing to memory, crafting raw tar streams. */
import { pack as createPack } from 'tar-stream';
import type { Header } from 'tar-stream';
import { planArchive } from '../../../src-main/domain/seal/archive/plan.ts';
import { packArchive } from '../../../src-main/domain/seal/archive/pack.ts';
import type { PackOptions } from '../../../src-main/domain/seal/archive/pack.ts';
import { withTempDir as withTempFolder } from '../../support/temp.ts';

/** Runs `body` with a fresh temporary folder that is removed afterwards. */
export function withTempDir<T>(body: (dir: string) => Promise<T>): Promise<T> {
  return withTempFolder(body, 'sealdrop-archive-');
}

/** Plans and packs `paths` into one buffer. */
export async function packToBuffer(paths: readonly string[], options?: PackOptions): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of packArchive(await planArchive(paths), options)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** An entry for craftTar: a header plus optional contents. */
export interface CraftedEntry {
  readonly header: Partial<Header> & Pick<Header, 'name'>;
  readonly body?: string;
}

/** Builds a raw tar stream with tar-stream directly, bypassing all of Sealdrop's checks. */
export async function craftTar(entries: readonly CraftedEntry[]): Promise<Buffer> {
  const pack = createPack();
  for (const entry of entries) {
    if (entry.body === undefined) pack.entry({ mode: 0o644, ...entry.header });
    else pack.entry({ mode: 0o644, ...entry.header }, entry.body);
  }
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const chunk of pack as AsyncIterable<Buffer>) chunks.push(chunk);
  return Buffer.concat(chunks);
}

/** Yields a buffer in small pieces, as decryption would. */
export async function* chunked(data: Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < data.length; offset += size) yield data.subarray(offset, offset + size);
}
