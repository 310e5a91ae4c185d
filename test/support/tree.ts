import { createHash } from 'node:crypto';
import { lstat, readdir, readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/** A folder described entry by entry: type, permission bits, content hash or link target. */
export async function describeTree(root: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (dir: string, prefix: string): Promise<void> => {
    for (const name of (await readdir(dir)).sort()) {
      const full = join(dir, name);
      const rel = prefix ? `${prefix}/${name}` : name;
      const info = await lstat(full);
      const mode = (info.mode & 0o777).toString(8);
      if (info.isSymbolicLink()) result[rel] = `link -> ${await readlink(full)}`;
      else if (info.isDirectory()) {
        result[rel] = `dir ${mode}`;
        await walk(full, rel);
      } else result[rel] = `file ${mode} ${createHash('sha256').update(await readFile(full)).digest('hex')}`;
    }
  };
  await walk(root, '');
  return result;
}
