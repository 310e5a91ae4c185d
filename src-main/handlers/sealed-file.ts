// A sealed file's header facts, read without any key: what opening and re-sealing look at first.
import { open as openFile } from 'node:fs/promises';
import { inspectAge } from '../domain/seal/age/inspect.ts';
import { readFileBlocks } from '../domain/seal/file-io.ts';
import { toSealdropError } from '../domain/seal/fs-errors.ts';

/** The header (stanzas) and size of `file`; 'input-not-found' when it is not there. */
export async function inspectFile(file: string): Promise<Awaited<ReturnType<typeof inspectAge>> & { size: number }> {
  const handle = await openFile(file, 'r').catch((error: unknown) => {
    throw toSealdropError(error, `reading "${file}"`);
  });
  try {
    const { size } = await handle.stat();
    return { ...(await inspectAge(readFileBlocks(handle), { totalBytes: size })), size };
  } finally {
    await handle.close();
  }
}
